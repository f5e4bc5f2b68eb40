/**
 * A word-by-word English gloss of an Arabic sentence, for readers who do not read Arabic: not a
 * translation (the words keep their Arabic order and each has one English sense, or two), and never
 * more than its sources know. Each piece, left to right:
 * - a number, amount, percentage or date in English (numbers.ts): "$123 billion", "8 February";
 * - a name the articles give someone, in Latin script (latin-names.ts): "Yuri Ushakov";
 * - a grammatical expression or word from their table (function-words.ts): "بعضنا البعض" -> "each
 *   other";
 * - a phrase or word the English->Arabic dictionary has, read backwards (reverse-dictionary.ts),
 *   after its clitics (و ف ب ل ك س ال, and pronoun and plural endings) come off: "وللصحفيين" ->
 *   "and for journalists", when one reading of it is clearly the likely one (word-sense.ts);
 * - anything else as the Arabic word itself: absent rather than wrong. How often each happens is
 *   measured on hand-labelled sentences (gloss-evaluation.ts, test/fixtures/gloss-eval/).
 * Without the dictionary, only numbers and names are in English.
 */
import { ENCLITICS, functionPhrase, functionWord, INFLECTIONS, MAX_FUNCTION_PHRASE_WORDS, PROCLITICS } from './function-words.ts';
import { numberPhraseAt } from './numbers.ts';
import { MAX_PHRASE_WORDS, type ReverseDictionary } from './reverse-dictionary.ts';
import { glossTokens, type GlossToken } from './tokens.ts';
import { chooseSense, DEFAULT_SENSE_SETTINGS, type Reading, type SenseSettings } from './word-sense.ts';

export interface GlossSources {
  /** The dictionary read backwards; null without a dictionary (names and numbers only). */
  dictionary: ReverseDictionary | null;
  /** Names of the articles: normalised Arabic phrase ("يوري اوشاكوف", "اوشاكوف") -> Latin form. */
  names: ReadonlyMap<string, string>;
}

/** The label every front end shows with a gloss: it is not a translation. */
export const GLOSS_LABEL = 'word-by-word gloss';
/** The label of a translation by a model (translation/). */
export const TRANSLATION_LABEL = 'machine translation';

/** The label of a passage's English: it says whether it is a translation or only a gloss. */
export function englishLabel(kind: 'gloss' | 'translation'): string {
  return kind === 'translation' ? TRANSLATION_LABEL : GLOSS_LABEL;
}

/** Words a name phrase may have, at most ("فلاديمير بوتين", "شي جين بينغ"). */
const MAX_NAME_WORDS = 4;

const PUNCTUATION: Record<string, string> = { '،': ',', '؛': ';', '؟': '?', '٪': '%', '«': '“', '»': '”' };
/** Symbols English writes right after the word before them. */
const CLOSING = new Set([',', '.', ';', ':', '?', '!', ')', ']', '%']);

/**
 * One piece of a gloss: tokens `from`..`to` (exclusive) of glossTokens(sentence), and what is
 * shown for them: English (`english`), or the text as written (an unknown word, a symbol).
 */
export interface GlossPart {
  from: number;
  to: number;
  text: string;
  english: boolean;
  /** Space before it, as in the text. */
  spaced: boolean;
  symbol: boolean;
}

export function glossSentence(sentence: string, sources: GlossSources): string {
  return join(glossParts(sentence, sources));
}

/** The gloss of a sentence piece by piece, each with the tokens it stands for (see GlossPart). */
export function glossParts(sentence: string, sources: GlossSources): GlossPart[] {
  const tokens = glossTokens(sentence);
  const parts: GlossPart[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token.kind === 'symbol') {
      const text = PUNCTUATION[token.text] ?? token.text;
      parts.push({ from: i, to: i + 1, text, english: false, spaced: token.spaced, symbol: true });
      i += 1;
      continue;
    }
    const phrase = numberPhraseAt(tokens, i) ?? namePhraseAt(tokens, i, sources.names) ?? phraseAt(tokens, i, sources.dictionary);
    if (phrase) {
      parts.push({ from: i, to: phrase.to, text: phrase.english, english: true, spaced: token.spaced, symbol: false });
      i = phrase.to;
      continue;
    }
    const english = glossWord(token, sources.dictionary, { previous: tokens[i - 1] });
    parts.push({ from: i, to: i + 1, text: english ?? token.text, english: english !== undefined, spaced: token.spaced, symbol: false });
    i += 1;
  }
  return parts;
}

function join(pieces: readonly GlossPart[]): string {
  let out = '';
  let previousSymbol = false;
  for (const piece of pieces) {
    const attach = out === '' || (piece.symbol && (CLOSING.has(piece.text) || !piece.spaced)) || (!piece.spaced && previousSymbol);
    previousSymbol = piece.symbol;
    out += attach ? piece.text : ` ${piece.text}`;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Proclitics a name may carry in running text: "وبوتين" is "and Putin". */
const NAME_PREFIXES: [prefix: string, english: string][] = [
  ['وب', 'and by'], ['ول', 'and for'], ['لل', 'for'], ['و', 'and'], ['ف', 'so'], ['ب', 'by'], ['ل', 'for'], ['ك', 'like'],
];

function namePhraseAt(tokens: readonly GlossToken[], i: number, names: ReadonlyMap<string, string>): { to: number; english: string } | undefined {
  if (names.size === 0) return undefined;
  const words: string[] = [];
  for (let k = i; k < tokens.length && words.length < MAX_NAME_WORDS && tokens[k]!.kind === 'word'; k++) words.push(tokens[k]!.normalized);
  for (let length = words.length; length >= 1; length--) {
    const rest = words.slice(1, length).join(' ');
    const phrase = (first: string) => (rest ? `${first} ${rest}` : first);
    const exact = names.get(phrase(words[0]!));
    if (exact) return { to: i + length, english: exact };
    for (const [prefix, english] of NAME_PREFIXES) {
      const first = words[0]!;
      if (!first.startsWith(prefix) || first.length - prefix.length < 2) continue;
      const latin = names.get(phrase(first.slice(prefix.length)));
      if (latin) return { to: i + length, english: `${english} ${latin}` };
    }
  }
  return undefined;
}

/**
 * The longest run of two or more words that is a grammatical expression ("بعضنا البعض" -> "each
 * other") or a phrase the dictionary has ("حقوق الانسان"), its first word with or without
 * proclitics: "والولايات المتحدة" -> "and U.S.".
 */
function phraseAt(tokens: readonly GlossToken[], i: number, dictionary: ReverseDictionary | null): { to: number; english: string } | undefined {
  if (!dictionary) return undefined;
  for (let length = Math.max(MAX_PHRASE_WORDS, MAX_FUNCTION_PHRASE_WORDS); length >= 2; length--) {
    const words = tokens.slice(i, i + length);
    if (words.length < length || words.some((token) => token.kind !== 'word')) continue;
    const rest = words
      .slice(1)
      .map((token) => token.normalized)
      .join(' ');
    for (const { prefix, core, definite } of proclitics(words[0]!.normalized)) {
      const phrase = `${definite ? `ال${core}` : core} ${rest}`;
      const english =
        functionPhrase(phrase) ??
        (length <= MAX_PHRASE_WORDS ? chooseSense([{ form: phrase, prefix: [], cost: 0, clitics: 0 }], { adjective: false, definite: false }, dictionary, PHRASE_SETTINGS)?.english : undefined);
      if (english) return { to: i + length, english: [...prefix, english].join(' ') };
    }
  }
  return undefined;
}

/**
 * A phrase is specific evidence: shown whatever its English word's frequency ("Mideast"), but
 * not when the dictionary gives it several unrelated headwords.
 */
const PHRASE_SETTINGS: SenseSettings = { ...DEFAULT_SENSE_SETTINGS, minScore: Number.NEGATIVE_INFINITY };

/** Where the word stands: an adjective agreeing with the word before it, or not. */
export interface WordPlace {
  /** The word before it, when a word comes right before it. */
  previous?: GlossToken;
}

/**
 * One word: a grammatical word (function-words.ts), alone or after proclitics; else the
 * dictionary's sense for it among all its readings (word-sense.ts); else undefined (shown in
 * Arabic). Words of one or two letters are only ever grammatical words or names.
 */
export function glossWord(token: GlossToken, dictionary: ReverseDictionary | null, place: WordPlace = {}): string | undefined {
  return dictionary ? glossWordWith(token, dictionary, place, chooseSense) : undefined;
}

/** Whether the gloss has any reading of the word (a grammatical word, or one the dictionary lists), confident or not. */
export function isKnownWord(token: GlossToken, dictionary: ReverseDictionary): boolean {
  return glossWordWith(token, dictionary, {}, (readings) => (readings.length > 0 && readings.some((reading) => dictionary.scoredSenses(reading.form).length > 0) ? { english: '', score: 0, share: 1 } : undefined)) !== undefined;
}

function glossWordWith(token: GlossToken, dictionary: ReverseDictionary | null, place: WordPlace, choose: typeof chooseSense): string | undefined {
  // Without the dictionary a gloss is names and numbers: a few grammatical words in English
  // among Arabic ones would only make it harder to read.
  if (!dictionary) return undefined;
  const word = token.normalized;
  // "معًا" is normalised to مع: its written alef tells it from the preposition.
  const written = TANWEEN_ALEF.test(token.text) ? `${word}ا` : word;
  const direct = functionWord(written) ?? functionWord(word);
  if (direct) return direct;
  const splits = proclitics(word);
  for (const { prefix, core } of splits) {
    const grammatical = prefix.length > 0 ? functionWord(core) : undefined;
    if (grammatical) return [...prefix, grammatical].join(' ');
  }
  if (word.length < MIN_BASE) return undefined;
  const context = { adjective: isAgreeingAdjective(token, place.previous), definite: isDefinite(word), adverbial: word.endsWith('ا') || written !== word };
  // The word as written, when the dictionary has it, beats a reading of it as clitic + another
  // word ("بكين" is Beijing, not "by Ken"): fewest clitics off first.
  const readings = readingsOf(splits);
  for (let clitics = 0; clitics <= MAX_CLITICS; clitics++) {
    const level = readings.filter((reading) => reading.clitics === clitics);
    if (level.some((reading) => dictionary.scoredSenses(reading.form).length > 0)) return choose(level, context, dictionary)?.english;
  }
  // No reading is in the dictionary. Another word with the same light stem is no evidence:
  // on the seeds' quotes it was wrong twice as often as right ("المليئة" -> "million").
  return undefined;
}

const TANWEEN_ALEF = /(?:\u064B\u0627|\u0627\u064B)$/u;

/** Shortest part of a word left once an ending is taken off: two letters are too few to mean one word. */
const MIN_BASE = 3;

/** Most proclitics a word carries besides ال: a conjunction, a preposition or the future's س. */
const MAX_CLITICS = 2;
/** … for the word with ال added or taken away: the dictionary lists most nouns with it. */
const ARTICLE_TWIN_COST = 0.7;
/** … for a plural, dual or feminine ending taken off. */
const INFLECTION_COST = 1;
/** … more for ة put in its place: another word, often ("البلد" is not "البلدة"). */
const FEMININE_COST = 0.5;
/** … for a pronoun ending taken off ("محادثاته" -> "his talks"). */
const ENCLITIC_COST = 1;
/** … for an imperfect verb's prefix taken off ("يتفهم" -> تفهم). */
const IMPERFECT_COST = 1.5;

/**
 * Every way to read the word: each proclitic split, the rest with and without ال, without a
 * plural, feminine or pronoun ending, or without an imperfect verb's prefix.
 */
function readingsOf(splits: readonly Split[]): Reading[] {
  const readings: Reading[] = [];
  for (const { prefix, core, definite, clitics } of splits) {
    if (core.length < MIN_BASE) continue;
    // ال is put back on the form looked up: it is no clitic off the word.
    const off = clitics - (definite ? 1 : 0);
    const add = (form: string, cost: number, possessive?: string) => {
      const english = possessive ? [...prefix, possessive] : prefix;
      const noun = possessive !== undefined;
      readings.push({ form: definite ? `ال${form}` : form, prefix: english, cost, noun, clitics: off });
      readings.push({ form: definite ? form : `ال${form}`, prefix: english, cost: cost + ARTICLE_TWIN_COST, noun, clitics: off });
    };
    add(core, 0);
    const withoutInflection = (stem: string, cost: number, possessive?: string) => {
      for (const ending of INFLECTIONS) {
        if (!stem.endsWith(ending) || stem.length - ending.length < MIN_BASE) continue;
        const bare = stem.slice(0, -ending.length);
        add(bare, cost + INFLECTION_COST, possessive);
        add(`${bare}ه`, cost + INFLECTION_COST + FEMININE_COST, possessive);
      }
    };
    withoutInflection(core, 0);
    // A pronoun ending never follows ال: "الخارجية" is not "his outer".
    for (const [suffix, possessive] of definite || core.startsWith('ال') ? [] : ENCLITICS) {
      if (!core.endsWith(suffix) || core.length - suffix.length < MIN_BASE) continue;
      const noun = core.slice(0, -suffix.length);
      add(noun, ENCLITIC_COST, possessive);
      // A feminine noun's ة is written ت before a pronoun: محادثته is محادثة + ه.
      if (noun.endsWith('ت')) add(`${noun.slice(0, -1)}ه`, ENCLITIC_COST, possessive);
      withoutInflection(noun, ENCLITIC_COST, possessive);
    }
    // An imperfect verb's prefix, but not the ت of a verbal noun (تفعيل: "تعزيز" is not ت + عزيز, "darling").
    if (!definite && /^[يتن]/.test(core) && core.length > MIN_BASE && !/^ت..ي.$/.test(core)) {
      add(core.slice(1), IMPERFECT_COST);
      withoutInflection(core.slice(1), IMPERFECT_COST);
    }
  }
  return readings;
}

/** Whether a normalised word carries the article, after any proclitics: "والتعاون", "للصحفيين". */
function isDefinite(word: string): boolean {
  return /^[وف]?[بكل]?ال/.test(word) || /^[وف]?لل/.test(word);
}

/**
 * A ة- or ي-final word right after a content word of the same definiteness is an adjective
 * agreeing with it ("تحالفات عسكرية", "البيئة الدولية"); a noun after a noun differs in
 * definiteness ("مصالح التنمية").
 */
function isAgreeingAdjective(token: GlossToken, previous: GlossToken | undefined): boolean {
  if (!previous || previous.kind !== 'word' || !token.spaced) return false;
  const word = token.normalized;
  if (word.length < 4 || !/[هي]$/.test(word) || /^[وف]/.test(word) && !word.startsWith('ال')) return false;
  if (functionWord(previous.normalized) !== undefined || !/[\u0621-\u064A]/.test(previous.normalized)) return false;
  return isDefinite(word) === isDefinite(previous.normalized);
}

interface Split {
  /** English of the proclitics taken off. */
  prefix: string[];
  core: string;
  /** Whether ال was among them. */
  definite: boolean;
  /** How many proclitics were taken off (ال included). */
  clitics: number;
}

/**
 * The word and the ways to take proclitics off it, fewest letters off first, with their English
 * and whether ال was among them.
 */
function proclitics(word: string): Split[] {
  const out: Split[] = [{ prefix: [], core: word, definite: false, clitics: 0 }];
  const conjunctions: [string, string | undefined][] = [['', undefined], ...Object.entries(PROCLITICS.conjunction)];
  const particles: [string, string | undefined][] = [['', undefined], ...Object.entries(PROCLITICS.preposition), ...Object.entries(PROCLITICS.future)];
  for (const [conjunction, and] of conjunctions) {
    for (const [particle, meaning] of particles) {
      for (const article of ['', 'ال']) {
        // ل before ال drops the alef: لل.
        const written = conjunction + (particle === 'ل' && article === 'ال' ? 'لل' : particle + article);
        if (written === '' || !word.startsWith(written) || word.length - written.length < 2) continue;
        const prefix = [and, meaning].filter((part): part is string => part !== undefined);
        const clitics = [conjunction, particle, article].filter((part) => part !== '').length;
        out.push({ prefix, core: word.slice(written.length), definite: article !== '', clitics });
      }
    }
  }
  return out.sort((a, b) => b.core.length - a.core.length);
}

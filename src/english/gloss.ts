/**
 * A word-by-word English gloss of an Arabic sentence, for readers who do not read Arabic: not a
 * translation (the words keep their Arabic order and each has one English sense), and never more
 * than its sources know. Each piece, left to right:
 * - a number, amount, percentage or date in English (numbers.ts): "$123 billion", "8 February";
 * - a name the articles give someone, in Latin script (latin-names.ts): "Yuri Ushakov";
 * - a phrase or word the English->Arabic dictionary has, read backwards (reverse-dictionary.ts),
 *   after its clitics (و ف ب ل ك س ال, and pronoun and plural endings) come off: "وللصحفيين" ->
 *   "and for journalists"; grammatical words from their table (function-words.ts);
 * - anything else as the Arabic word itself: absent rather than wrong.
 * Without the dictionary, only numbers and names are in English.
 */
import { ENCLITICS, functionWord, INFLECTIONS, PROCLITICS } from './function-words.ts';
import { numberPhraseAt } from './numbers.ts';
import { MAX_PHRASE_WORDS, type ReverseDictionary } from './reverse-dictionary.ts';
import { glossTokens, type GlossToken } from './tokens.ts';

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
    const phrase = numberPhraseAt(tokens, i) ?? namePhraseAt(tokens, i, sources.names) ?? dictionaryPhraseAt(tokens, i, sources.dictionary);
    if (phrase) {
      parts.push({ from: i, to: phrase.to, text: phrase.english, english: true, spaced: token.spaced, symbol: false });
      i = phrase.to;
      continue;
    }
    const english = glossWord(token, sources.dictionary);
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

/** The longest run of two or more words the dictionary has as one phrase ("حقوق الانسان"). */
function dictionaryPhraseAt(tokens: readonly GlossToken[], i: number, dictionary: ReverseDictionary | null): { to: number; english: string } | undefined {
  if (!dictionary) return undefined;
  for (let length = MAX_PHRASE_WORDS; length >= 2; length--) {
    const words = tokens.slice(i, i + length);
    if (words.length < length || words.some((token) => token.kind !== 'word')) continue;
    const english = dictionary.exact(words.map((token) => token.normalized).join(' '));
    if (english) return { to: i + length, english };
  }
  return undefined;
}

/**
 * One word: as it is, then with its proclitics off (fewest first), each time also with a plural,
 * feminine or pronoun ending off or an imperfect verb's prefix; the stem only as a last resort,
 * since unrelated words share stems.
 */
export function glossWord(token: GlossToken, dictionary: ReverseDictionary | null): string | undefined {
  // Without the dictionary a gloss is names and numbers: a few grammatical words in English
  // among Arabic ones would only make it harder to read.
  if (!dictionary) return undefined;
  const word = token.normalized;
  const direct = functionWord(word) ?? dictionary.exact(word);
  if (direct) return direct;
  for (const { prefix, core, definite } of proclitics(word)) {
    const found = (prefix.length > 0 ? functionWord(core) : undefined) ?? coreWord(core, definite, dictionary);
    if (found) return [...prefix, found].join(' ');
  }
  return dictionary.stem(word);
}

/** Shortest part of a word left once an ending is taken off: two letters are too few to mean one word. */
const MIN_BASE = 3;

/**
 * The word as the dictionary may list it: with ال when it had it, without an ending (plural, dual,
 * feminine, then a pronoun: "محادثاته" -> "his talks"), or without an imperfect verb's prefix
 * ("يتفهم" -> تفهم, "understand").
 */
function coreWord(core: string, definite: boolean, dictionary: ReverseDictionary): string | undefined {
  const exact = (form: string) => (definite ? (dictionary.exact(`ال${form}`) ?? dictionary.exact(form)) : (dictionary.exact(form) ?? dictionary.exact(`ال${form}`)));
  const found = exact(core) ?? withoutInflection(core, exact);
  if (found) return found;
  for (const [suffix, possessive] of ENCLITICS) {
    if (!core.endsWith(suffix) || core.length - suffix.length < MIN_BASE) continue;
    const base = core.slice(0, -suffix.length);
    // A feminine noun's ة is written ت before a pronoun: محادثته is محادثة + ه.
    const noun = exact(base) ?? (base.endsWith('ت') ? exact(`${base.slice(0, -1)}ه`) : undefined) ?? withoutInflection(base, exact);
    if (noun) return `${possessive} ${noun}`;
  }
  if (/^[يتن]/.test(core) && core.length > MIN_BASE) {
    const stem = core.slice(1);
    return exact(stem) ?? withoutInflection(stem, exact);
  }
  return undefined;
}

function withoutInflection(core: string, exact: (form: string) => string | undefined): string | undefined {
  for (const ending of INFLECTIONS) {
    if (!core.endsWith(ending) || core.length - ending.length < MIN_BASE) continue;
    const base = core.slice(0, -ending.length);
    const found = exact(base) ?? exact(`${base}ه`);
    if (found) return found;
  }
  return undefined;
}

/**
 * The word and the ways to take proclitics off it, fewest letters off first, with their English
 * and whether ال was among them.
 */
function proclitics(word: string): { prefix: string[]; core: string; definite: boolean }[] {
  const out: { prefix: string[]; core: string; definite: boolean }[] = [{ prefix: [], core: word, definite: false }];
  const conjunctions: [string, string | undefined][] = [['', undefined], ...Object.entries(PROCLITICS.conjunction)];
  const particles: [string, string | undefined][] = [['', undefined], ...Object.entries(PROCLITICS.preposition), ...Object.entries(PROCLITICS.future)];
  for (const [conjunction, and] of conjunctions) {
    for (const [particle, meaning] of particles) {
      for (const article of ['', 'ال']) {
        // ل before ال drops the alef: لل.
        const written = conjunction + (particle === 'ل' && article === 'ال' ? 'لل' : particle + article);
        if (written === '' || !word.startsWith(written) || word.length - written.length < 2) continue;
        const prefix = [and, meaning].filter((part): part is string => part !== undefined);
        out.push({ prefix, core: word.slice(written.length), definite: article !== '' });
      }
    }
  }
  return out.sort((a, b) => b.core.length - a.core.length);
}

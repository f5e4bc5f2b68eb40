/**
 * English -> Arabic word translations from a dictd-format dictionary, by default
 * FreeDict eng-ara as installed by the Debian package `dict-freedict-eng-ara`.
 * The data is GPL: it is read from where the package put it, never copied into
 * this repository. Without it the engine still works, lexically on Arabic only.
 *
 * dictd format: `NAME.index` has one line per entry, `headword\toffset\tlength`,
 * offset and length in dictd's base64 (`A-Za-z0-9+/`, most significant digit
 * first) pointing into `NAME.dict.dz`, a dictzip file (plain gzip to zlib).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isArabicToken, normalizeText, tokenize } from './normalize.ts';

/** Where `dict-freedict-eng-ara` installs the dictionary (without extension). */
export const DEFAULT_DICTIONARY_PATH = '/usr/share/dictd/freedict-eng-ara';

export interface TranslateOptions {
  /**
   * `'first'`: the translations of the first form in `englishLemmaCandidates`
   * that the dictionary has (the word itself when present).
   * `'withBase'`: also those of the first base form it has after the word
   * itself, so that an inflected entry with a poor translation ("said" -> قيل)
   * also brings its base form's ("say" -> قل). Base forms are guessed from
   * spelling, so this adds some noise ("hoping" -> "hope" but "visited" -> "visite").
   * @default 'first'
   */
  forms?: 'first' | 'withBase';
}

export interface BilingualDictionary {
  /**
   * Arabic renderings of an English word, normalised with `normalizeText`, each a
   * phrase of one or more tokens separated by single spaces, in dictionary order,
   * without duplicates. Tries inflection-stripped forms (plural -s/-es/-ies, -ed,
   * -ing, -'s, irregulars like said -> say) when the word itself is missing.
   * Case-insensitive. Empty array when unknown.
   */
  translate(englishWord: string, options?: TranslateOptions): string[];
  /** Number of distinct (lower-cased) headwords. */
  readonly headwordCount: number;
  /**
   * Every entry in index order: the headword as its entry writes it ("Moscow", "White") and its
   * Arabic translations as `translate` gives them. Parses the whole dictionary: for building a
   * reverse (Arabic -> English) dictionary once, not for lookups.
   */
  entries(): Iterable<DictionaryEntryTranslations>;
}

export interface DictionaryEntryTranslations {
  headword: string;
  translations: string[];
}

export type DictionaryLoadResult =
  | { ok: true; dictionary: BilingualDictionary }
  | { ok: false; reason: string };

const DICTD_BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...DICTD_BASE64].map((c, i) => [c, i]));

/** Decodes a dictd index number (base64 digits, most significant first); NaN if malformed. */
export function decodeDictdNumber(digits: string): number {
  if (digits.length === 0) return Number.NaN;
  let value = 0;
  for (const c of digits) {
    const d = BASE64_VALUE.get(c);
    if (d === undefined) return Number.NaN;
    value = value * 64 + d;
  }
  return value;
}

/** dictd indexes headwords lower-cased with punctuation removed ("By-product" -> "byproduct"). */
function indexKey(word: string): string {
  return word
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// English irregular forms -> base form: grammar, not content, so a table is the honest tool.
const IRREGULAR: Record<string, string> = {
  said: 'say', says: 'say', went: 'go', gone: 'go', goes: 'go', met: 'meet', held: 'hold',
  took: 'take', taken: 'take', made: 'make', came: 'come', gave: 'give', given: 'give',
  told: 'tell', found: 'find', thought: 'think', brought: 'bring', bought: 'buy', sold: 'sell',
  left: 'leave', led: 'lead', ran: 'run', saw: 'see', seen: 'see', knew: 'know', known: 'know',
  began: 'begin', begun: 'begin', spoke: 'speak', spoken: 'speak', wrote: 'write',
  written: 'write', won: 'win', lost: 'lose', paid: 'pay', kept: 'keep', sent: 'send',
  spent: 'spend', built: 'build', fell: 'fall', fallen: 'fall', rose: 'rise', risen: 'rise',
  chose: 'choose', chosen: 'choose', broke: 'break', broken: 'break', struck: 'strike',
  sought: 'seek', stood: 'stand', understood: 'understand', became: 'become', got: 'get',
  gotten: 'get', had: 'have', has: 'have', did: 'do', done: 'do', does: 'do', was: 'be',
  were: 'be', is: 'be', are: 'be', been: 'be', drove: 'drive', driven: 'drive', flew: 'fly',
  flown: 'fly', grew: 'grow', grown: 'grow', shot: 'shoot', threw: 'throw', thrown: 'throw',
  felt: 'feel', meant: 'mean', heard: 'hear', laid: 'lay', ate: 'eat', eaten: 'eat',
  drew: 'draw', drawn: 'draw', fought: 'fight', taught: 'teach', caught: 'catch',
  forgot: 'forget', forgotten: 'forget', hid: 'hide', hidden: 'hide', rode: 'ride',
  froze: 'freeze', frozen: 'freeze', sank: 'sink', sunk: 'sink', wore: 'wear', worn: 'wear',
  men: 'man', women: 'woman', children: 'child', people: 'person', feet: 'foot',
  teeth: 'tooth', mice: 'mouse', geese: 'goose', crises: 'crisis', analyses: 'analysis',
  theses: 'thesis', criteria: 'criterion', phenomena: 'phenomenon',
};

const VOWEL = /[aeiou]/;
/** Ends consonant-vowel-consonant (hop, us, enter): "hoping" more likely comes from "hope". */
function endsLikeSilentE(stem: string): boolean {
  return /(^|[^aeiou])[aeiou][^aeiouwxy]$/.test(stem);
}
function undouble(stem: string): string | undefined {
  return /([^aeiou])\1$/.test(stem) ? stem.slice(0, -1) : undefined;
}

/**
 * The word (lower-cased, possessive removed) then the base forms it may be an
 * inflection of, most likely first, without duplicates. Pure guesswork on
 * spelling: the caller keeps the first that its dictionary knows.
 * "talking" -> ["talking", "talk", "talke", ...]; "said" -> ["said", "say"].
 */
export function englishLemmaCandidates(word: string): string[] {
  const out: string[] = [];
  // Stripped forms shorter than 3 letters are mostly abbreviations ("gas" -> "ga").
  const add = (w: string | undefined, minLength = 3): void => {
    if (w !== undefined && w.length >= minLength && VOWEL.test(w) && !out.includes(w)) out.push(w);
  };
  let w = word.trim().toLowerCase().replace(/’/g, "'");
  // Possessives: "Russia's" -> "russia", "countries'" -> "countries".
  w = w.replace(/'s$/, '').replace(/s'$/, 's').replace(/'/g, '');
  if (w.length === 0) return out;
  out.push(w);
  add(IRREGULAR[w], 2);

  if (w.endsWith('ies') && w.length > 4) add(`${w.slice(0, -3)}y`);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) {
    add(w.slice(0, -1));
    if (/(s|x|z|ch|sh|o)es$/.test(w)) add(w.slice(0, -2));
  }
  if (w.endsWith('ed') && w.length > 4) {
    if (w.endsWith('ied')) add(`${w.slice(0, -3)}y`);
    add(w.slice(0, -1)); // hoped -> hope, used -> use
    const stem = w.slice(0, -2);
    add(stem); // talked -> talk
    add(undouble(stem)); // stopped -> stop
  }
  if (w.endsWith('ing') && w.length > 5) {
    const stem = w.slice(0, -3);
    if (endsLikeSilentE(stem)) {
      add(`${stem}e`);
      add(stem);
    } else {
      add(stem);
      add(`${stem}e`);
    }
    add(undouble(stem)); // running -> run
    if (stem.endsWith('y')) add(`${stem.slice(0, -1)}ie`); // lying -> lie
  }
  if (w.endsWith('ly') && w.length > 5) {
    add(w.endsWith('ily') ? `${w.slice(0, -3)}y` : w.slice(0, -2)); // officially -> official
  }
  return out;
}

const SENSE_NUMBER = /^\s*\d+\s*[.)-]\s*/;
const GLOSS_DASH = /\s[-–—]\s/;
const PARENTHESISED = /\([^)]*\)?|\[[^\]]*\]?/g;
const ALTERNATIVES = /[,،;؛/]/;
const LATIN_LETTER = /[A-Za-z]/;
// "اختصار ل X" is "abbreviation of X": keep X.
const ABBREVIATION_OF = /^اختصار (ل )?/;

/**
 * Arabic translations in one dictd entry body: the headword line and any line
 * without Arabic are skipped, sense numbers dropped, a gloss after " - " or ":"
 * and parenthesised remarks removed, alternatives split on , ، ; ؛ /, and each
 * alternative normalised. Alternatives containing Latin words are dropped.
 */
export function parseTranslations(body: string): string[] {
  return translationsOf(body, (piece) => normalizeText(piece));
}

/** parseTranslations of a body normalised whole (normalizeText): one call per entry, not per piece. */
function translationsOf(body: string, normalize: (piece: string) => string): string[] {
  const out: string[] = [];
  for (const rawLine of body.split('\n')) {
    if (!isArabicToken(rawLine)) continue;
    let line = rawLine.replace(SENSE_NUMBER, '');
    line = line.split(GLOSS_DASH)[0] ?? '';
    line = line.split(/[:：]/)[0] ?? '';
    line = line.replace(PARENTHESISED, ' ');
    for (const piece of line.split(ALTERNATIVES)) {
      if (LATIN_LETTER.test(piece)) continue;
      const tokens = tokenize(normalize(piece)).filter(isArabicToken);
      const phrase = tokens.join(' ').replace(ABBREVIATION_OF, '');
      if (phrase.length > 0 && !out.includes(phrase)) out.push(phrase);
    }
  }
  return out;
}

class DictdDictionary implements BilingualDictionary {
  readonly headwordCount: number;
  private readonly parsed = new Map<string, string[]>();

  /**
   * @param indexText the whole `.index` file
   * @param firstLine headword -> offset in `indexText` of its first line; the
   *   index is sorted, so a headword's other lines follow it.
   * @param data the uncompressed `.dict` file
   */
  constructor(
    private readonly indexText: string,
    private readonly firstLine: Map<string, number>,
    private readonly data: Buffer,
  ) {
    this.headwordCount = firstLine.size;
  }

  translate(englishWord: string, options: TranslateOptions = {}): string[] {
    const forms = options.forms ?? 'first';
    const out: string[] = [];
    const [word, ...bases] = englishLemmaCandidates(englishWord);
    if (word === undefined) return out;
    out.push(...this.lookup(word));
    if (out.length > 0 && forms === 'first') return out;
    for (const base of bases) {
      const found = this.lookup(base);
      for (const t of found) if (!out.includes(t)) out.push(t);
      if (found.length > 0) break;
    }
    return out;
  }

  *entries(): Generator<DictionaryEntryTranslations> {
    // Straight down the index, every line once.
    for (let pos = 0; pos < this.indexText.length; ) {
      const end = lineEnd(this.indexText, pos);
      const [headword, offsetDigits, lengthDigits] = this.indexText.slice(pos, end).split('\t');
      pos = end + 1;
      if (headword === undefined || headword.startsWith('00database')) continue;
      const offset = decodeDictdNumber(offsetDigits ?? '');
      const length = decodeDictdNumber(lengthDigits ?? '');
      if (!(offset + length <= this.data.length)) continue;
      const body = this.data.toString('utf8', offset, offset + length);
      // The translations normalised at once, not piece by piece (the headword line has none).
      const translations = translationsOf(normalizeText(body.slice(body.indexOf('\n') + 1)), (piece) => piece);
      if (translations.length > 0) yield { headword: headwordOf(body), translations };
    }
  }

  /** Translations of one exact headword, entries spelled exactly as the key first. */
  private lookup(word: string): string[] {
    const key = indexKey(word);
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const exact: string[] = [];
    const loose: string[] = [];
    for (const body of this.entryBodies(key)) {
      // "A-" is also indexed under "a".
      const headword = headwordOf(body);
      const target = headword.toLowerCase() === key ? exact : loose;
      target.push(...parseTranslations(body));
    }
    const result = [...new Set(exact.length > 0 ? exact : loose)];
    this.parsed.set(key, result);
    return result;
  }

  private *entryBodies(key: string): Generator<string> {
    let pos = this.firstLine.get(key);
    while (pos !== undefined && pos < this.indexText.length) {
      const end = lineEnd(this.indexText, pos);
      const [headword, offsetDigits, lengthDigits] = this.indexText.slice(pos, end).split('\t');
      if (headword !== key) return;
      const offset = decodeDictdNumber(offsetDigits ?? '');
      const length = decodeDictdNumber(lengthDigits ?? '');
      // A malformed line is skipped rather than failing every lookup.
      if (offset + length <= this.data.length) {
        yield this.data.toString('utf8', offset, offset + length);
      }
      pos = end + 1;
    }
  }
}

/** An entry's first line is "Headword /pronunciation/". */
function headwordOf(body: string): string {
  return (body.split('\n', 1)[0] ?? '').replace(/\s*\/[^/]*\/\s*$/, '').trim();
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/**
 * `folder/name.index` or `folder/name` -> `folder/name`; a folder -> its
 * `freedict-eng-ara`, or else its only `.index` file.
 */
function resolveBasePath(path: string): string {
  if (path.endsWith('.index')) return path.slice(0, -'.index'.length);
  if (path.endsWith('.dict.dz')) return path.slice(0, -'.dict.dz'.length);
  if (existsSync(path) && statSync(path).isDirectory()) {
    const indexes = readdirSync(path).filter((f) => f.endsWith('.index'));
    const only = indexes.length === 1 ? indexes[0] : undefined;
    const name = indexes.includes('freedict-eng-ara.index') || only === undefined ? 'freedict-eng-ara' : only.slice(0, -'.index'.length);
    return join(path, name);
  }
  return path;
}

/**
 * Loads a dictd dictionary: the index eagerly (a few tens of ms for FreeDict
 * eng-ara), entry bodies parsed on first lookup. Expected failures (missing or
 * malformed files) are returned as `{ ok: false, reason }`, never thrown.
 * @param path folder holding `freedict-eng-ara.index` and `.dict.dz` (or a
 *   single other `NAME.index` and `NAME.dict.dz`), or the path of the `.index`
 *   file, or the path without extension.
 *   @default DEFAULT_DICTIONARY_PATH
 */
export function loadDictionary(path: string = DEFAULT_DICTIONARY_PATH): DictionaryLoadResult {
  const base = resolveBasePath(path);
  const indexPath = `${base}.index`;
  if (!existsSync(indexPath)) {
    return { ok: false, reason: `dictionary: index file not found: ${indexPath} (from ${path})` };
  }
  const dataPath = [`${base}.dict.dz`, `${base}.dict`].find((p) => existsSync(p));
  if (dataPath === undefined) {
    return { ok: false, reason: `dictionary: data file not found: ${base}.dict.dz` };
  }

  let data: Buffer;
  try {
    const raw = readFileSync(dataPath);
    data = dataPath.endsWith('.dz') ? gunzipSync(raw) : raw;
  } catch (error) {
    return { ok: false, reason: `dictionary: cannot read ${dataPath}: ${(error as Error).message}` };
  }

  // Only headword -> line position here (a full parse costs ~4x more); offsets
  // are decoded at lookup. dictd index keys are already lower-cased.
  const indexText = readFileSync(indexPath, 'utf8');
  const firstLine = new Map<string, number>();
  for (let pos = 0; pos < indexText.length; ) {
    const end = lineEnd(indexText, pos);
    const tab = indexText.indexOf('\t', pos);
    if (tab > pos && tab < end) {
      const headword = indexText.slice(pos, tab);
      if (!headword.startsWith('00database') && !firstLine.has(headword)) firstLine.set(headword, pos);
    } else if (end > pos) {
      return { ok: false, reason: `dictionary: not a dictd index (line without tab at offset ${pos}): ${indexPath}` };
    }
    pos = end + 1;
  }
  if (firstLine.size === 0) return { ok: false, reason: `dictionary: no entries in ${indexPath}` };
  return { ok: true, dictionary: new DictdDictionary(indexText, firstLine, data) };
}

/**
 * Latin names -> the Arabic tokens a corpus spells them with, without a table of
 * names: both scripts are reduced to one alphabet of sound classes and compared
 * with a weighted edit distance. "Putin" and بوتين both become ب و ت ي ن.
 *
 * Class alphabet ("forms"): one Arabic letter stands for each consonant class
 * (ب: b p, ت: t ط, س: s ص ث, ج: j, ه: h ح, خ: kh, د: d ض, ز: z ذ ظ, ر, ش, غ: gh,
 * ف: f v, ك: k q ق, ل, م, ن). Vowels are units of their own: ا (a), ي (e i y),
 * و (o u w), or a digit for a set of qualities (see `VOWEL_UNIT`); ع and ء are
 * the weak vowel `WEAK`. A "skeleton" keeps the consonants only.
 */
import { isArabicToken, normalizeText } from './normalize.ts';

/**
 * Vowel quality set -> the unit character used in forms; the index is a bit
 * set of a = 1, i = 2, u = 4 ("ا", "ي", "و"; "3" is a-or-i, and so on).
 */
const VOWEL_UNIT = ['', 'ا', 'ي', '3', 'و', '5', '6', '7'] as const;
const UNIT_QUALITIES = new Map<string, number>(VOWEL_UNIT.map((c, mask) => [c, mask]));
UNIT_QUALITIES.delete('');
const WEAK = 'ع';
const [, VA = 'ا', VI = 'ي', , VU = 'و'] = VOWEL_UNIT;

const ARABIC_CLASS: Record<string, string> = {
  'ا': VA, 'أ': VA, 'إ': VA, 'آ': VA,
  'ي': VI, 'ى': VI, 'ئ': VI,
  'و': VU, 'ؤ': VU,
  'ع': WEAK, 'ء': WEAK,
  'ب': 'ب', 'پ': 'ب',
  'ت': 'ت', 'ط': 'ت',
  'ث': 'س', 'س': 'س', 'ص': 'س',
  'ج': 'ج', 'چ': 'ج',
  'ح': 'ه', 'ه': 'ه', 'ة': 'ه',
  'خ': 'خ',
  'د': 'د', 'ض': 'د',
  'ذ': 'ز', 'ز': 'ز', 'ظ': 'ز',
  'ر': 'ر',
  'ش': 'ش',
  'غ': 'غ',
  'ف': 'ف', 'ڤ': 'ف',
  'ق': 'ك', 'ك': 'ك', 'گ': 'ك', 'ک': 'ك',
  'ل': 'ل',
  'م': 'م',
  'ن': 'ن',
};

/**
 * Joins units into a form, a repeated vowel unit as one ("ee", "ييي"). Equal
 * consonants stay apart: Latin double letters are merged before reading
 * ("Russell"), and two Latin spellings giving one class are two sounds ("ths"),
 * as are two equal Arabic letters, a doubled one being written once (تطوير).
 */
function joinUnits(units: readonly string[]): string {
  let out = '';
  for (const unit of units) if (!(unit === out[out.length - 1] && isVowelUnit(unit))) out += unit;
  return out;
}

function isVowelUnit(c: string): boolean {
  return UNIT_QUALITIES.has(c) || c === WEAK;
}

function withoutVowels(form: string): string {
  return [...form].filter((c) => !isVowelUnit(c)).join('');
}

const PLAIN_ARABIC = /^[\u0621-\u064A]*$/;

/**
 * Sound-class form of an Arabic token, vowels included. A word-initial ا before
 * و or ي only carries the hamza (أوشاكوف = "u-shakov"); a final ه after two or
 * more letters is read as the vowel a (ta marbuta, or a transliterated final "a").
 */
export function arabicForm(token: string): string {
  // Corpus tokens are already normalised: skip the (costly) normaliser for plain letters.
  const letters = [...(PLAIN_ARABIC.test(token) ? token : normalizeText(token))];
  const units: string[] = [];
  for (const [i, letter] of letters.entries()) {
    const cls = ARABIC_CLASS[letter];
    if (cls === undefined) continue;
    if (i === 0 && cls === VA && (letters[1] === 'و' || letters[1] === 'ي')) continue;
    units.push(cls === 'ه' && i === letters.length - 1 && i >= 2 ? VA : cls);
  }
  return joinUnits(units);
}

/**
 * Consonant skeleton of an Arabic token: vowel letters (ا و ي), ع, ء and a
 * final ه dropped, similar letters folded to one class (ط -> ت, ص/ث -> س,
 * ض -> د, ذ/ظ -> ز, ق -> ك, ح -> ه), so that differently transliterated
 * spellings share it: بوتين and بوتن are both "بتن".
 */
export function arabicSkeleton(token: string): string {
  return withoutVowels(arabicForm(token));
}

/** One Latin sound unit's possible readings (each a list of units), most likely first. */
type Readings = readonly (readonly string[])[];

// Latin consonant spellings -> readings, most likely first. Longest spelling wins.
const LATIN_DIGRAPHS: [string, Readings][] = [
  ['shch', [['ش'], ['ش', 'ت', 'ش']]],
  ['tsch', [['ت', 'ش']]],
  ['sch', [['ش'], ['س', 'ك']]],
  ['tch', [['ت', 'ش']]],
  ['dzh', [['ج']]],
  ['sh', [['ش']]],
  ['ch', [['ت', 'ش'], ['ش'], ['ك'], ['خ']]],
  ['kh', [['خ'], ['ك']]],
  ['gh', [['غ'], []]],
  ['zh', [['ج'], ['ت', 'ش'], ['ش'], ['ز']]],
  ['th', [['س'], ['ت'], ['ز']]],
  ['dh', [['د'], ['ز']]],
  ['ph', [['ف']]],
  ['ts', [['ت', 'س']]],
  ['tz', [['ت', 'س'], ['ت', 'ز']]],
  ['ck', [['ك']]],
  ['ng', [['ن', 'غ'], ['ن'], ['ن', 'ج']]],
];
const LATIN_CONSONANT: Record<string, Readings> = {
  b: [['ب']], d: [['د']], f: [['ف']], h: [['ه'], []], j: [['ج'], ['خ']], k: [['ك']],
  l: [['ل']], m: [['م']], n: [['ن']], p: [['ب']], q: [['ك']], r: [['ر']],
  s: [['س'], ['ز']], t: [['ت']], v: [['ف']], z: [['ز'], ['ت', 'س']],
};
// A lone vowel letter; "i" may be English /ai/ (Biden بايدن), "u" English /a/ (Trump ترامب).
const LATIN_VOWEL: Record<string, Readings> = {
  a: [[VA]], e: [[VI]], i: [[VI], [VA, VI]], o: [[VU]], u: [[VU], [VA]], y: [[VI]],
};
const LATIN_VOWELS = new Set(Object.keys(LATIN_VOWEL));

/** Upper bound on the spelling variants built for one Latin word. */
const MAX_LATIN_FORMS = 256;

/** Latin word -> lower-case a-z only ("Zelenskyy's" -> "zelenskyys"; accents dropped). */
function latinLetters(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/**
 * Readings of a run of vowel letters (a w after a vowel counts as u): each
 * letter's first reading in turn ("ai" -> ا ي, "ou" -> و, "ia" -> ي ا), or, less
 * likely, one unit with all their qualities; a lone letter has its own readings.
 */
function vowelRunReadings(run: string): Readings {
  if (run.length === 1) return LATIN_VOWEL[run] ?? [];
  const each = [...run].map((c) => (c === 'w' ? VU : LATIN_VOWEL[c]?.[0]?.[0] ?? VI));
  let mask = 0;
  for (const unit of each) mask |= UNIT_QUALITIES.get(unit) ?? 0;
  const merged = VOWEL_UNIT[mask] ?? VI;
  const sequence = joinUnits(each);
  return sequence === merged ? [[...sequence]] : [[...sequence], [merged]];
}

/** The readings of each sound unit of a Latin word, left to right. */
function latinReadings(word: string): Readings[] {
  // Double letters are one sound in the Arabic spelling ("Russell" -> راسل).
  const w = latinLetters(word).replace(/([a-z])\1+/g, '$1');
  const out: Readings[] = [];
  let i = 0;
  while (i < w.length) {
    const c = w[i] ?? '';
    const next = w[i + 1] ?? '';
    if (LATIN_VOWELS.has(c)) {
      let end = i + 1;
      // A y or w between vowels starts a syllable (Maya, Iowa); after a vowel elsewhere it is one ("Moscow").
      while (end < w.length && (LATIN_VOWELS.has(w[end] ?? '') || w[end] === 'w') &&
        !('yw'.includes(w[end] ?? '') && LATIN_VOWELS.has(w[end + 1] ?? ''))) end += 1;
      out.push(vowelRunReadings(w.slice(i, end)));
      i = end;
      continue;
    }
    const digraph = LATIN_DIGRAPHS.find(([spelling]) => w.startsWith(spelling, i));
    if (digraph) {
      out.push(digraph[1]);
      i += digraph[0].length;
      continue;
    }
    const nextIsFront = next !== '' && 'eiy'.includes(next);
    if (c === 'w') {
      // Before a vowel, و or ف ("Wagner" فاغنر).
      out.push(LATIN_VOWELS.has(next) ? [[VU], ['ف']] : [[VU]]);
    } else if (c === 'c') {
      out.push(nextIsFront ? [['س'], ['ك']] : [['ك']]);
    } else if (c === 'g') {
      out.push(nextIsFront ? [['ج'], ['غ']] : [['غ'], ['ج'], ['ك']]);
    } else if (c === 'x') {
      // Word-initial x is mostly pinyin (Xi, Xinhua) -> ش; elsewhere "ks".
      out.push(i === 0 ? [['ش'], ['ز'], ['ك', 'س']] : [['ك', 'س'], ['ش']]);
    } else {
      const readings = LATIN_CONSONANT[c];
      if (readings) out.push(readings);
    }
    i += 1;
  }
  return out;
}

/** Cost added to a form for each reading that is not a unit's first. */
const LESS_LIKELY_READING = 0.1;

interface LatinForm {
  form: string;
  /** Sum of `LESS_LIKELY_READING` over the readings chosen. */
  prior: number;
}

function latinFormsWithPriors(word: string): LatinForm[] {
  let partial: { units: string[]; prior: number }[] = [{ units: [], prior: 0 }];
  for (const readings of latinReadings(word)) {
    const next: { units: string[]; prior: number }[] = [];
    for (const p of partial) {
      for (const [k, reading] of readings.entries()) {
        next.push({ units: [...p.units, ...reading], prior: p.prior + (k === 0 ? 0 : LESS_LIKELY_READING) });
      }
    }
    next.sort((a, b) => a.prior - b.prior);
    partial = next.slice(0, MAX_LATIN_FORMS);
  }
  const best = new Map<string, number>();
  for (const { units, prior } of partial) {
    const form = joinUnits(units);
    if (form.length > 0 && (best.get(form) ?? Infinity) > prior) best.set(form, prior);
  }
  return [...best].map(([form, prior]) => ({ form, prior })).sort((a, b) => a.prior - b.prior);
}

/**
 * Sound-class forms of a Latin word, vowels included, one per combination of
 * the readings of its letters (c -> ك/س, g -> غ/ج/ك, ch -> تش/ش/ك/خ,
 * th -> س/ت/ز, x -> ش/كس, w -> و/ف, ...), most likely first, at most 256.
 */
export function latinForms(word: string): string[] {
  return latinFormsWithPriors(word).map((f) => f.form);
}

/**
 * Skeleton candidates of a Latin word in the class alphabet of
 * `arabicSkeleton`, most likely first: "Putin" -> ["بتن"],
 * "Sechin" -> ["ستشن", "سشن", "سكن", ...].
 */
export function latinSkeletons(word: string): string[] {
  return [...new Set(latinForms(word).map(withoutVowels))];
}

/**
 * Strong evidence that an Arabic corpus token (or two, "جين بينغ") writes a Latin name: one of
 * the name's own skeleton readings equals the token's whole skeleton, with or without its
 * proclitics. Unlike `NameMatcher`, no near consonants: Biden (بدن) is never بوتين (بتن).
 */
export function sameNameSkeleton(latin: string, arabic: string): boolean {
  const readings = new Set(latinSkeletons(latin.toLowerCase()));
  const phrase = arabic.split(' ');
  const stems = (token: string) => arabicStems(token).map(({ stem }) => arabicSkeleton(stem));
  // A phrase keeps its proclitics only on the first word.
  const candidates = stems(phrase[0]!).map((first) => first + phrase.slice(1).map(arabicSkeleton).join(''));
  return candidates.some((skeleton) => skeleton.length > 0 && readings.has(skeleton));
}

// Pairs of consonant classes that transliterations confuse: t/d, s/z/sh, the g sounds, h/kh.
const NEAR_PAIRS = ['تد', 'سز', 'سش', 'جش', 'جغ', 'غك', 'جك', 'هخ', 'خك'];
const NEAR = new Set(NEAR_PAIRS.flatMap(([a, b]) => [`${a}${b}`, `${b}${a}`]));

/**
 * Costs of the weighted edit distance from a Latin form to an Arabic one;
 * consonant insertions, deletions and other substitutions cost 1.
 */
const COST = {
  /** A Latin vowel the Arabic spelling leaves out: common (واشنطن for Washington). */
  latinVowelDropped: 0.25,
  /** An Arabic vowel letter with no Latin vowel: rarer, transliterations write what is said. */
  arabicVowelAdded: 0.45,
  /** Two vowel units without a quality in common (o for ي). */
  vowelQuality: 0.3,
  /** ع or ء read as a Latin vowel: possible, less usual in foreign names. */
  weakForVowel: 0.25,
  /** Substituting two consonant classes in `NEAR_PAIRS`. */
  near: 0.35,
} as const;

function latinDropCost(c: string): number {
  return isVowelUnit(c) ? COST.latinVowelDropped : 1;
}
function arabicAddCost(c: string): number {
  return isVowelUnit(c) ? COST.arabicVowelAdded : 1;
}
function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  const qa = UNIT_QUALITIES.get(a);
  const qb = UNIT_QUALITIES.get(b);
  if (qa !== undefined && qb !== undefined) return (qa & qb) !== 0 ? 0 : COST.vowelQuality;
  const va = isVowelUnit(a);
  const vb = isVowelUnit(b);
  if (va && vb) return COST.weakForVowel;
  if (va || vb) return 1;
  return NEAR.has(`${a}${b}`) ? COST.near : 1;
}

// The costs above as tables indexed by char code (units are Arabic letters or
// digits, all below U+0700), since matching runs thousands of distances per query.
const CODE_LIMIT = 0x700;
const UNITS = [...new Set([...Object.values(ARABIC_CLASS), ...VOWEL_UNIT.filter((u) => u !== '')])];
const UNIT_INDEX = new Int16Array(CODE_LIMIT).fill(-1);
for (const [k, unit] of UNITS.entries()) UNIT_INDEX[unit.charCodeAt(0)] = k;
const DROP = Float64Array.from(UNITS, latinDropCost);
const ADD = Float64Array.from(UNITS, arabicAddCost);
const SUBSTITUTE = Float64Array.from(UNITS.flatMap((a) => UNITS.map((b) => substitutionCost(a, b))));

function unitIndex(form: string, i: number): number {
  const code = form.charCodeAt(i);
  const k = code < CODE_LIMIT ? (UNIT_INDEX[code] ?? -1) : -1;
  if (k < 0) throw new Error(`transliterate: not a class unit: ${form[i]} in ${form}`);
  return k;
}

// Reusable DP rows and unit indexes.
let previousRow = new Float64Array(32);
let currentRow = new Float64Array(32);
let arabicUnits = new Int16Array(32);

/**
 * Weighted Levenshtein distance from a Latin form to an Arabic form (costs in
 * `COST`); also usable between two skeletons.
 */
export function classDistance(latin: string, arabic: string): number {
  const m = latin.length;
  const n = arabic.length;
  if (previousRow.length <= n) {
    previousRow = new Float64Array(2 * n + 2);
    currentRow = new Float64Array(2 * n + 2);
    arabicUnits = new Int16Array(2 * n + 2);
  }
  let previous = previousRow;
  let current = currentRow;
  const size = UNITS.length;
  previous[0] = 0;
  for (let j = 1; j <= n; j++) {
    const k = unitIndex(arabic, j - 1);
    arabicUnits[j] = k;
    previous[j] = (previous[j - 1] ?? 0) + (ADD[k] ?? 1);
  }
  for (let i = 1; i <= m; i++) {
    const xi = unitIndex(latin, i - 1);
    const drop = DROP[xi] ?? 1;
    const row = xi * size;
    current[0] = (previous[0] ?? 0) + drop;
    for (let j = 1; j <= n; j++) {
      const yj = arabicUnits[j] ?? 0;
      const viaDrop = (previous[j] ?? 0) + drop;
      const viaAdd = (current[j - 1] ?? 0) + (ADD[yj] ?? 1);
      const viaSubstitution = (previous[j - 1] ?? 0) + (SUBSTITUTE[row + yj] ?? 1);
      current[j] = Math.min(viaDrop, viaAdd, viaSubstitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[n] ?? 0;
}

function weight(form: string, cost: (c: string) => number): number {
  let total = 0;
  for (const c of form) total += cost(c);
  return total;
}

/**
 * Similarity of a Latin form (with the prior cost of its readings) and an
 * Arabic form: 1 when identical, falling to 0 as the distance reaches the cost
 * of dropping the heavier of the two.
 */
export function formSimilarity(latin: string, arabic: string, prior = 0): number {
  const norm = Math.max(weight(latin, latinDropCost), weight(arabic, arabicAddCost));
  return norm === 0 ? 0 : Math.max(0, 1 - (classDistance(latin, arabic) + prior) / norm);
}

// Proclitics a name can carry in running text: و/ف, then ب/ل/ك, then ال (ل+ال = لل).
const PREFIXES: { prefix: string; morphemes: number }[] = (() => {
  const out = new Map<string, number>();
  for (const conj of ['', 'و', 'ف']) {
    for (const prep of ['', 'ب', 'ل', 'ك']) {
      for (const article of ['', 'ال']) {
        const prefix = conj + (prep === 'ل' && article === 'ال' ? 'لل' : prep + article);
        out.set(prefix, [conj, prep, article].filter((p) => p !== '').length);
      }
    }
  }
  out.delete('');
  return [...out].map(([prefix, morphemes]) => ({ prefix, morphemes })).sort((a, b) => b.prefix.length - a.prefix.length);
})();

/**
 * A token and the stems it may be with proclitics removed (و ف ب ل ك ال and
 * their combinations, leaving 2+ letters), with how many proclitics were removed.
 */
export function arabicStems(token: string): { stem: string; prefix: string; morphemes: number }[] {
  const out = [{ stem: token, prefix: '', morphemes: 0 }];
  for (const { prefix, morphemes } of PREFIXES) {
    if (token.startsWith(prefix) && token.length - prefix.length >= 2) {
      out.push({ stem: token.slice(prefix.length), prefix, morphemes });
    }
  }
  return out;
}

export interface NameMatch {
  /** A corpus token, or two adjacent corpus tokens separated by a space ("جين بينغ"). */
  token: string;
  /** Similarity in [0, 1]; 1 is an exact match of sound classes. */
  score: number;
}

export interface NameMatcherOptions {
  /**
   * Adjacent token pairs of the corpus ("a b" -> count), e.g. from
   * `countVocabulary`. When given, a Latin word may also match two adjacent
   * tokens (Jinping -> جين بينغ): split into two syllables, each matched alone
   * nearly exactly, the pair kept only if it occurs in the corpus.
   * @default undefined (single tokens only)
   */
  bigrams?: ReadonlyMap<string, number>;
  /**
   * Lowest score returned for Latin words with 3+ consonants. Words with 2
   * consonants need an identical skeleton and `minScore + 0.1`; words with 1
   * or of 1-2 letters ("Xi") an identical skeleton and `minScore + 0.15`.
   * @default 0.8
   */
  minScore?: number;
  /**
   * Score taken off a match per proclitic removed to find it (وبوتين: 1,
   * الكرملين: 1, وللصين: 2): names are mostly written bare.
   * @default 0.03
   */
  prefixPenalty?: number;
  /** Score taken off a two-token match. @default 0.03 */
  phrasePenalty?: number;
}

const defaultOptions = {
  minScore: 0.8,
  prefixPenalty: 0.03,
  phrasePenalty: 0.03,
} as const;

interface Candidate {
  token: string;
  frequency: number;
  form: string;
  /** Proclitics removed from `token` to get `form`. */
  morphemes: number;
}

interface Scored {
  token: string;
  score: number;
  frequency: number;
  prefixed: boolean;
}

// A Latin syllable as pinyin writes them: consonant onset, vowels, optional n/ng/r coda.
const LATIN_SYLLABLE = /^[^aeiouy]{1,3}[aeiouy]{1,3}(ng|n|r)?$/;

/**
 * Maps a Latin word to the corpus tokens it probably transliterates, best first.
 * Built once per corpus vocabulary (normalised Arabic tokens -> frequency);
 * non-Arabic tokens are ignored. Tokens are also tried without their
 * proclitics (و ف ب ل ك ال), so "وبوتين" matches "Putin".
 *
 * It cannot tell a name from an English word that sounds like an Arabic one
 * ("that" ~ ذات): callers should ask it about words that look like names.
 */
export class NameMatcher {
  private readonly options: Required<Omit<NameMatcherOptions, 'bigrams'>>;
  private readonly bigrams: ReadonlyMap<string, number> | undefined;
  /** skeleton -> candidates having it */
  private readonly bySkeleton = new Map<string, Candidate[]>();
  /** skeleton length -> skeletons */
  private readonly skeletonsByLength = new Map<number, string[]>();

  constructor(vocabulary: ReadonlyMap<string, number>, options: NameMatcherOptions = {}) {
    this.options = { ...defaultOptions, ...options };
    this.bigrams = options.bigrams;
    for (const [token, frequency] of vocabulary) {
      if (!isArabicToken(token) || !PLAIN_ARABIC.test(token)) continue;
      for (const { stem, morphemes } of arabicStems(token)) {
        const form = arabicForm(stem);
        const skeleton = withoutVowels(form);
        if (skeleton.length === 0) continue;
        const list = this.bySkeleton.get(skeleton);
        const candidate = { token, frequency, form, morphemes };
        if (list) list.push(candidate);
        else {
          this.bySkeleton.set(skeleton, [candidate]);
          const sameLength = this.skeletonsByLength.get(skeleton.length);
          if (sameLength) sameLength.push(skeleton);
          else this.skeletonsByLength.set(skeleton.length, [skeleton]);
        }
      }
    }
  }

  /**
   * Corpus tokens the Latin word probably is, best score first (ties: more
   * frequent first), at most `limit`; [] when nothing is close enough.
   */
  match(latinWord: string, limit = 5): NameMatch[] {
    const letters = latinLetters(latinWord);
    if (letters.length === 0) return [];
    const best = this.matchSingle(letters);
    if (this.bigrams) this.addPhraseMatches(letters, best);
    return [...best.values()]
      .sort((a, b) => b.score - a.score || b.frequency - a.frequency || (a.token < b.token ? -1 : 1))
      .slice(0, limit)
      .map(({ token, score }) => ({ token, score: Math.round(score * 1000) / 1000 }));
  }

  /**
   * How far a corpus skeleton may be from the Latin one, and the lowest score
   * kept: few consonants leave little evidence, so short words must match exactly.
   */
  private limits(consonants: number, shortWord: boolean): { budget: number; minScore: number } {
    const { minScore } = this.options;
    if (shortWord || consonants <= 1) return { budget: 0, minScore: minScore + 0.15 };
    if (consonants === 2) return { budget: 0, minScore: minScore + 0.1 };
    return { budget: Math.max(1, Math.floor(consonants / 3)), minScore };
  }

  private matchSingle(letters: string): Map<string, Scored> {
    const best = new Map<string, Scored>();
    const formsBySkeleton = new Map<string, LatinForm[]>();
    for (const latin of latinFormsWithPriors(letters)) {
      const skeleton = withoutVowels(latin.form);
      const list = formsBySkeleton.get(skeleton);
      if (list) list.push(latin);
      else formsBySkeleton.set(skeleton, [latin]);
    }
    for (const [latinSkeleton, forms] of formsBySkeleton) {
      const length = latinSkeleton.length;
      if (length === 0) continue;
      const { budget, minScore } = this.limits(length, letters.length <= 2);
      const skeletons =
        budget === 0
          ? [latinSkeleton]
          : Array.from({ length: 2 * budget + 1 }, (_, k) => this.skeletonsByLength.get(length - budget + k) ?? []).flat();
      for (const skeleton of skeletons) {
        if (budget > 0 && classDistance(latinSkeleton, skeleton) > budget) continue;
        for (const candidate of this.bySkeleton.get(skeleton) ?? []) {
          let score = 0;
          for (const { form, prior } of forms) score = Math.max(score, formSimilarity(form, candidate.form, prior));
          score -= candidate.morphemes * this.options.prefixPenalty;
          if (score < minScore) continue;
          const previous = best.get(candidate.token);
          if (!previous || previous.score < score) {
            best.set(candidate.token, {
              token: candidate.token,
              score,
              frequency: candidate.frequency,
              prefixed: candidate.morphemes > 0,
            });
          }
        }
      }
    }
    return best;
  }

  /**
   * Two-token matches: the word split into two syllables (Jin|ping), each
   * matched to a bare corpus token nearly exactly, the pair kept only if it
   * occurs in the corpus.
   */
  private addPhraseMatches(letters: string, best: Map<string, Scored>): void {
    const bigrams = this.bigrams;
    if (!bigrams) return;
    const nearlyExact = this.options.minScore + 0.15;
    for (let i = 2; i <= letters.length - 2; i++) {
      const left = letters.slice(0, i);
      const right = letters.slice(i);
      if (!LATIN_SYLLABLE.test(left) || !LATIN_SYLLABLE.test(right)) continue;
      const parts = [left, right].map((part) =>
        [...this.matchSingle(part).values()].filter((m) => !m.prefixed && m.score >= nearlyExact),
      );
      for (const l of parts[0] ?? []) {
        for (const r of parts[1] ?? []) {
          const phrase = `${l.token} ${r.token}`;
          const frequency = bigrams.get(phrase);
          if (frequency === undefined) continue;
          const score = Math.min(l.score, r.score) - this.options.phrasePenalty;
          const previous = best.get(phrase);
          if (!previous || previous.score < score) best.set(phrase, { token: phrase, score, frequency, prefixed: false });
        }
      }
    }
  }
}

/** Token and adjacent-pair counts of normalised, tokenised texts, for `NameMatcher`. */
export function countVocabulary(tokenizedTexts: Iterable<readonly string[]>): {
  tokens: Map<string, number>;
  bigrams: Map<string, number>;
} {
  const tokens = new Map<string, number>();
  const bigrams = new Map<string, number>();
  for (const text of tokenizedTexts) {
    for (const [i, token] of text.entries()) {
      tokens.set(token, (tokens.get(token) ?? 0) + 1);
      const next = text[i + 1];
      if (next !== undefined) {
        const pair = `${token} ${next}`;
        bigrams.set(pair, (bigrams.get(pair) ?? 0) + 1);
      }
    }
  }
  return { tokens, bigrams };
}

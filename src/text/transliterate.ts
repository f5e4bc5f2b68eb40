/**
 * Latin names -> the Arabic tokens a corpus spells them with, without a table of
 * names: both scripts are reduced to one alphabet of sound classes and compared
 * with a weighted edit distance. "Putin" and بوتين both become ب و ت ي ن.
 *
 * Class alphabet ("forms"): one Arabic letter stands for each consonant class
 * (ب: b p, ت: t ط, س: s ص ث, ج: j, ه: h ح, خ: kh, د: d ض, ز: z ذ ظ, ر, ش, غ: gh,
 * ف: f v, ك: k q ق, ل, م, ن). A run of vowels is one unit holding the set of
 * vowel qualities it may stand for, written ا (a), ي (e i y), و (o u w) or a
 * digit for a mix (see `VOWEL_UNIT`). ع and ء are a weak vowel unit `WEAK`.
 * A "skeleton" keeps the consonants only.
 */
import { isArabicToken, normalizeText } from './normalize.ts';

/** Vowel qualities, as bits: a run of vowels is the union of its letters'. */
const A = 1;
const I = 2;
const U = 4;
/** Vowel quality set -> the unit character used in forms. */
const VOWEL_UNIT = ['', 'ا', 'ي', '3', 'و', '5', '6', '7'] as const;
const UNIT_QUALITIES = new Map<string, number>(VOWEL_UNIT.map((c, mask) => [c, mask]));
UNIT_QUALITIES.delete('');
const WEAK = 'ع';

const ARABIC_CONSONANT: Record<string, string> = {
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
const ARABIC_VOWEL: Record<string, number> = {
  'ا': A, 'أ': A, 'إ': A, 'آ': A, 'ي': I, 'ى': I, 'ئ': I, 'و': U, 'ؤ': U,
};

/** A unit of a form: a consonant class, a vowel quality set, or the weak vowel. */
type Unit = string | number;

/**
 * Joins units into a form: vowel runs merge into one unit (their qualities
 * united), doubled consonants ("Russell", Arabic without shadda) into one.
 */
function joinUnits(units: readonly Unit[]): string {
  let out = '';
  let vowels = 0;
  const flush = (): void => {
    if (vowels !== 0) out += VOWEL_UNIT[vowels] ?? '';
    vowels = 0;
  };
  for (const unit of units) {
    if (typeof unit === 'number') {
      vowels |= unit;
      continue;
    }
    flush();
    if (unit !== out[out.length - 1]) out += unit;
  }
  flush();
  return out;
}

function isVowelUnit(c: string): boolean {
  return UNIT_QUALITIES.has(c) || c === WEAK;
}

function withoutVowels(form: string): string {
  return [...form].filter((c) => !isVowelUnit(c)).join('');
}

/**
 * Sound-class form of an Arabic token, vowels included. A final ه after two
 * or more letters is read as a vowel (ta marbuta, or a transliterated final "a").
 */
export function arabicForm(token: string): string {
  const letters = [...normalizeText(token)];
  const units: Unit[] = [];
  for (const [i, letter] of letters.entries()) {
    const vowel = ARABIC_VOWEL[letter];
    const consonant = ARABIC_CONSONANT[letter];
    if (vowel !== undefined) units.push(vowel);
    else if (letter === 'ع' || letter === 'ء') units.push(WEAK);
    else if (consonant === 'ه' && i === letters.length - 1 && i >= 2) units.push(A);
    else if (consonant !== undefined) units.push(consonant);
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

/** One Latin sound unit's possible readings, most likely first. */
type Readings = readonly (readonly Unit[])[];

// Latin spellings -> readings, most likely first. Longest spelling wins.
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
const LATIN_LETTER: Record<string, Readings> = {
  a: [[A]], e: [[I]], i: [[I]], o: [[U]], u: [[U | A]], y: [[I]],
  b: [['ب']], d: [['د']], f: [['ف']], h: [['ه'], []], j: [['ج'], ['خ']], k: [['ك']],
  l: [['ل']], m: [['م']], n: [['ن']], p: [['ب']], q: [['ك']], r: [['ر']],
  s: [['س'], ['ز']], t: [['ت']], v: [['ف']], z: [['ز'], ['ت', 'س']],
};
const LATIN_VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

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

/** The readings of each sound unit of a Latin word, left to right. */
function latinReadings(word: string): Readings[] {
  // Double letters are one sound in the Arabic spelling ("Russell" -> راسل).
  const w = latinLetters(word).replace(/([a-z])\1+/g, '$1');
  const out: Readings[] = [];
  let i = 0;
  while (i < w.length) {
    const c = w[i] ?? '';
    const next = w[i + 1] ?? '';
    const previousIsVowel = i > 0 && LATIN_VOWELS.has(w[i - 1] ?? '');
    const nextIsFront = next !== '' && 'eiy'.includes(next);
    const digraph = LATIN_DIGRAPHS.find(([spelling]) => w.startsWith(spelling, i));
    if (digraph) {
      out.push(digraph[1]);
      i += digraph[0].length;
      continue;
    }
    if (c === 'w') {
      // A vowel after a vowel ("Moscow"); before one, و or ف ("Wagner" فاغنر).
      out.push(previousIsVowel || !LATIN_VOWELS.has(next) ? [[U]] : [[U], ['ف']]);
    } else if (c === 'c') {
      out.push(nextIsFront ? [['س'], ['ك']] : [['ك']]);
    } else if (c === 'g') {
      out.push(nextIsFront ? [['ج'], ['غ']] : [['غ'], ['ج'], ['ك']]);
    } else if (c === 'x') {
      // Word-initial x is mostly pinyin (Xi, Xinhua) -> ش; elsewhere "ks".
      out.push(i === 0 ? [['ش'], ['ز'], ['ك', 'س']] : [['ك', 'س'], ['ش']]);
    } else {
      const readings = LATIN_LETTER[c];
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
  let partial: { units: Unit[]; prior: number }[] = [{ units: [], prior: 0 }];
  for (const readings of latinReadings(word)) {
    const next: { units: Unit[]; prior: number }[] = [];
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

// Pairs of consonant classes that transliterations confuse: t/d, s/z/sh, the g sounds, h/kh.
const NEAR_PAIRS = ['تد', 'سز', 'سش', 'جش', 'جغ', 'غك', 'جك', 'هخ', 'خك', 'بف', 'تس'];
const NEAR = new Set(NEAR_PAIRS.flatMap(([a, b]) => [`${a}${b}`, `${b}${a}`]));

/** Costs of the weighted edit distance; consonant insertions, deletions and other substitutions cost 1. */
const COST = {
  /** Inserting or deleting a vowel unit: Arabic often leaves short vowels unwritten. */
  vowel: 0.3,
  /** Two vowel units without a quality in common (o for ي). */
  vowelQuality: 0.25,
  /** ع or ء read as a Latin vowel: possible, less usual in foreign names. */
  weakForVowel: 0.1,
  /** Substituting two consonant classes in `NEAR_PAIRS`. */
  near: 0.4,
} as const;

function indelCost(c: string): number {
  return isVowelUnit(c) ? COST.vowel : 1;
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

/** Weighted Levenshtein distance between two forms (costs in `COST`). */
export function classDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = new Array<number>(y.length + 1).fill(0);
  let current = new Array<number>(y.length + 1).fill(0);
  for (let j = 1; j <= y.length; j++) previous[j] = (previous[j - 1] ?? 0) + indelCost(y[j - 1] ?? '');
  for (let i = 1; i <= x.length; i++) {
    const xi = x[i - 1] ?? '';
    current[0] = (previous[0] ?? 0) + indelCost(xi);
    for (let j = 1; j <= y.length; j++) {
      const yj = y[j - 1] ?? '';
      current[j] = Math.min(
        (previous[j] ?? 0) + indelCost(xi),
        (current[j - 1] ?? 0) + indelCost(yj),
        (previous[j - 1] ?? 0) + substitutionCost(xi, yj),
      );
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length] ?? 0;
}

function weight(form: string): number {
  let total = 0;
  for (const c of form) total += indelCost(c);
  return total;
}

/**
 * Similarity of a Latin form (with the prior cost of its readings) and an
 * Arabic form: 1 when identical, falling to 0 as the distance reaches the
 * heavier form's weight.
 */
export function formSimilarity(latin: string, arabic: string, prior = 0): number {
  const norm = Math.max(weight(latin), weight(arabic));
  return norm === 0 ? 0 : Math.max(0, 1 - (classDistance(latin, arabic) + prior) / norm);
}

// Proclitics a name can carry in running text: و/ف, then ب/ل/ك, then ال (ل+ال = لل).
const PREFIXES = (() => {
  const out = new Set<string>();
  for (const conj of ['', 'و', 'ف']) {
    for (const prep of ['', 'ب', 'ل', 'ك']) {
      for (const article of ['', 'ال']) {
        out.add(conj + (prep === 'ل' && article === 'ال' ? 'لل' : prep + article));
      }
    }
  }
  out.delete('');
  return [...out].sort((a, b) => b.length - a.length);
})();

/** A token and the stems it may be with its proclitics removed (remainder of 2+ letters). */
export function arabicStems(token: string): { stem: string; prefix: string }[] {
  const out = [{ stem: token, prefix: '' }];
  for (const prefix of PREFIXES) {
    if (token.startsWith(prefix) && token.length - prefix.length >= 2) {
      out.push({ stem: token.slice(prefix.length), prefix });
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
   * Adjacent token pairs of the corpus ("a b" -> count). When given, a Latin word
   * may also match two adjacent tokens (Jinping -> جين بينغ): it is split at a
   * syllable boundary and the pair must occur in the corpus.
   * @default undefined (single tokens only)
   */
  bigrams?: ReadonlyMap<string, number>;
  /**
   * Lowest score returned for Latin words with 3+ consonants; words with 2 need
   * `minScore + 0.05`, shorter ones an exact skeleton and `minScore + 0.1`.
   * @default 0.8
   */
  minScore?: number;
  /** Score taken off a match found only after removing a proclitic (وبوتين). @default 0.02 */
  prefixPenalty?: number;
  /** Score taken off a two-token match. @default 0.03 */
  phrasePenalty?: number;
}

const defaultOptions = {
  minScore: 0.8,
  prefixPenalty: 0.02,
  phrasePenalty: 0.03,
} as const;

interface Candidate {
  token: string;
  frequency: number;
  form: string;
  prefixed: boolean;
}

/**
 * Maps a Latin word to the corpus tokens it probably transliterates, best first.
 * Built once per corpus vocabulary (normalised Arabic tokens -> frequency);
 * non-Arabic tokens are ignored. Tokens are also tried without their
 * proclitics (و ف ب ل ك ال), so "وبوتين" matches "Putin".
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
      if (!isArabicToken(token) || !/^[\u0621-\u064A]+$/.test(token)) continue;
      for (const { stem, prefix } of arabicStems(token)) {
        const form = arabicForm(stem);
        const skeleton = withoutVowels(form);
        if (skeleton.length === 0) continue;
        const list = this.bySkeleton.get(skeleton);
        const candidate = { token, frequency, form, prefixed: prefix !== '' };
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

  /** Lowest acceptable score, stricter for words with few consonants. */
  private threshold(consonants: number): number {
    if (consonants <= 1) return this.options.minScore + 0.1;
    if (consonants === 2) return this.options.minScore + 0.05;
    return this.options.minScore;
  }

  private matchSingle(letters: string): Map<string, { token: string; score: number; frequency: number }> {
    const best = new Map<string, { token: string; score: number; frequency: number }>();
    const forms = latinForms(letters);
    const formsBySkeleton = new Map<string, string[]>();
    for (const form of forms) {
      const skeleton = withoutVowels(form);
      const list = formsBySkeleton.get(skeleton);
      if (list) list.push(form);
      else formsBySkeleton.set(skeleton, [form]);
    }
    const short = letters.length <= 2;
    for (const [latinSkeleton, latinFormsOfSkeleton] of formsBySkeleton) {
      const length = latinSkeleton.length;
      if (length === 0) continue;
      // Consonant budget: none for short words, then about one per three consonants.
      const budget = short || length <= 1 ? 0 : length <= 3 ? 1 : Math.ceil(length / 3);
      const minScore = this.threshold(length);
      for (let l = Math.max(1, length - budget); l <= length + budget; l++) {
        for (const skeleton of this.skeletonsByLength.get(l) ?? []) {
          if (budget === 0 ? skeleton !== latinSkeleton : classDistance(latinSkeleton, skeleton) > budget) continue;
          for (const candidate of this.bySkeleton.get(skeleton) ?? []) {
            let score = 0;
            for (const form of latinFormsOfSkeleton) score = Math.max(score, formSimilarity(form, candidate.form));
            if (candidate.prefixed) score -= this.options.prefixPenalty;
            if (score < minScore) continue;
            const previous = best.get(candidate.token);
            if (!previous || previous.score < score) {
              best.set(candidate.token, { token: candidate.token, score, frequency: candidate.frequency });
            }
          }
        }
      }
    }
    return best;
  }

  /**
   * Two-token matches: the word split where a syllable ends (after a vowel or
   * n/ng/r, before a consonant), each part matched alone, the pair kept only if
   * it occurs in the corpus.
   */
  private addPhraseMatches(
    letters: string,
    best: Map<string, { token: string; score: number; frequency: number }>,
  ): void {
    const bigrams = this.bigrams;
    if (!bigrams) return;
    for (let i = 2; i <= letters.length - 2; i++) {
      const left = letters.slice(0, i);
      const right = letters.slice(i);
      const lastLeft = left[left.length - 1] ?? '';
      const firstRight = right[0] ?? '';
      const syllableEnd = LATIN_VOWELS.has(lastLeft) || 'nr'.includes(lastLeft) || left.endsWith('ng');
      if (!syllableEnd || LATIN_VOWELS.has(firstRight) || firstRight === 'h' || firstRight === 'g') continue;
      if (![...left].some((c) => LATIN_VOWELS.has(c)) || ![...right].some((c) => LATIN_VOWELS.has(c))) continue;
      const leftMatches = [...this.matchSingle(left).values()];
      if (leftMatches.length === 0) continue;
      const rightMatches = [...this.matchSingle(right).values()];
      for (const l of leftMatches) {
        for (const r of rightMatches) {
          const phrase = `${l.token} ${r.token}`;
          const frequency = bigrams.get(phrase);
          if (frequency === undefined) continue;
          const score = Math.min(l.score, r.score) - this.options.phrasePenalty;
          const previous = best.get(phrase);
          if (score >= this.threshold(3) && (!previous || previous.score < score)) {
            best.set(phrase, { token: phrase, score, frequency });
          }
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

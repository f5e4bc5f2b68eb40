/**
 * How far a Latin form is from an Arabic one: a weighted edit distance over sound classes (see
 * `sound-classes.ts`), where the vowels and near consonants transliterations confuse cost less.
 */
import { ARABIC_CLASS, isVowelUnit, UNIT_QUALITIES, VOWEL_UNIT } from './sound-classes.ts';

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

/**
 * How far a Latin spelling ("Putin") is from the rule-based reading of an Arabic name ("Butin"):
 * a weighted edit distance over letters, where the confusions of transliteration are cheap (b/p,
 * f/v, k/c/q, s/z, j/g, one vowel for another), a vowel the Arabic leaves unwritten is cheap
 * ("Takr" -> "Tucker") and one it wrote but the spelling lacks is not. It decides which of the
 * well-known names with the right consonants is meant: Putin, not Boeotian, for بوتين.
 */

function pairKey(a: string, b: string): string {
  return a < b ? a + b : b + a;
}

const VOWELS = new Set([...'aeiouy']);
/** Consonant pairs transliteration confuses (f/p: "ph"); each pair in either order. */
const NEAR_CONSONANTS = new Set(['bp', 'fv', 'fp', 'kc', 'kq', 'cq', 'sz', 'jg', 'td', 'wv', 'xs'].map(([a, b]) => pairKey(a!, b!)));
/** Vowels that stand for one another most often: u/o (و), i/e/y (ي), u/a (Trump ترامب). */
const NEAR_VOWELS = new Set(['uo', 'ie', 'iy', 'ey', 'au'].map(([a, b]) => pairKey(a!, b!)));

const COST = {
  nearConsonant: 0.25,
  nearVowel: 0.15,
  otherVowel: 0.4,
  /** A vowel of the spelling the Arabic does not write (short vowels mostly go unwritten). */
  unwrittenVowel: 0.3,
  /** A second vowel in a row the Arabic does not write: it would have written a long vowel. */
  unwrittenSecondVowel: 0.5,
  /** A vowel the Arabic writes that the spelling lacks: its long vowels are reliable. */
  missingVowel: 0.9,
  /**
   * A vowel missing or added at the start of the word, the most telling sound of a name: Arabic
   * writes a word-initial vowel with an alef (أوشاكوف is not Zhukov, رايان not Aryan).
   */
  firstVowel: 1,
  /** English i or y for the ay Arabic writes for them (Biden بايدن, Ryan رايان). */
  iForAy: 0.15,
  /** An h the spelling adds to a consonant (ph, kh, th) or the Arabic has no letter for. */
  addedH: 0.3,
  /** A doubled letter ("Ella", "Russell": Arabic writes it once) or the c of "ck". */
  doubled: 0.1,
  consonant: 1,
} as const;

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  const va = VOWELS.has(a);
  const vb = VOWELS.has(b);
  if (va && vb) {
    if (NEAR_VOWELS.has(pairKey(a, b))) return COST.nearVowel;
    // y is a vowel only as i: "Kay" is not كاو.
    return a === 'y' || b === 'y' ? COST.consonant : COST.otherVowel;
  }
  if (va !== vb) return COST.consonant;
  return NEAR_CONSONANTS.has(pairKey(a, b)) ? COST.nearConsonant : COST.consonant;
}

/** Cost of a letter of `spelling` that the reading lacks. */
function insertion(letter: string, before: string | undefined, after: string | undefined): number {
  if (before === undefined && VOWELS.has(letter)) return COST.firstVowel;
  if (letter === before || (letter === 'c' && after === 'k')) return COST.doubled;
  if (VOWELS.has(letter)) return before !== undefined && VOWELS.has(before) ? COST.unwrittenSecondVowel : COST.unwrittenVowel;
  if (letter === 'h' && before !== undefined && !VOWELS.has(before)) return COST.addedH;
  return COST.consonant;
}

/** Cost of a letter of the reading that `spelling` lacks. */
function deletion(letter: string, first: boolean): number {
  if (!VOWELS.has(letter)) return COST.consonant;
  return first ? COST.firstVowel : COST.missingVowel;
}

/**
 * The letters a spelling may start with where the reading starts with `letter`: itself, its near
 * consonants (b: b, p), or any vowel for a vowel (a word-initial alef carries any of them).
 */
export function possibleFirstLetters(letter: string): string[] {
  const l = letter.toLowerCase();
  if (VOWELS.has(l)) return [...VOWELS];
  return [l, ...[...NEAR_CONSONANTS].filter((pair) => pair.includes(l)).map((pair) => pair.replace(l, ''))];
}

/** Weighted edit distance from the reading of the Arabic to a spelling, case-insensitive. */
export function spellingDistance(spelling: string, reading: string): number {
  // Latin x is two sounds, k and s, as Arabic writes them (Alexei أليكسي); a final silent e none
  // ("Joe" is جو).
  const a = withoutSilentE(spelling.toLowerCase()).replace(/x/g, 'ks');
  const b = reading.toLowerCase();
  let previous: number[] = new Array<number>(b.length + 1).fill(0);
  for (let j = 1; j <= b.length; j++) previous[j] = previous[j - 1]! + deletion(b[j - 1]!, j === 1);
  for (let i = 1; i <= a.length; i++) {
    const added = insertion(a[i - 1]!, a[i - 2], a[i]);
    const current = [previous[0]! + added];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + added,
        current[j - 1]! + deletion(b[j - 1]!, j === 1),
        previous[j - 1]! + substitution(a[i - 1]!, b[j - 1]!),
        (a[i - 1] === 'i' || a[i - 1] === 'y') && j >= 2 && b.slice(j - 2, j) === 'ay' ? previous[j - 2]! + COST.iForAy : Number.POSITIVE_INFINITY,
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function withoutSilentE(word: string): string {
  return /[a-z]e$/.test(word) && word.length > 2 ? word.slice(0, -1) : word;
}

/** 1 for the reading itself, falling as the spelling moves away from it (per letter of the reading). */
export function spellingSimilarity(spelling: string, reading: string): number {
  return Math.max(0, 1 - spellingDistance(spelling, reading) / Math.max(1, reading.replace(/-/g, '').length));
}

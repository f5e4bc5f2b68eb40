/**
 * Sound classes: Arabic and Latin spellings of a name reduced to one alphabet, so that they can
 * be compared. "Putin" and بوتين both become ب و ت ي ن.
 *
 * Class alphabet ("forms"): one Arabic letter stands for each consonant class
 * (ب: b p, ت: t ط, س: s ص ث, ج: j, ه: h ح, خ: kh, د: d ض, ز: z ذ ظ, ر, ش, غ: gh,
 * ف: f v, ك: k q ق, ل, م, ن). Vowels are units of their own: ا (a), ي (e i y),
 * و (o u w), or a digit for a set of qualities (see `VOWEL_UNIT`); ع and ء are
 * the weak vowel `WEAK`. A "skeleton" keeps the consonants only.
 */
import { normalizeText } from './normalize.ts';

/**
 * Vowel quality set -> the unit character used in forms; the index is a bit
 * set of a = 1, i = 2, u = 4 ("ا", "ي", "و"; "3" is a-or-i, and so on).
 */
export const VOWEL_UNIT = ['', 'ا', 'ي', '3', 'و', '5', '6', '7'] as const;
export const UNIT_QUALITIES = new Map<string, number>(VOWEL_UNIT.map((c, mask) => [c, mask]));
UNIT_QUALITIES.delete('');
export const WEAK = 'ع';
export const [, VA = 'ا', VI = 'ي', , VU = 'و'] = VOWEL_UNIT;

export const ARABIC_CLASS: Record<string, string> = {
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
export function joinUnits(units: readonly string[]): string {
  let out = '';
  for (const unit of units) if (!(unit === out[out.length - 1] && isVowelUnit(unit))) out += unit;
  return out;
}

export function isVowelUnit(c: string): boolean {
  return UNIT_QUALITIES.has(c) || c === WEAK;
}

export function withoutVowels(form: string): string {
  return [...form].filter((c) => !isVowelUnit(c)).join('');
}

/** Plain Arabic letters only (a normalised corpus token). */
export const PLAIN_ARABIC = /^[\u0621-\u064A]*$/;

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

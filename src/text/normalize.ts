/**
 * Arabic (and Latin) normalisation for matching. The output is never shown to a
 * user: passages are always displayed exactly as written in their file.
 */

// Harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
// Accusative tanween written on a final alef ("شهرًا", "أولاً"): the alef is only its carrier,
// so "شهرًا" matches "شهر". Unmarked spellings ("شهرا") are left alone: the alef may be a letter.
const TANWEEN_ALEF = /(?:\u064B\u0627|\u0627\u064B)(?=$|[^\p{L}\p{M}])/gu;
const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
// Zero-width and bidirectional controls (with the Arabic letter mark U+061C and the soft
// hyphen): invisible, but they split or glue words.
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

const LETTER_FOLDS: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
  'ة': 'ه',
  'ى': 'ي', 'ئ': 'ي', 'ی': 'ي', 'ې': 'ي',
  'ؤ': 'و',
  'ک': 'ك', 'گ': 'ك',
  'ڤ': 'ف', 'پ': 'ب', 'چ': 'ج',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

// Arabic-Indic (U+0660..) and Extended/Persian (U+06F0..) digits -> ASCII.
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic-Indic and Persian digits become ASCII digits, so "٣١" matches "31". */
export function foldDigits(text: string): string {
  return text.replace(EASTERN_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/**
 * Folds the spelling variation that Arabic news text shows for the same word:
 * diacritics, tatweel, alef/hamza forms, ta marbuta, alef maqsura, digits.
 * Latin text is lower-cased and stripped of accents.
 */
export function normalizeText(text: string): string {
  return foldDigits(
    text
      .normalize('NFKC')
      .replace(INVISIBLE, '')
      .replace(TANWEEN_ALEF, '')
      .replace(DIACRITICS, '')
      .replace(TATWEEL, '')
      .replace(FOLDABLE, (c) => LETTER_FOLDS[c] ?? c),
  )
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Runs of letters or digits (any script) in already-normalised text. */
export function tokenize(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}]+/gu) ?? [];
}

const ARABIC_LETTER = /[\u0621-\u064A]/;
export function isArabicToken(token: string): boolean {
  return ARABIC_LETTER.test(token);
}

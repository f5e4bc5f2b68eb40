/**
 * An Arabic-script name in Latin letters by rule, for names no source spells: the reverse of the
 * transliteration in text/transliterate.ts. Foreign names in Arabic news write their vowels with
 * the long-vowel letters (ا و ي), so a name reads back letter by letter: أوشاكوف -> Ushakov,
 * شولجينوف -> Shuljinov. The conventions are the common ones of English-language news:
 * ا a, و u (w before a vowel), ي i (y before or after a vowel), ة a, تش ch, final نغ/نج ng,
 * final وف -ov (the Russian surname ending), غ g (in foreign names), ع and hamza unwritten.
 *
 * `syllabic` reads a Chinese name in pinyin, by sound: ش before ي is pinyin x (pinyin "shi" has
 * no i sound), ج before ي is j and otherwise zh, تش before ي is q, تس is c.
 */

const CONSONANTS: Record<string, string> = {
  'ب': 'b', 'پ': 'p', 'ت': 't', 'ث': 'th', 'ج': 'j', 'چ': 'ch', 'ح': 'h', 'خ': 'kh', 'د': 'd', 'ذ': 'dh',
  'ر': 'r', 'ز': 'z', 'س': 's', 'ش': 'sh', 'ص': 's', 'ض': 'd', 'ط': 't', 'ظ': 'z', 'غ': 'g', 'ف': 'f',
  'ڤ': 'v', 'ق': 'q', 'ك': 'k', 'گ': 'g', 'ل': 'l', 'م': 'm', 'ن': 'n', 'ه': 'h',
};
const VOWEL_LETTERS = new Set(['ا', 'و', 'ي', 'ى', 'ة', 'أ', 'إ', 'آ']);
const HAMZA_SEATS = new Set(['ا', 'أ', 'إ', 'آ']);
const SILENT = new Set(['ع', 'ء', 'ئ', 'ؤ']);

/** Harakat, tatweel and invisible marks: the letters are what a transliteration writes. */
export function arabicLetters(token: string): string {
  return token.normalize('NFC').replace(/[\u0610-\u061A\u064B-\u065F\u0670\u0640\u200B-\u200F]/g, '');
}

export interface RomanizeOptions {
  /** Read the token as a syllable of a Chinese name, in pinyin. @default false */
  syllabic?: boolean;
}

/** One Arabic word in Latin letters, capitalised ("بوتين" -> "Butin", "الكرملين" -> "al-Karmlin"). */
export function romanize(token: string, options: RomanizeOptions = {}): string {
  const letters = [...arabicLetters(token)];
  if (letters.length > 3 && letters[0] === 'ا' && letters[1] === 'ل') return `al-${romanize(letters.slice(2).join(''), options)}`;
  const pinyin = options.syllabic ?? false;
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const c = letters[i]!;
    const prev = letters[i - 1];
    const next = letters[i + 1];
    const atStart = i === 0;
    const atEnd = i === letters.length - 1;
    const vowelBefore = prev !== undefined && VOWEL_LETTERS.has(prev) && prev !== 'ة';
    const vowelAfter = next !== undefined && VOWEL_LETTERS.has(next);
    if (SILENT.has(c)) continue;
    if (HAMZA_SEATS.has(c)) {
      // A word-initial alef carries the vowel after it: أوشاكوف is u-, إيغور i-.
      if (atStart && (next === 'و' || next === 'ي')) continue;
      out += c === 'إ' ? 'i' : 'a';
      continue;
    }
    // After a word-initial alef, و and ي are its vowel: إيغور is I-gor, أوشاكوف U-shakov.
    const afterInitialAlef = i === 1 && HAMZA_SEATS.has(letters[0]!);
    if (c === 'و') {
      if (afterInitialAlef) out += 'u';
      else if (atStart || (vowelAfter && next !== 'و')) out += 'w';
      else if (prev === 'ا' && atEnd) out += 'o';
      else out += 'u';
      continue;
    }
    if (c === 'ي') {
      if (afterInitialAlef) out += 'i';
      else if (atStart || vowelBefore) out += 'y';
      else out += 'i';
      continue;
    }
    if (c === 'ى' || c === 'ة') {
      out += 'a';
      continue;
    }
    if (c === 'ه' && atEnd && i >= 2) {
      out += 'a';
      continue;
    }
    if (c === 'ت' && next === 'ش') {
      out += pinyin && letters[i + 2] === 'ي' ? 'q' : 'ch';
      i += 1;
      continue;
    }
    if (c === 'ت' && next === 'س') {
      out += pinyin ? 'c' : 'ts';
      i += 1;
      continue;
    }
    if (c === 'د' && next === 'ج') {
      out += 'j';
      i += 1;
      continue;
    }
    if (c === 'ن' && (next === 'غ' || next === 'ج') && i + 2 === letters.length) {
      out += 'ng';
      break;
    }
    if (c === 'ف' && atEnd && prev === 'و') {
      // -ov: the و before it was read as u.
      out = `${out.slice(0, -1)}ov`;
      continue;
    }
    if (pinyin && c === 'ش') {
      out += next === 'ي' ? 'x' : 'sh';
      continue;
    }
    if (pinyin && c === 'ج') {
      out += next === 'ي' ? 'j' : 'zh';
      continue;
    }
    out += CONSONANTS[c] ?? '';
  }
  return capitalise(out);
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// A pinyin syllable in Arabic letters: an onset of one consonant (or تش/تس), one to three
// vowel letters, and an optional ن, نغ or نج.
const ARABIC_SYLLABLE = /^(تش|تس|[بتثجحخدذرزسشصضطظغفقكلمنه])?[اوي]{1,3}(ن|نغ|نج)?$/;

/**
 * Whether a name reads as Chinese: two or three words, each one pinyin-shaped syllable
 * (شي جين بينغ, لي تشيانغ). "فام جيانج" (Vietnamese) ends in م, which pinyin has not.
 */
export function isSyllabicName(tokens: readonly string[]): boolean {
  return tokens.length >= 2 && tokens.length <= 3 && tokens.every((token) => ARABIC_SYLLABLE.test(arabicLetters(token).replace(/[أإآ]/g, 'ا')));
}

// A pinyin syllable in Latin letters (for checking a dictionary's spelling of one).
const PINYIN_SYLLABLE = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(i|u|ü)?(a|o|e|i|u|ai|ei|ao|ou)(n|ng|r)?$/;

export function isPinyinSyllable(word: string): boolean {
  return PINYIN_SYLLABLE.test(word.toLowerCase());
}

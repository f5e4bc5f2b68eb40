/**
 * Numbers, amounts, percentages and dates of Arabic news text in English: "123 مليار دولار" ->
 * "$123 billion", "90 في المائة" -> "90 percent", "8 فبراير/شباط" -> "8 February". They are read
 * from the words around a number, never guessed: what is not recognised stays as written. Month,
 * weekday, scale and number words are a closed class, so they are tables here (they work without
 * the dictionary).
 */
import type { GlossToken } from './tokens.ts';

const SCALES: Record<string, string> = {
  'الف': 'thousand', 'الاف': 'thousand', 'مليون': 'million', 'ملايين': 'million', 'مليونا': 'million',
  'مليار': 'billion', 'مليارات': 'billion', 'مليارا': 'billion', 'بليون': 'billion', 'تريليون': 'trillion',
};

/** Currency words (normalised, without ال) -> how English writes the amount. */
const CURRENCIES: Record<string, (amount: string) => string> = {
  'دولار': (a) => `$${a}`, 'دولارات': (a) => `$${a}`,
  'يورو': (a) => `€${a}`,
  'جنيه': (a) => `£${a}`,
  'يوان': (a) => `${a} yuan`,
  'روبل': (a) => `${a} roubles`, 'روبلات': (a) => `${a} roubles`,
  'ين': (a) => `${a} yen`,
  'ريال': (a) => `${a} riyals`, 'ريالات': (a) => `${a} riyals`,
  'درهم': (a) => `${a} dirhams`,
  'دينار': (a) => `${a} dinars`,
  'ليره': (a) => `${a} lira`,
};
/** Words that only qualify the currency before them: "دولار أمريكي", "جنيه إسترليني". */
const CURRENCY_QUALIFIERS = new Set(['امريكي', 'الامريكي', 'اميركي', 'الاميركي', 'استرليني', 'الاسترليني', 'صيني', 'روسي']);

const MONTHS: Record<string, string> = {
  'يناير': 'January', 'فبراير': 'February', 'مارس': 'March', 'ابريل': 'April', 'مايو': 'May', 'يونيو': 'June',
  'يوليو': 'July', 'اغسطس': 'August', 'سبتمبر': 'September', 'اكتوبر': 'October', 'نوفمبر': 'November', 'ديسمبر': 'December',
  // The Levantine names, often written after a slash: "فبراير/شباط".
  'شباط': 'February', 'اذار': 'March', 'نيسان': 'April', 'ايار': 'May', 'حزيران': 'June', 'تموز': 'July',
  'اب': 'August', 'ايلول': 'September',
};
/** Two-word Levantine months: "تشرين الأول" is October. */
const TWO_WORD_MONTHS: Record<string, string> = {
  'تشرين الاول': 'October', 'تشرين الثاني': 'November', 'كانون الاول': 'December', 'كانون الثاني': 'January',
};

const WEEKDAYS: Record<string, string> = {
  'الاحد': 'Sunday', 'الاثنين': 'Monday', 'الثلاثاء': 'Tuesday', 'الاربعاء': 'Wednesday', 'الخميس': 'Thursday',
  'الجمعه': 'Friday', 'السبت': 'Saturday',
};

/** Cardinal and ordinal number words, masculine and feminine, normalised. */
const NUMBER_WORDS: Record<string, string> = {
  'واحد': 'one', 'واحده': 'one', 'اثنان': 'two', 'اثنين': 'two', 'اثنتان': 'two', 'اثنتين': 'two',
  'ثلاث': 'three', 'ثلاثه': 'three', 'اربع': 'four', 'اربعه': 'four', 'خمس': 'five', 'خمسه': 'five',
  'ست': 'six', 'سته': 'six', 'سبع': 'seven', 'سبعه': 'seven', 'ثماني': 'eight', 'ثمانيه': 'eight', 'ثمان': 'eight',
  'تسع': 'nine', 'تسعه': 'nine', 'عشر': 'ten', 'عشره': 'ten',
  'عشرون': 'twenty', 'عشرين': 'twenty', 'ثلاثون': 'thirty', 'ثلاثين': 'thirty', 'اربعون': 'forty', 'اربعين': 'forty',
  'خمسون': 'fifty', 'خمسين': 'fifty', 'ستون': 'sixty', 'ستين': 'sixty', 'سبعون': 'seventy', 'سبعين': 'seventy',
  'ثمانون': 'eighty', 'ثمانين': 'eighty', 'تسعون': 'ninety', 'تسعين': 'ninety',
  'مائه': 'hundred', 'مئه': 'hundred', 'مايه': 'hundred', 'عشرات': 'tens', 'مئات': 'hundreds',
  'الاول': 'first', 'الاولي': 'first', 'الثاني': 'second', 'الثانيه': 'second', 'الثالث': 'third', 'الثالثه': 'third',
  'الرابع': 'fourth', 'الرابعه': 'fourth', 'الخامس': 'fifth', 'الخامسه': 'fifth', 'السادس': 'sixth', 'السادسه': 'sixth',
  'السابع': 'seventh', 'السابعه': 'seventh', 'الثامن': 'eighth', 'الثامنه': 'eighth', 'التاسع': 'ninth', 'التاسعه': 'ninth',
  'العاشر': 'tenth', 'العاشره': 'tenth', 'العشرين': 'twentieth', 'الثلاثين': 'thirtieth', 'الاربعين': 'fortieth',
  'الحادي': 'first', 'الخمسين': 'fiftieth', 'الستين': 'sixtieth', 'السبعين': 'seventieth', 'الثمانين': 'eightieth', 'التسعين': 'ninetieth',
  'عامين': 'two years', 'شهرين': 'two months', 'يومين': 'two days', 'اسبوعين': 'two weeks', 'مرتين': 'twice',
};

/** Tens as ordinals join a unit before them: "الخامسة والسبعين" is "seventy-fifth". */
const ORDINAL_TENS = new Set(['twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth']);

/** A phrase of the text the numbers reader turned into English: tokens [from, to). */
export interface EnglishPhrase {
  from: number;
  to: number;
  english: string;
}

function bare(word: string): string {
  return word.startsWith('ال') && word.length > 3 ? word.slice(2) : word;
}

/** A number as English writes it: Arabic-Indic digits and separators folded ("٣٫٥" -> "3.5"). */
export function englishDigits(raw: string): string {
  return raw
    .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/٫/g, '.')
    .replace(/٬/g, ',');
}

/**
 * The number, amount, percentage, date or number word starting at token `i`, or undefined.
 */
export function numberPhraseAt(tokens: readonly GlossToken[], i: number): EnglishPhrase | undefined {
  const token = tokens[i];
  if (!token) return undefined;
  const word = (k: number) => tokens[k]?.normalized ?? '';
  if (token.kind === 'number') {
    let to = i + 1;
    let amount = englishDigits(token.text);
    const scale = SCALES[word(to)];
    if (scale) {
      amount = `${amount} ${scale}`;
      to += 1;
    }
    const currency = CURRENCIES[bare(word(to))];
    if (currency) {
      to += 1;
      if (CURRENCY_QUALIFIERS.has(word(to))) to += 1;
      return { from: i, to, english: currency(amount) };
    }
    if (tokens[to]?.text === '%' || tokens[to]?.text === '٪') return { from: i, to: to + 1, english: `${amount} percent` };
    if (word(to) === 'في' && (word(to + 1) === 'المايه' || word(to + 1) === 'الميه')) return { from: i, to: to + 2, english: `${amount} percent` };
    if (word(to) === 'بالمايه' || word(to) === 'بالميه') return { from: i, to: to + 1, english: `${amount} percent` };
    if (!scale) {
      const month = monthAt(tokens, to);
      if (month && /^\d{1,2}$/.test(amount)) {
        const year = tokens[month.to]?.kind === 'number' && /^\d{4}$/.test(englishDigits(tokens[month.to]!.text)) ? ` ${englishDigits(tokens[month.to]!.text)}` : '';
        return { from: i, to: month.to + (year ? 1 : 0), english: `${amount} ${month.english}${year}` };
      }
    }
    return { from: i, to, english: amount };
  }
  // "عام 2023": the year, as English says "in 2023" (عام alone is also "general", "public").
  if ((word(i) === 'عام' || word(i) === 'العام') && tokens[i + 1]?.kind === 'number' && /^\d{4}$/.test(englishDigits(tokens[i + 1]!.text))) {
    return { from: i, to: i + 2, english: englishDigits(tokens[i + 1]!.text) };
  }
  const month = monthAt(tokens, i);
  if (month) {
    const next = tokens[month.to];
    if (next?.kind === 'number' && /^\d{4}$/.test(englishDigits(next.text))) return { from: i, to: month.to + 1, english: `${month.english} ${englishDigits(next.text)}` };
    return month;
  }
  const weekday = WEEKDAYS[word(i)] ?? WEEKDAYS[`ال${bare(word(i))}`];
  if (weekday) return { from: i, to: i + 1, english: weekday };
  return numberWordAt(tokens, i);
}

/** A month name at `i`, with its Levantine twin after a slash ("فبراير/شباط"). */
function monthAt(tokens: readonly GlossToken[], i: number): EnglishPhrase | undefined {
  const word = (k: number) => tokens[k]?.normalized ?? '';
  const single = (k: number): EnglishPhrase | undefined => {
    const two = TWO_WORD_MONTHS[`${word(k)} ${word(k + 1)}`];
    if (two) return { from: k, to: k + 2, english: two };
    const one = MONTHS[word(k)];
    return one ? { from: k, to: k + 1, english: one } : undefined;
  };
  const first = single(i);
  if (!first) return undefined;
  // "فبراير/شباط": the twin after the slash names the same month.
  const twin = tokens[first.to]?.text === '/' ? single(first.to + 1) : undefined;
  return twin && twin.english === first.english ? { from: i, to: twin.to, english: first.english } : first;
}

/** A number word, or an ordinal unit joined to its tens by و ("الخامسة والسبعين"). */
function numberWordAt(tokens: readonly GlossToken[], i: number): EnglishPhrase | undefined {
  const word = (k: number) => tokens[k]?.normalized ?? '';
  const english = NUMBER_WORDS[word(i)];
  if (!english) return undefined;
  const next = word(i + 1);
  const tens = next.startsWith('و') ? NUMBER_WORDS[next.slice(1)] : undefined;
  if (tens && ORDINAL_TENS.has(tens) && !ORDINAL_TENS.has(english)) {
    return { from: i, to: i + 2, english: `${tens.replace(/ieth$/, 'y')}-${english}` };
  }
  return { from: i, to: i + 1, english };
}

/**
 * A figure of a briefing ("123 مليار دولار", "31٪", "90 في المائة", "2023") in English, when the
 * whole of it is one number phrase; undefined otherwise.
 */
export function englishFigure(tokens: readonly GlossToken[]): string | undefined {
  const phrase = numberPhraseAt(tokens, 0);
  return phrase && phrase.to === tokens.length ? phrase.english : undefined;
}

/**
 * The words around a speaker's name: titles, roles and nationality adjectives that describe
 * ("الرئيس الروسي"), those spoken to, and how a speaker phrase splits into name and descriptors.
 */
import { AND, startsWithProclitic, TITLE_ARTICLE, withoutProclitics } from '../../text/arabic-morphology.ts';
import { normalizeText } from '../../text/normalize.ts';
import { isPrepositional, type Word } from './reported-speech.ts';

/** Roles, honorifics and descriptors that surround names in news prose (without ال). */
const ROLE_WORDS = new Set(
  [
    'رئيس', 'زعيم', 'وزير', 'وزيرة', 'متحدث', 'متحدثة', 'باسم', 'مساعد', 'مستشار', 'مستشاري', 'كبير', 'نائب', 'سيد', 'سيدة',
    'سفير', 'مسؤول', 'مسؤولون', 'مسؤولين', 'مدير', 'أمين', 'عام', 'قائد', 'ملك', 'أمير', 'شيخ', 'رئيسة',
    'حكومة', 'وكالة', 'أنباء', 'بيان', 'مكتب', 'وزارة', 'صحيفة', 'شبكة', 'مراسل', 'خبير', 'محلل', 'رسمي', 'رسمية',
    'سياسة', 'دفاع', 'شؤون', 'جمهورية', 'وقت', 'سابق', 'لاحق', 'أيضا', 'أيضًا', 'يوم', 'أمس', 'أسبوع', 'شهر', 'سنة', 'صباح', 'مساء',
    'مصدر', 'مصادر', 'ناطق', 'إعلام', 'وسائل', 'بدوره', 'بدورها', 'نظيره', 'نظيرها', 'بحسب', 'وفق', 'وفقا',
  ].map(normalizeText),
);

/**
 * Those spoken to, never speakers: "كما ذكّر الحضور بأن …" (he reminded the audience that …),
 * "أبلغ الصحفيين أن …". A verb's object stands where its subject would.
 */
const ADDRESSEE_WORDS = new Set(
  ['حضور', 'حاضرين', 'جمهور', 'صحفيين', 'صحفيون', 'صحافيين', 'مراسلين', 'مشاركين', 'مستمعين', 'نواب'].map(normalizeText),
);

/** A title or role word without its article ("والرئيس" -> رئيس). */
export function withoutArticle(token: string): string {
  return withoutProclitics(token, TITLE_ARTICLE, 2);
}

/** Nisba adjectives (الصيني، الروسي، الأمريكية) qualify titles: "the Chinese leader". */
export function isNisba(token: string): boolean {
  return token.startsWith('ال') && token.length >= 5 && /(ي|يه|يين|يون)$/.test(token);
}

export function isRole(token: string | undefined): boolean {
  return token !== undefined && (ROLE_WORDS.has(withoutArticle(token)) || ROLE_WORDS.has(token));
}

export function isAddressee(token: string): boolean {
  return ADDRESSEE_WORDS.has(withoutArticle(token));
}

export function isDescriptor(token: string): boolean {
  return isRole(token) || isNisba(token) || isPrepositional(token) || isAddressee(token);
}

/**
 * Splits a speaker phrase into the name (the best run of non-descriptor words), its descriptors,
 * and the names coordinated with it by و ("أكد السيد بوتين والسيد شي أن …": both speak).
 */
export function splitName(words: Word[]): { name: Word[]; descriptors: string[]; coordinated: Word[][]; titled: boolean; complements: string[] } {
  const runs: { words: Word[]; afterRole: boolean; afterAnd: boolean }[] = [];
  let current: Word[] = [];
  let startIndex = 0;
  const close = (end: number) => {
    if (current.length === 0) return;
    const before = words[startIndex - 1]?.norm;
    const first = current[0]!.norm;
    runs.push({ words: current, afterRole: isRole(before), afterAnd: startIndex > 0 && ((before !== undefined && startsWithProclitic(before, AND, 0)) || startsWithProclitic(first, AND, 3)) });
    current = [];
    void end;
  };
  words.forEach((word, i) => {
    if (isDescriptor(word.norm)) {
      close(i);
      return;
    }
    if (current.length === 0) startIndex = i;
    current.push(word);
    // A comma ends a name: "مستشار الكرملين، يوري أوشاكوف،" holds two phrases.
    if (/[،,]/.test(word.after)) close(i + 1);
  });
  close(words.length);
  // The subject comes first ("بوتين لوكالة أسوشيتيد برس"), except a complement of a role
  // ("مستشاري الكرملين … يوري أوشاكوف") which only describes the speaker named after it.
  const chosen = runs.find((run) => !run.afterRole) ?? runs[0];
  const coordinated = runs
    .filter((run) => run !== chosen && run.afterAnd && runs.indexOf(run) > runs.indexOf(chosen!))
    .map((run) =>
      run.words.map((word, i) => {
        const norm = i === 0 ? withoutProclitics(word.norm, AND, 3) : word.norm;
        return norm === word.norm ? word : { ...word, raw: word.raw.slice(word.norm.length - norm.length), norm };
      }),
    );
  const titled = chosen !== undefined && words.indexOf(chosen.words[0]!) > 0 && isDescriptor(words[words.indexOf(chosen.words[0]!) - 1]!.norm);
  // "مستشار الكرملين", "مستشار بوتين": what a role is of describes the speaker too.
  const complements = runs.filter((run) => run !== chosen && run.afterRole).flatMap((run) => run.words.map((w) => withoutArticle(w.norm)));
  return { name: chosen?.words ?? [], descriptors: words.filter((w) => isDescriptor(w.norm)).map((w) => withoutArticle(w.norm)), coordinated, titled, complements };
}

/**
 * Arabic grammatical words and affixes -> English: prepositions, conjunctions, pronouns,
 * particles, auxiliaries, and the verbs of reported speech that news prose is built on. They are
 * a closed class, not content, so a table is the honest tool (as English irregular forms are in
 * dictionary.ts); FreeDict renders many of them oddly ("ان" -> "Anne", "انه" -> "finalize") or
 * not at all ("قال"). Keys are matched normalised (normalize.ts).
 */
import { normalizeText } from '../text/normalize.ts';

const WORDS: Record<string, string> = {
  // Prepositions and their pronoun forms
  'في': 'in', 'فيه': 'in it', 'فيها': 'in it', 'فيهما': 'in them', 'فيهم': 'in them',
  'من': 'from', 'منه': 'from it', 'منها': 'from it', 'منهم': 'from them', 'منذ': 'since',
  'الى': 'to', 'اليه': 'to him', 'اليها': 'to it', 'اليهم': 'to them',
  'علي': 'on', 'عليه': 'on it', 'عليها': 'on it', 'عليهم': 'on them',
  'عن': 'about', 'عنه': 'about it', 'عنها': 'about it', 'عنهم': 'about them',
  'مع': 'with', 'معه': 'with him', 'معها': 'with her', 'معهم': 'with them',
  'بين': 'between', 'بينهما': 'between them', 'بينهم': 'between them',
  'له': 'to him', 'لها': 'to her', 'لهم': 'to them', 'لهما': 'to them', 'لنا': 'to us',
  'به': 'with it', 'بها': 'with it', 'بهم': 'with them',
  'لدي': 'has', 'لديها': 'has', 'لديه': 'has', 'لديهما': 'have', 'لديهم': 'have',
  'عند': 'at', 'عندما': 'when', 'حتي': 'until', 'خلال': 'during', 'حول': 'about', 'ضد': 'against',
  'عبر': 'via', 'تحت': 'under', 'فوق': 'above', 'امام': 'before', 'وراء': 'behind', 'نحو': 'towards',
  'قبل': 'before', 'بعد': 'after', 'دون': 'without', 'بدون': 'without', 'ضمن': 'within',
  'بشان': 'regarding', 'بخصوص': 'regarding', 'تجاه': 'towards', 'تجاههما': 'towards them',
  'وفق': 'according to', 'وفقا': 'according to', 'بحسب': 'according to', 'حسب': 'according to',
  'مثل': 'like',
  // Conjunctions and particles
  'و': 'and', 'او': 'or', 'ام': 'or', 'ثم': 'then', 'لكن': 'but', 'لكنه': 'but he', 'لكنها': 'but she',
  'لكنهم': 'but they', 'بل': 'rather', 'اذا': 'if', 'لو': 'if', 'كما': 'as', 'لما': 'when', 'بينما': 'while',
  'حيث': 'where', 'اذ': 'as', 'اما': 'as for', 'الا': 'except', 'ان': 'that', 'انه': 'that he',
  'انها': 'that it', 'انهم': 'that they', 'انهما': 'that they', 'اننا': 'that we', 'انني': 'that I',
  'بان': 'that', 'بانه': 'that he', 'بانها': 'that it', 'لان': 'because', 'كي': 'so that', 'لكي': 'so that',
  'قد': 'has', 'لقد': 'indeed', 'سوف': 'will', 'لم': 'did not', 'لن': 'will not', 'لا': 'not', 'ليس': 'is not',
  'ما': 'what', 'ماذا': 'what', 'هل': 'whether', 'كيف': 'how', 'متي': 'when', 'اين': 'where', 'لماذا': 'why',
  'كم': 'how many', 'اي': 'any', 'كل': 'every', 'بعض': 'some', 'غير': 'non-', 'جدا': 'very', 'فقط': 'only',
  'ايضا': 'also', 'ايض': 'also', 'اكثر': 'more', 'اقل': 'less', 'نفس': 'same', 'هناك': 'there', 'هنا': 'here',
  'يا': 'O', 'تم': 'was done', 'يتم': 'is done', 'عدم': 'non-', 'معا': 'together', 'دايما': 'always',
  'حاليا': 'currently', 'تماما': 'completely', 'كثيرا': 'much', 'عاده': 'usually',
  // Pronouns, demonstratives, relatives
  'هو': 'he', 'هي': 'she', 'هم': 'they', 'هما': 'they', 'هن': 'they', 'انا': 'I', 'نحن': 'we', 'انت': 'you',
  'انتم': 'you', 'هذا': 'this', 'هذه': 'this', 'هذان': 'these', 'هاتان': 'these', 'هولاء': 'these',
  'ذلك': 'that', 'تلك': 'that', 'اولئك': 'those', 'الذي': 'who', 'التي': 'which', 'الذين': 'who',
  'اللذين': 'who', 'اللتين': 'which', 'اللذان': 'who', 'اللتان': 'which',
  // Auxiliaries
  'كان': 'was', 'كانت': 'was', 'كانوا': 'were', 'كانتا': 'were', 'يكون': 'is', 'تكون': 'is', 'اصبح': 'became',
  'اصبحت': 'became', 'لايزال': 'still', 'لاتزال': 'still', 'مازال': 'still', 'مازالت': 'still', 'تزال': 'still',
  'يزال': 'still',
  // Verbs of reported speech
  'قال': 'said', 'قالت': 'said', 'قالوا': 'said', 'يقول': 'says', 'تقول': 'says', 'قوله': 'his saying',
  'اضاف': 'added', 'اضافت': 'added', 'يضيف': 'adds', 'اكد': 'stressed', 'اكدت': 'stressed', 'يوكد': 'stresses',
  'صرح': 'stated', 'صرحت': 'stated', 'ذكر': 'mentioned', 'ذكرت': 'mentioned', 'اشار': 'pointed out',
  'اشارت': 'pointed out', 'كتب': 'wrote', 'كتبت': 'wrote', 'اعلن': 'announced', 'اعلنت': 'announced',
  'شدد': 'stressed', 'شددت': 'stressed', 'اوضح': 'explained', 'اوضحت': 'explained', 'نقلت': 'quoted',
  'نقل': 'quoted', 'زعم': 'claimed', 'زعمت': 'claimed', 'دعا': 'called', 'دعت': 'called', 'حذر': 'warned',
  'حذرت': 'warned', 'نفي': 'denied', 'نفت': 'denied', 'قايلا': 'saying', 'قايل': 'saying',
};

/**
 * Grammatical expressions of several words, whose words alone would mislead ("بعضنا البعض" is
 * "each other", not "some some"). The first word may carry a proclitic (لبعضنا البعض). Those of
 * the news articles the gloss was tuned on (seeds/), with their other persons.
 */
const PHRASES: Record<string, string> = {
  'بعضنا البعض': 'each other', 'بعضهما البعض': 'each other', 'بعضهم البعض': 'each other', 'بعضها البعض': 'each other',
  'من خلال': 'through', 'بما في ذلك': 'including', 'بالاضافه الي': 'in addition to', 'اضافه الي': 'in addition to',
  'علي الرغم من': 'despite', 'في وقت سابق': 'earlier', 'الي حد ما': 'somewhat', 'في الوقت نفسه': 'at the same time',
  'لا يزال': 'still', 'لا تزال': 'still',
};

// Keys are written as Arabic is spelled (الى, ذلك) and matched normalised.
const BY_NORMALISED = new Map(Object.entries(WORDS).map(([arabic, english]) => [normalizeText(arabic), english]));
const PHRASES_NORMALISED = new Map(Object.entries(PHRASES).map(([arabic, english]) => [normalizeText(arabic), english]));

/** Words of the longest grammatical expression (PHRASES). */
export const MAX_FUNCTION_PHRASE_WORDS = Math.max(...[...PHRASES_NORMALISED.keys()].map((phrase) => phrase.split(' ').length));

/** English of a normalised Arabic grammatical word, or undefined when it is not one. */
export function functionWord(normalized: string): string | undefined {
  return BY_NORMALISED.get(normalized);
}

/** English of a normalised grammatical expression of several words ("من خلال" -> "through"). */
export function functionPhrase(normalized: string): string | undefined {
  return PHRASES_NORMALISED.get(normalized);
}

/** Proclitics, outermost first, with their English. ل and ال together are written لل. */
export const PROCLITICS = {
  conjunction: { 'و': 'and', 'ف': 'so' } as Record<string, string>,
  preposition: { 'ب': 'by', 'ل': 'for', 'ك': 'like' } as Record<string, string>,
  future: { 'س': 'will' } as Record<string, string>,
};

/** Enclitic pronouns and what they are in English (before the noun: "محادثاته" -> "his talks"). */
export const ENCLITICS: [suffix: string, english: string][] = [
  ['هما', 'their'],
  ['كما', 'your'],
  ['هم', 'their'],
  ['هن', 'their'],
  ['كم', 'your'],
  ['ها', 'its'],
  ['نا', 'our'],
  ['ه', 'his'],
];
// Not ي (my) nor ك (your): rare in news prose, and a final ي is mostly an adjective's ("الدولي").

/**
 * Plural, dual and feminine endings tried off a word to find its dictionary form, shortest first
 * ("صحفيين" is صحفي + ين), and before pronoun endings: a final ه is more often a feminine ة than
 * "his". Not an adjective's ي with them (يه, يون, يين): without it "الدولية" would be "the state",
 * not "international".
 */
export const INFLECTIONS = ['ه', 'ات', 'ون', 'ين', 'ان', 'تان', 'تين'];

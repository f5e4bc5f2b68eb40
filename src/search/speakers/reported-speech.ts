import { withoutConjunction } from '../../text/arabic-morphology.ts';
import { normalizeText } from '../../text/normalize.ts';
import { ARABIC_STOPWORDS } from '../../text/stopwords.ts';

/**
 * Reported speech in Arabic news prose: "وقال يوري أوشاكوف للصحفيين إن …", "وأضاف: “…”",
 * "ونقلت وكالة … عن الرئيس قوله …". This file finds the reporting cue of a sentence and the
 * words naming who speaks; attribution.ts resolves them to speakers across sentences.
 */

/**
 * Verbs whose subject is followed by an object: "دعا شي بكين وموسكو إلى …" (urged), "أبلغ
 * بوتين الصحفيين أن …" (told), "شكر شي بوتين على …", "نفت موسكو أنها …" (denied), "أشاد …",
 * "تعهد …". The subject is the name right after the verb (with its titles), not what follows.
 */
const TRANSITIVE_VERBS = new Set([
  'دعا', 'دعت', 'يدعو', 'تدعو',
  'حث', 'حثت', 'يحث', 'تحث',
  'ابلغ', 'ابلغت', 'يبلغ', 'تبلغ',
  'اخبر', 'اخبرت', 'يخبر', 'تخبر',
  'شكر', 'شكرت', 'يشكر', 'تشكر',
  'نفي', 'نفت', 'ينفي', 'تنفي', 'ينفيه', 'تنفيه',
  'اشاد', 'اشادت', 'يشيد', 'تشيد',
  'تعهد', 'تعهدت', 'يتعهد', 'تتعهد',
  'حذر', 'حذرت', 'يحذر', 'تحذر',
]);

/** "دعا … إلى", "شكر … على", "حذر … من": what is urged, thanked for or warned against follows. */
const PREPOSITIONS_OF_CONTENT = new Set(['الي', 'علي', 'من']);

/** Reporting verbs (normalised, without the conjunctions و/ف), past and present, masculine and feminine. */
const REPORTING_VERBS = new Set([
  'قال', 'قالت', 'يقول', 'تقول', 'قالوا',
  'اضاف', 'اضافت', 'يضيف', 'تضيف',
  'اكد', 'اكدت', 'يؤكد', 'يوكد', 'تؤكد', 'توكد',
  'صرح', 'صرحت',
  'ذكر', 'ذكرت', 'يذكر',
  'اشار', 'اشارت', 'يشير', 'تشير',
  'كتب', 'كتبت',
  'اعلن', 'اعلنت',
  'شدد', 'شددت',
  'اوضح', 'اوضحت',
  'تابع', 'تابعت',
  'حذر', 'حذرت',
  'نقل', 'نقلت',
  'زعم', 'زعمت',
  'تفاخر', 'تفاخرت',
  ...TRANSITIVE_VERBS,
]);

/**
 * Adverbial participles ("…، داعيا إلى …", "…، قائلا إن …") report the words of the sentence's
 * subject, named earlier in it ("سلط بوتين الضوء على …، قائلاً إن …").
 */
const SUBJECT_PARTICIPLES = new Set(['داعيا', 'داعي', 'موكدا', 'مؤكدا', 'مشددا', 'محذرا', 'مضيفا', 'قايلا', 'قايل']);

/** "عن X قوله" / "بحسب X" / "وفقا لـ X": the speaker stands between these markers and the quote. */
const SAYING_NOUNS = new Set(['قوله', 'قولها', 'قولهم']);

/** Words that open the reported content, ending the speaker's name: "إن", "أن", "إنه" … */
const CONTENT_OPENERS = new Set(['ان', 'انه', 'انها', 'انهم', 'انهما', 'اننا', 'انني', 'بان', 'بانه', 'بانها', 'بانهم', 'بانهما']);

/** "وكتب قائلاً:" — the participle introduces the words; it names nobody. */
// "قائلاً" loses its tanween alef in normalisation, hence both "قايلا" and "قايل".
const SAYING_PARTICIPLES = new Set(['قايل', 'قايلا', 'قايله', 'قايلين']);

const MAX_SPEAKER_WORDS = 7;

export interface SpeechCue {
  /** The cue ends the sentence ("ونقلت الشركة عن شي قوله."): it attributes the quote before it. */
  attributesPrevious: boolean;
  /** The words naming the speaker, empty when the verb has no explicit subject ("وأضاف: …"). */
  speakerWords: Word[];
  /** The sentence quotes someone (a reporting verb or quotation marks). */
  kind: 'verb' | 'quote-only';
  /** The speaker is the sentence's subject, named before the cue (an adverbial participle). */
  subjectEarlier?: boolean;
  /** The verb takes an object after its subject ("دعا شي بكين إلى …"): the name is short. */
  transitive?: boolean;
}

const QUOTE_MARKS = /[“”"«»]/;

/**
 * A cheap first look on the raw sentence: every reporting verb and saying noun above contains
 * one of these letter sequences (whatever its hamza or diacritics), and so does any quotation.
 * Most sentences of a large corpus fail it and skip word-by-word analysis.
 */
const MARKS = /[\u064B-\u065F\u0670\u0640]/g;
const MAY_REPORT_SPEECH = /قال|قول|ضاف|ضيف|كد|صرح|ذكر|شار|شير|كتب|علن|شدد|وضح|تابع|حذر|نقل|زعم|فاخر|دع|حث|بلغ|خبر|شكر|نف|شاد|شيد|عهد|[“”"«»]/;

export interface Word {
  /** As written (for display). */
  raw: string;
  /** Normalised form. */
  norm: string;
  /** Punctuation right after the word (boundaries for names). */
  after: string;
}

// News prose repeats its words; normalising each distinct spelling once makes attribution of
// a large corpus several times faster. Bounded: cleared when it grows past the limit.
const normalizedWords = new Map<string, string>();
const MAX_CACHED_WORDS = 200_000;

function normalizeWord(raw: string): string {
  let norm = normalizedWords.get(raw);
  if (norm === undefined) {
    if (normalizedWords.size >= MAX_CACHED_WORDS) normalizedWords.clear();
    norm = normalizeText(raw);
    normalizedWords.set(raw, norm);
  }
  return norm;
}

/** Words of a sentence with the punctuation that follows each. */
export function words(sentence: string): Word[] {
  const result: Word[] = [];
  const pattern = /([\p{L}\p{N}\p{M}\u0640]+)([^\p{L}\p{N}\p{M}\u0640]*)/gu;
  for (const match of sentence.matchAll(pattern)) {
    const norm = normalizeWord(match[1]!);
    if (norm) result.push({ raw: match[1]!, norm, after: match[2]!.trim() });
  }
  return result;
}

export function isReportingVerb(token: string): boolean {
  return REPORTING_VERBS.has(token) || REPORTING_VERBS.has(withoutConjunction(token));
}

/**
 * The reporting cues of one sentence, in order ("وقال الكرملين إن … أن أوشاكوف قال إن …" has
 * two), or a single quote-only cue for a sentence that quotes without a verb; [] for none.
 */
export function findSpeechCues(sentence: string): SpeechCue[] {
  if (!MAY_REPORT_SPEECH.test(sentence.replace(MARKS, ''))) return [];
  const list = words(sentence);
  const cues: SpeechCue[] = [];
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!.norm;
    if (SAYING_NOUNS.has(token)) {
      // "… عن الرئيس قوله": the speaker is between the last "عن" and "قوله".
      const from = lastIndexBefore(list, i, (w) => w.norm === 'عن' || w.norm === 'بحسب');
      if (from >= 0) {
        cues.push({ kind: 'verb', speakerWords: list.slice(from + 1, i).slice(0, MAX_SPEAKER_WORDS), attributesPrevious: i === list.length - 1 });
      }
    } else if (SUBJECT_PARTICIPLES.has(token) && i > 1 && !isReportingVerb(list[i - 1]!.norm) && introducesContent(list, i, true)) {
      cues.push({ kind: 'verb', speakerWords: [], attributesPrevious: false, subjectEarlier: true });
    } else if (isReportingVerb(token) && !isNegated(list, i)) {
      // "نقلت وكالة … عن X قوله" is handled by the noun; the agency is not the speaker.
      const base = withoutConjunction(token);
      if ((base === 'نقل' || base === 'نقلت') && list.slice(i + 1).some((w) => SAYING_NOUNS.has(w.norm))) continue;
      // "وأكدت دعمها لحل الدولتين" reports no words: speech needs إن/أن, a colon or a quotation.
      if (!introducesContent(list, i, TRANSITIVE_VERBS.has(base))) continue;
      const after = subjectAfter(list, i);
      const transitive = TRANSITIVE_VERBS.has(base) && after.length > 0;
      cues.push({ kind: 'verb', speakerWords: after.length > 0 ? after : subjectBefore(list, i), attributesPrevious: false, ...(transitive ? { transitive } : {}) });
    }
  }
  if (cues.length === 0 && QUOTE_MARKS.test(sentence)) cues.push({ kind: 'quote-only', speakerWords: [], attributesPrevious: false });
  return cues;
}

/** "ولم يذكر …" reports that something was not said. */
function isNegated(list: Word[], verbIndex: number): boolean {
  const before = list[verbIndex - 1]?.norm;
  return before !== undefined && ['لم', 'ولم', 'لا', 'ولا', 'لن', 'ولن', 'ما'].includes(before);
}

/** The words reported must start soon after the verb and its subject. */
function introducesContent(list: Word[], verbIndex: number, transitiveVerb = false): boolean {
  const reach = Math.min(list.length, verbIndex + MAX_SPEAKER_WORDS + 6);
  for (let i = verbIndex; i < reach; i++) {
    const word = list[i]!;
    if (i > verbIndex && (CONTENT_OPENERS.has(word.norm) || SAYING_PARTICIPLES.has(word.norm))) return true;
    if (i > verbIndex + 1 && transitiveVerb && PREPOSITIONS_OF_CONTENT.has(word.norm)) return true;
    if (/[:“"«]/.test(word.after)) return true;
  }
  return false;
}

/** The verb's subject: words up to the content opener (إن، أن), a function word, or punctuation. */
function subjectAfter(list: Word[], verbIndex: number): Word[] {
  if (/[:“"«]/.test(list[verbIndex]!.after)) return [];
  const subject: Word[] = [];
  for (let i = verbIndex + 1; i < list.length && subject.length < MAX_SPEAKER_WORDS; i++) {
    const word = list[i]!;
    if (CONTENT_OPENERS.has(word.norm) || SAYING_PARTICIPLES.has(word.norm) || ARABIC_STOPWORDS.has(word.norm)) break;
    // Prepositional words stay in: "كبير مستشاري الكرملين للسياسة الخارجية يوري أوشاكوف" names
    // its speaker after one; attribution.ts picks the name out of the phrase.
    subject.push(word);
    // Commas stay in: appositions ("وقال أوشاكوف، مستشار بوتين، …") describe the speaker.
    if (/[:.“"«؛(]/.test(word.after)) break;
  }
  return subject;
}

/** Subject-first order ("… أن أوشاكوف قال إن …"): the one word before the verb, if it can be a name. */
function subjectBefore(list: Word[], verbIndex: number): Word[] {
  const before = list[verbIndex - 1];
  if (!before || /[.:،,؛“”"«»]/.test(before.after)) return [];
  if (ARABIC_STOPWORDS.has(before.norm) || CONTENT_OPENERS.has(before.norm) || isReportingVerb(before.norm)) return [];
  return [before];
}

/**
 * "للصحفيين", "لوكالة", "لشبكة": a word with the attached preposition ل starts a phrase that
 * is not the speaker ("said to the journalists"). Names starting with لا (لافروف) are spared.
 */
export function isPrepositional(token: string): boolean {
  return token.startsWith('لل') || (token.startsWith('ل') && !token.startsWith('لا') && token.length >= 4 && token.length <= 6);
}

function lastIndexBefore(list: Word[], before: number, test: (w: Word) => boolean): number {
  for (let i = before - 1; i >= 0; i--) if (test(list[i]!)) return i;
  return -1;
}

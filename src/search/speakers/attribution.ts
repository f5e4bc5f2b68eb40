import type { Passage } from '../../corpus/passages.ts';
import { normalizeText, tokenize } from '../../text/normalize.ts';
import { isStopword } from '../../text/terms.ts';
import { arabicSkeleton } from '../../text/sound-classes.ts';
import { findSpeechCues, isPrepositional, words, type SpeechCue, type Word } from './reported-speech.ts';

/**
 * Who said what: every sentence that reports speech, attributed to a speaker named in it, or
 * carried over from the sentence or paragraph before when its verb has no subject
 * ("وأضاف: …" right after a named quote), or resolved from a bare title ("قال الزعيم الصيني")
 * to the person the article last gave that title or last quoted.
 */

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

export interface QuoteAttribution {
  doc: number;
  /** Index into the passage's sentences. */
  sentence: number;
  speaker: number;
}

export interface Speaker {
  id: number;
  /** The fullest form of the name as written in the articles. */
  name: string;
  /** Normalised name tokens of every form seen. */
  tokens: Set<string>;
  /**
   * Titles and appositions the articles give them, without ال ("رئيس", "صيني", "مستشار",
   * "كرملين", "سياسة", "خارجية", "بوتين" of "مستشار بوتين"): what role questions match.
   */
  descriptions: Set<string>;
  quotes: QuoteAttribution[];
}

export interface SpeakerDirectory {
  speakers: Speaker[];
  /** passage position -> its attributed sentences */
  byDoc: Map<number, QuoteAttribution[]>;
  /**
   * Name words the articles themselves present as someone's: a speaker's, or one written right
   * after a title ("الرئيس الأمريكي جو بايدن"). A question naming one of these asks about a person.
   */
  nameWords: Set<string>;
}

export function withoutArticle(token: string): string {
  for (const prefix of ['وال', 'بال', 'لل', 'ال']) if (token.startsWith(prefix) && token.length - prefix.length >= 2) return token.slice(prefix.length);
  return token;
}

/** Nisba adjectives (الصيني، الروسي، الأمريكية) qualify titles: "the Chinese leader". */
function isNisba(token: string): boolean {
  return token.startsWith('ال') && token.length >= 5 && /(ي|يه|يين|يون)$/.test(token);
}

function isRole(token: string | undefined): boolean {
  return token !== undefined && (ROLE_WORDS.has(withoutArticle(token)) || ROLE_WORDS.has(token));
}

function isAddressee(token: string): boolean {
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
    runs.push({ words: current, afterRole: isRole(before), afterAnd: startIndex > 0 && (before?.startsWith('و') === true || (first.startsWith('و') && first.length > 3)) });
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
    .map((run) => run.words.map((word, i) => (i === 0 && word.norm.startsWith('و') && word.norm.length > 3 ? { ...word, raw: word.raw.slice(1), norm: word.norm.slice(1) } : word)));
  const titled = chosen !== undefined && words.indexOf(chosen.words[0]!) > 0 && isDescriptor(words[words.indexOf(chosen.words[0]!) - 1]!.norm);
  // "مستشار الكرملين", "مستشار بوتين": what a role is of describes the speaker too.
  const complements = runs.filter((run) => run !== chosen && run.afterRole).flatMap((run) => run.words.map((w) => withoutArticle(w.norm)));
  return { name: chosen?.words ?? [], descriptors: words.filter((w) => isDescriptor(w.norm)).map((w) => withoutArticle(w.norm)), coordinated, titled, complements };
}

/** A sentence's speech cues once its speakers are named: the words they were found in are let go. */
interface SentenceCues {
  /** The first cue, which decides the sentence's speaker. */
  first: Omit<SpeechCue, 'speakerWords'>;
  /** Per cue: the speaker it names (if any), with the titles and roles around the name. */
  named: { speaker: number | undefined; descriptors: string[]; coordinated: number[]; complements: string[] }[];
}

export function attributeQuotes(passages: Passage[]): SpeakerDirectory {
  // Pass 1: every explicitly named speaker, so bare titles can refer to names met anywhere in a
  // file. Per sentence only what pass 2 reads is kept (most sentences have no cue at all).
  const registry = new SpeakerRegistry();
  const allCues: (SentenceCues | undefined)[][] = passages.map((passage) =>
    passage.sentences.map((span) => {
      const cues = findSpeechCues(passage.text.slice(span.start, span.end));
      if (cues.length === 0) return undefined;
      const { kind, attributesPrevious, subjectEarlier } = cues[0]!;
      const named = cues.map((cue) => {
        if (cue.speakerWords.length === 0) return { speaker: undefined, descriptors: [] as string[], coordinated: [] as number[], complements: [] as string[] };
        const split = splitName(cue.speakerWords);
        const { descriptors, coordinated, complements } = split;
        // After a verb that takes an object, the name ends early: a full name follows a title
        // ("دعا الرئيس البرازيلي كارلوس مينديز الأطراف …"), a short form stands alone ("دعا شي بكين …").
        const name = cue.transitive ? split.name.slice(0, split.titled ? FULL_NAME_WORDS : 1) : split.name;
        return { speaker: name.length > 0 ? registry.add(name) : undefined, descriptors, coordinated: coordinated.map((words) => registry.add(words)), complements };
      });
      return { first: { kind, attributesPrevious, ...(subjectEarlier ? { subjectEarlier } : {}) }, named };
    }),
  );

  const knownBy = titleAssociations(passages, registry);

  // Pass 2: attribute, carrying speakers over and resolving titles within each file.
  const byDoc = new Map<number, QuoteAttribution[]>();
  const attribute = (doc: number, sentence: number, speaker: number) => {
    const attribution = { doc, sentence, speaker };
    registry.get(speaker).quotes.push(attribution);
    const list = byDoc.get(doc);
    if (list) list.push(attribution);
    else byDoc.set(doc, [attribution]);
  };
  let file = '';
  let lastSpeaker: number | undefined;
  let lastDoc = -1;
  /** Within one file: a title (الرئيس، الصيني) -> the speaker last introduced with it. */
  let titled = new Map<string, number>();

  passages.forEach((passage, doc) => {
    if (passage.file !== file) {
      file = passage.file;
      lastSpeaker = undefined;
      titled = new Map();
    }
    // Carry-over reaches back one paragraph: the passage before, whatever boilerplate lines
    // were dropped in between.
    let carried = lastDoc === doc - 1 ? lastSpeaker : undefined;
    let attributedHere = false;
    passage.sentences.forEach((span, sentence) => {
      const cues = allCues[doc]![sentence];
      if (!cues) {
        carried = undefined;
        return;
      }
      const cue = cues.first;
      const { speaker: explicit, descriptors, complements } = cues.named[0]!;
      let speaker: number | undefined = explicit;
      if (cue.subjectEarlier) {
        speaker = firstNamedIn(passage.text.slice(span.start, span.end), registry);
      } else if (explicit !== undefined) {
        for (const descriptor of descriptors) titled.set(descriptor, explicit);
      } else if (descriptors.length > 0) {
        // Nationality adjectives are the most telling part of a title ("الوزير الروسي").
        const specificFirst = [...descriptors].sort((a, b) => Number(isNisba('ال' + b)) - Number(isNisba('ال' + a)));
        speaker =
          specificFirst.map((d) => titled.get(d) ?? knownBy.get(d)).find((s) => s !== undefined) ??
          carried ??
          lastSpeaker ??
          firstMentionedIn(passages, doc, file, registry);
      } else if (cue.kind === 'verb' || attributedHere || startsWithQuote(passage.text.slice(span.start))) {
        // "وأضاف: …", or a quotation continuing the one before.
        speaker = carried;
      }
      // Later cues of the sentence with a named subject quote someone else as well.
      for (const other of cues.named.slice(1)) {
        for (const named of [other.speaker, ...other.coordinated]) if (named !== undefined && named !== speaker) attribute(doc, sentence, named);
      }
      if (speaker === undefined) return;
      attribute(doc, sentence, speaker);
      describe(registry.get(speaker), [...descriptors, ...complements]);
      for (const other of cues.named[0]!.coordinated) if (other !== speaker) attribute(doc, sentence, other);
      const previous = allCues[doc]![sentence - 1]?.first;
      if (cue.attributesPrevious && previous?.kind === 'quote-only' && !byDoc.get(doc)?.some((a) => a.sentence === sentence - 1)) {
        attribute(doc, sentence - 1, speaker);
      }
      carried = lastSpeaker = speaker;
      attributedHere = true;
    });
    lastDoc = doc;
    if (!attributedHere) lastSpeaker = undefined;
  });
  for (const list of byDoc.values()) list.sort((a, b) => a.sentence - b.sentence);
  return { speakers: registry.all(), byDoc, nameWords: titledNameWords(passages, registry) };
}

/** A full name after a title, when a verb's object may follow it: given name and surname. */
const FULL_NAME_WORDS = 2;

/** How many words after a title (and its nationality adjectives) may still be the name. */
const NAME_WORDS_AFTER_TITLE = 3;

function titledNameWords(passages: Passage[], registry: SpeakerRegistry): Set<string> {
  const names = new Set(registry.all().flatMap((speaker) => [...speaker.tokens]));
  for (const passage of passages) {
    const list = words(passage.text);
    list.forEach((word, i) => {
      if (!isRole(word.norm) || /[.:،,؛]/.test(word.after)) return;
      let j = i + 1;
      while (j < list.length && isNisba(list[j]!.norm)) j++;
      for (let taken = 0; j < list.length && taken < NAME_WORDS_AFTER_TITLE; j++, taken++) {
        const next = list[j]!;
        if (isDescriptor(next.norm) || isStopword(next.norm) || next.norm.startsWith('ال')) break;
        names.add(next.norm);
        if (/[.:،,؛“"«(]/.test(next.after)) break;
      }
    });
  }
  return names;
}

function startsWithQuote(text: string): boolean {
  return /^[“"«]/.test(text.trimStart());
}

/**
 * Corpus-wide: which speaker a nationality adjective stands for ("الزعيم الروسي"), learned from
 * where it stands right before a speaker's name ("الرئيس الروسي فلاديمير بوتين"). Only clear
 * majorities (two thirds of the votes) count.
 */
function titleAssociations(passages: Passage[], registry: SpeakerRegistry): Map<string, number> {
  const votes = new Map<string, Map<number, number>>();
  for (const passage of passages) {
    const list = tokenize(normalizeText(passage.text));
    list.forEach((token, i) => {
      const speaker = registry.byToken(token);
      if (speaker === undefined) return;
      for (const before of list.slice(Math.max(0, i - 3), i)) {
        if (!isNisba(before)) continue;
        const key = withoutArticle(before);
        const tally = votes.get(key) ?? new Map<number, number>();
        tally.set(speaker, (tally.get(speaker) ?? 0) + 1);
        votes.set(key, tally);
      }
    });
  }
  const associations = new Map<string, number>();
  for (const [title, tally] of votes) {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    const [speaker, count] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
    if (count / total >= 2 / 3) {
      associations.set(title, speaker);
      // A title describes someone once the articles give it to them more than once.
      if (count >= 2) registry.get(speaker).descriptions.add(title);
    }
  }
  return associations;
}

/** Adds the titles and appositions (without ال) of a phrase naming the speaker to their descriptions. */
function describe(speaker: Speaker, words: string[]): void {
  for (const word of words) if (!speaker.tokens.has(word) && !isStopword(word) && !isAddressee(word)) speaker.descriptions.add(word);
}

/** The first speaker a sentence names: the subject of its main verb, in verb-first prose. */
function firstNamedIn(sentence: string, registry: SpeakerRegistry): number | undefined {
  for (const word of words(sentence)) {
    const speaker = registry.byToken(word.norm) ?? registry.byToken(withoutConjunction(word.norm));
    if (speaker !== undefined) return speaker;
  }
  return undefined;
}

function withoutConjunction(token: string): string {
  return token.length > 3 && (token.startsWith('و') || token.startsWith('ف')) ? token.slice(1) : token;
}

/** A bare title with nothing before it to refer to: the first known speaker the article mentions. */
function firstMentionedIn(passages: Passage[], doc: number, file: string, registry: SpeakerRegistry): number | undefined {
  for (let d = 0; d <= doc; d++) {
    if (passages[d]!.file !== file) continue;
    for (const word of words(passages[d]!.text)) {
      const speaker = registry.byToken(word.norm);
      if (speaker !== undefined) return speaker;
    }
  }
  return undefined;
}

/**
 * Two spellings of one name word: equal, or equal consonant skeletons (بوتن/بوتين) when the
 * skeleton is long enough to mean something (a one-consonant skeleton like شي's collides).
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const skeleton = arabicSkeleton(a);
  return skeleton.length >= 2 && skeleton === arabicSkeleton(b);
}

/** Merges name forms of one person: "أوشاكوف" is "يوري أوشاكوف"; "بوتن" is "بوتين". */
class SpeakerRegistry {
  private readonly speakers: Speaker[] = [];

  add(name: Word[]): number {
    const tokens = name.map((w) => w.norm);
    const existing = this.speakers.find((s) => {
      const theirs = [...s.tokens];
      return tokens.every((t) => theirs.some((u) => sameName(t, u))) || theirs.every((u) => tokens.some((t) => sameName(t, u)));
    });
    const display = name.map((w) => w.raw).join(' ');
    if (existing) {
      for (const token of tokens) {
        existing.tokens.add(token);
        if (!this.tokenOwner.has(token)) this.tokenOwner.set(token, existing.id);
      }
      if (display.length > existing.name.length) existing.name = display;
      return existing.id;
    }
    const id = this.speakers.length;
    this.speakers.push({ id, name: display, tokens: new Set(tokens), descriptions: new Set(), quotes: [] });
    for (const token of tokens) if (!this.tokenOwner.has(token)) this.tokenOwner.set(token, id);
    return id;
  }

  private readonly tokenOwner = new Map<string, number>();

  /** The speaker one of whose name words this is (the first registered, when several share it). */
  byToken(token: string): number | undefined {
    return this.tokenOwner.get(token);
  }

  get(id: number): Speaker {
    return this.speakers[id]!;
  }

  all(): Speaker[] {
    return this.speakers;
  }
}

import { cleanQuestion, MAX_QUESTION_LENGTH } from '../search/question-check.ts';
import { parseSpeakerQuestion } from '../search/speakers/speaker-question.ts';
import type { PassageRef, ThreadContext, Turn, TurnSpeaker } from './thread-context.ts';

/**
 * What a message in a thread asks, read against the thread's conversation:
 * - `question`: a question for the engine (the message itself, or the message with the speaker
 *   or topic it leaves out filled in from earlier turns); `exclude` holds passages already shown
 *   when it asks for more ("what else …");
 * - `similar` / `article`: passages like #n, or the whole article #n comes from;
 * - `unclear`: a reference the thread cannot resolve, with what to ask instead.
 */
export type FollowUp =
  | {
      kind: 'question';
      /** What the engine is asked. */
      question: string;
      /** The same for showing (names in Latin script when the question is in English); absent when nothing was filled in. */
      readAs?: string;
      /** Passages not to show again (they were shown earlier in the thread). */
      exclude: PassageRef[];
      /** The speaker carried over or named, when the question is about one. */
      speaker?: TurnSpeaker;
      /** What the question is about besides the speaker. */
      topic: string;
    }
  | { kind: 'similar' | 'article'; number: number; passage: PassageRef }
  | { kind: 'unclear'; why: string };

/** What the resolver needs to know of the corpus. */
export interface FollowUpCorpus {
  /** The quoted people (as the articles write them) that `words` name; empty when they name nobody quoted. */
  speakersNamed(words: string): string[];
  /** A name in Latin script, for showing. */
  latinName(name: string): string;
}

const ARABIC_LETTER = /[\u0600-\u06ff]/;

/** A reference to a passage of an earlier answer: "#2", "number 2", "passage 2", "رقم ٢". */
const PASSAGE_NUMBER = /(?:[#＃]\s*|\b(?:number|no\.?|passage|result|quote|item)\s+|(?:رقم|(?:ال|لل|بال|ل)?(?:فقرة|نتيجة|مقطع))\s*)([0-9٠-٩]{1,3})(?![0-9٠-٩])/iu;
/** Words asking for the whole article rather than passages like it. */
const ARTICLE_WORDS = /\b(?:article|story|piece|text|source|whole|full|entire)\b|(?:^|\s)(?:ال)?(?:مقال|مقالة|خبر|نص)(?:\s|$)|كامل/iu;
/** Words asking for more of the same ("what else", "anything more", "ماذا أيضاً"). */
const MORE_WORDS = /\b(?:else|more|other|another|again|also|too)\b|(?:^|\s)(?:أيضا|أيضاً|ايضا|ايضاً|كذلك|المزيد|أخرى|اخرى|آخر|غير\s+ذلك)(?=\s|$)/giu;
/** Words that stand for a person named earlier. */
const PRONOUNS = new Set(['he', 'she', 'they', 'him', 'her', 'his', 'hers', 'their', 'them', 'it', 'هو', 'هي', 'هم', 'هما']);
/** Words of "what else?", "anything more from him?", "وماذا أيضاً؟" besides those of "more": they ask nothing new. */
const ASKING_WORDS = new Set(['and', 'so', 'what', 'anything', 'something', 'is', 'are', 'there', 'any', 'did', 'does', 'do', 'say', 'said', 'says', 'from', 'by', 'of', 'و', 'ماذا', 'وماذا', 'ما', 'هل', 'هناك', 'يوجد', 'شيء', 'من', 'قال', 'قالت']);
/** "and about gas?", "what about Xi?", "وماذا عن الغاز؟", "وعن الغاز؟": new words on the same subject. */
const CONTINUATION = [
  /^(?:(?:and|but|so|also)\s+)?(?:(?:what|how)\s+)?(?:about|regarding|concerning)\s+(?<rest>.+)$/iu,
  /^(?:and|also)\s+(?<rest>.+)$/iu,
  /^(?:و\s*)?(?:(?:ماذا|ما)\s+)?و?(?:عن|بشأن|حول|بخصوص)\s*(?<rest>.+)$/u,
];

/**
 * Reads `text` (a message in a thread) against the thread's conversation. General rules over the
 * question's shape, in order: a passage number (#n) with article words is the whole article,
 * otherwise passages like it; words of "more" ask again, without what was shown; a pronoun in
 * a speaker question, or a reporting verb with no subject ("ماذا قال"), takes the thread's
 * speaker; new words after "and (what) about" take the thread's speaker (or replace it, when
 * they name someone quoted) and become the topic; anything else stands alone.
 */
export function resolveFollowUp(text: string, context: ThreadContext | null, corpus: FollowUpCorpus): FollowUp {
  const typed = cleanQuestion(text);
  const turns = context?.turns ?? [];
  const bare = typed.replace(/[?？؟!.]+$/u, '').trim();
  const standalone = (): FollowUp => ({ kind: 'question', question: typed, exclude: [], topic: '' });
  if (turns.length === 0) return standalone();

  const reference = PASSAGE_NUMBER.exec(bare);
  if (reference) return passageReference(Number(arabicDigits(reference[1]!)), ARTICLE_WORDS.test(bare.replace(reference[0], ' ')) ? 'article' : 'similar', turns);

  const arabic = ARABIC_LETTER.test(bare);
  const more = MORE_WORDS.test(bare);
  MORE_WORDS.lastIndex = 0;
  const core = bare.replace(MORE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  const exclude = more ? shownIn(turns) : [];
  const speaker = latest(turns, (turn) => turn.speaker);
  const last = turns.at(-1)!;

  const parsed = parseSpeakerQuestion(core);
  if (parsed && PRONOUNS.has(parsed.speaker.toLowerCase())) {
    if (!speaker) return { kind: 'unclear', why: `I don't know who “${parsed.speaker}” is in this thread: name them, e.g. “what did Ushakov say?”.` };
    return aboutSpeaker(speaker, parsed.topic, arabic, exclude, corpus);
  }
  const named = parsed ? speakerNamedAs(parsed.speaker, corpus) : {};
  // A reporting verb without its subject ("ماذا قال عن الغاز", read as if "عن الغاز" were the
  // speaker): the thread's speaker goes where the grammar wants one.
  if (speaker && !named.speaker) {
    const topic = subjectSlot(core, nameFor(speaker));
    if (topic !== undefined) return aboutSpeaker(speaker, topic, arabic, exclude, corpus);
  }
  if (parsed) return { kind: 'question', question: more ? core : typed, exclude, topic: parsed.topic, ...named };

  const rest = continuation(core);
  if (rest !== undefined) {
    const named = corpus.speakersNamed(rest);
    if (named.length > 0) {
      const newSpeaker: TurnSpeaker = { asked: rest, names: named, latin: named.map((n) => corpus.latinName(n)) };
      return aboutSpeaker(newSpeaker, last.speaker ? last.topic : '', arabic, exclude, corpus);
    }
    if (speaker) return aboutSpeaker(speaker, rest, arabic, exclude, corpus);
    // Both parts were questions within the limit; together they must stay within it too.
    const question = `${rest} ${last.topic || last.question}`.slice(0, MAX_QUESTION_LENGTH).trim();
    return { kind: 'question', question, readAs: question, exclude, topic: question };
  }

  if (more && asksNothing(core)) {
    if (last.speaker) return aboutSpeaker(last.speaker, last.topic, arabic, exclude, corpus);
    return { kind: 'question', question: last.question, readAs: last.question, exclude, topic: last.topic };
  }
  return { kind: 'question', question: more ? core || typed : typed, exclude, topic: '' };
}

/** Whether words ask nothing new: only question words, "anything", pronouns. */
function asksNothing(words: string): boolean {
  return words.split(' ').every((word) => word === '' || ASKING_WORDS.has(word.toLowerCase()) || PRONOUNS.has(word.toLowerCase()));
}

function passageReference(number: number, kind: 'similar' | 'article', turns: Turn[]): FollowUp {
  const shown = latest(turns, (turn) => (turn.passages.length > 0 ? turn.passages : undefined));
  if (!shown) return { kind: 'unclear', why: `There is no passage #${number} in this thread: no answer here has shown passages yet.` };
  const passage = shown[number - 1];
  if (!passage) return { kind: 'unclear', why: `There is no passage #${number}: the last answer here showed ${shown.length === 1 ? 'one passage (#1)' : `${shown.length} passages (#1–#${shown.length})`}.` };
  return { kind, number, passage };
}

/** "what did X say (about Y)?" in the follow-up's language, asked with the articles' spelling of X. */
function aboutSpeaker(speaker: TurnSpeaker, asked: string, arabic: boolean, exclude: PassageRef[], corpus: FollowUpCorpus): FollowUp {
  // "did he say anything (else)": "anything" asks for no topic.
  const topic = asksNothing(asked) ? '' : asked;
  const name = nameFor(speaker);
  const shownName = arabic ? name : speaker.names.length === 1 ? (speaker.latin[0] ?? corpus.latinName(name)) : speaker.asked;
  const ask = (who: string) => (arabic ? `ماذا قال ${who}${topic ? ` عن ${topic}` : ''}؟` : `what did ${who} say${topic ? ` about ${topic}` : ''}?`);
  return { kind: 'question', question: ask(name), readAs: ask(shownName), exclude, speaker, topic };
}

/** The name a rewritten question uses: the articles' own spelling when it is one person, else as first asked. */
function nameFor(speaker: TurnSpeaker): string {
  return speaker.names.length === 1 ? speaker.names[0]! : speaker.asked;
}

function speakerNamedAs(asked: string, corpus: FollowUpCorpus): { speaker?: TurnSpeaker } {
  const names = corpus.speakersNamed(asked);
  return names.length > 0 ? { speaker: { asked, names, latin: names.map((n) => corpus.latinName(n)) } } : {};
}

/**
 * When `core` is a speaker question once `name` is put after one of its first words (where a
 * subject goes: "ماذا قال ‹name› عن الغاز"), the topic it then asks about; else undefined.
 */
function subjectSlot(core: string, name: string): string | undefined {
  const words = core.split(' ');
  for (let at = 1; at <= Math.min(3, words.length); at++) {
    const parsed = parseSpeakerQuestion([...words.slice(0, at), name, ...words.slice(at)].join(' '));
    if (parsed?.speaker === name) return parsed.topic;
  }
  return undefined;
}

function continuation(core: string): string | undefined {
  for (const pattern of CONTINUATION) {
    const rest = pattern.exec(core)?.groups?.rest?.trim();
    if (rest) return rest;
  }
  return undefined;
}

/** Every passage shown in the thread so far. */
function shownIn(turns: Turn[]): PassageRef[] {
  const seen = new Map<string, PassageRef>();
  for (const turn of turns) for (const passage of turn.passages) seen.set(passage.id, passage);
  return [...seen.values()];
}

function latest<T>(turns: Turn[], pick: (turn: Turn) => T | undefined): T | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const value = pick(turns[i]!);
    if (value !== undefined) return value;
  }
  return undefined;
}

function arabicDigits(text: string): string {
  return text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

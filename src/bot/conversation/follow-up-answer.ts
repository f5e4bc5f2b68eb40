import type { Answer, AnswerPassage } from '../../search/answer.ts';
import { parseSpeakerQuestion } from '../../search/speakers/speaker-question.ts';
import type { FollowUp } from '../../team/follow-up.ts';
import type { PassageRef, ThreadContext, Turn, TurnSpeaker } from '../../team/thread-context.ts';
import type { BotEngine } from '../context.ts';
import { sourceLabel } from '../render/markdown.ts';

/** An answer to a message, how to show it, and what the thread remembers of it. */
export interface FollowUpAnswer {
  answer: Answer;
  /** What a follow-up was read as (shown under the question). */
  readAs?: string;
  /** A line under why: how to ask for more. */
  note?: string;
  /** Passages per page. */
  perPage?: number;
  /** The turn to add to the thread's conversation. */
  turn: Turn;
}

export interface FollowUpOptions {
  /** Passages an answer shows at a time in a conversation (ANSWER_PASSAGES); "what else?" shows the next ones. */
  k: number;
  /** Whether the conversation goes on (a thread): answers are cut to k, with a note on asking for more. */
  inThread: boolean;
}

/**
 * Answers a resolved message from the server's corpus: a question (with the passages shown
 * earlier in the thread left out when it asks for more), passages like #n, or #n's whole article.
 */
export async function answerFollowUp(asked: string, followUp: Exclude<FollowUp, { kind: 'unclear' }>, context: ThreadContext | null, engine: BotEngine, options: FollowUpOptions): Promise<FollowUpAnswer> {
  if (followUp.kind === 'question') return answerQuestion(asked, followUp, engine, options);
  return answerAboutPassage(asked, followUp, context, engine, options);
}

/** Passages like #n, or #n's whole article; the thread's speaker and topic carry on. */
async function answerAboutPassage(asked: string, followUp: Extract<FollowUp, { kind: 'similar' | 'article' }>, context: ThreadContext | null, engine: BotEngine, options: FollowUpOptions): Promise<FollowUpAnswer> {
  const at = new Date().toISOString();
  const last = context?.turns.at(-1);
  const passage = engine.passageAt(followUp.passage);
  // Plain text: renderAnswer escapes `why` for Discord.
  const label = `#${followUp.number} (${sourceLabel(followUp.passage)})`;
  const carried = { speaker: last?.speaker, topic: last?.topic ?? '' };
  if (!passage) {
    const answer = nothing(asked, `The passage ${label} is no longer in the articles (they were re-read since). Ask again to get the current passages.`);
    return { answer, turn: { asked, question: asked, ...withSpeaker(carried.speaker), topic: carried.topic, passages: [], at } };
  }
  if (followUp.kind === 'similar') {
    const like = await engine.passagesLike({ id: passage.id, text: passage.text }, options.k);
    const how = like.by === 'meaning' ? 'closest in meaning (by the embedding model)' : 'sharing the most words with it';
    const answer: Answer =
      like.passages.length > 0
        ? { ...base(asked), status: 'answered', abstained: false, why: `Passages ${how}: like ${label}.`, passages: like.passages }
        : nothing(asked, `Nothing else in the articles is close to ${label}.`);
    return { answer, turn: { asked, question: asked, ...withSpeaker(carried.speaker), topic: carried.topic, passages: refs(answer.passages), at } };
  }
  const passages = await wholeArticle(engine, passage.file);
  const answer: Answer = { ...base(asked), status: 'answered', abstained: false, why: `The whole article of #${followUp.number}, ${passage.file}: ${passages.length} passage(s), in order.`, passages };
  return { answer, perPage: 5, turn: { asked, question: asked, ...withSpeaker(carried.speaker), topic: carried.topic, passages: refs(passages), at } };
}

/** A question, with the passages shown earlier left out when it asks for more; cut to k in a thread. */
async function answerQuestion(asked: string, followUp: Extract<FollowUp, { kind: 'question' }>, engine: BotEngine, options: FollowUpOptions): Promise<FollowUpAnswer> {
  const at = new Date().toISOString();
  const exclude = new Set(followUp.exclude.map((p) => p.id));
  const limit = options.inThread ? options.k : undefined;
  // In a thread: the next `limit` passages not shown yet, and whether there are more after them.
  const found = await engine.ask(followUp.question, limit === undefined ? {} : { k: limit, exclude });
  const shown = found.passages.filter((p) => !exclude.has(p.id));
  let answer: Answer = found.status === 'answered' ? { ...found, passages: shown } : found;
  if (found.status === 'answered' && shown.length === 0) answer = nothing(found.question, 'That is everything the articles have on it: every passage was shown above in this thread.');
  const more = found.more === true;
  const speaker = followUp.speaker ?? speakerOf(found);
  const parsedTopic = parseSpeakerQuestion(followUp.question)?.topic ?? '';
  const topic = followUp.topic || parsedTopic || (speaker ? '' : followUp.question);
  return {
    answer,
    ...(followUp.readAs ? { readAs: followUp.readAs } : {}),
    ...(more ? { note: `*There is more: ask “what else?” here for the next passages.*` } : {}),
    turn: { asked, question: followUp.question, ...withSpeaker(speaker), topic, passages: refs(answer.passages), at },
  };
}

/** Every passage of one article, in order, with nothing marked as the quote. */
async function wholeArticle(engine: BotEngine, file: string): Promise<AnswerPassage[]> {
  const article = engine.stats().files.find((f) => f.file === file)?.article;
  const passages = engine.index.passages
    .filter((p) => p.file === file)
    .sort((a, b) => a.lineStart - b.lineStart)
    .map((p): AnswerPassage => ({ ...(article ? { article } : {}), id: p.id, file: p.file, lineStart: p.lineStart, lineEnd: p.lineEnd, text: p.text, score: 1, quotes: [], alsoIn: [] }));
  return engine.inEnglish(passages);
}

/** The speaker of a "what did X say" answer, as the question named them and the articles write them. */
function speakerOf(answer: Answer): TurnSpeaker | undefined {
  const parsed = parseSpeakerQuestion(answer.question);
  if (!parsed || !answer.people?.length || answer.status !== 'answered') return undefined;
  const latin = answer.people.map((name) => answer.speakers?.find((s) => s.name === name)?.latin ?? name);
  return { asked: parsed.speaker, names: answer.people, latin };
}

function withSpeaker(speaker: TurnSpeaker | undefined): { speaker?: TurnSpeaker } {
  return speaker ? { speaker } : {};
}

function refs(passages: AnswerPassage[]): PassageRef[] {
  return passages.map((p) => ({ id: p.id, file: p.file, lineStart: p.lineStart, lineEnd: p.lineEnd }));
}

function base(question: string) {
  return { question, language: 'none' as const, judged: [] };
}

function nothing(question: string, why: string): Answer {
  return { ...base(question), status: 'abstained', abstained: true, passages: [], why };
}

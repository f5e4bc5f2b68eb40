import type { SourceRef } from '../search/answer.ts';

/** A passage an answer showed, as "#n" in the thread refers to it. */
export interface PassageRef extends SourceRef {
  /** The passage's id in its index (passage ids survive a reindex while the text is unchanged). */
  id: string;
}

/** Whom an answer quoted: the name as the question gave it, and as the articles write it. */
export interface TurnSpeaker {
  /** As the asker wrote it ("Ushakov"). */
  asked: string;
  /** As the articles write it (يوري أوشاكوف); several when the name was ambiguous. */
  names: string[];
  /** The same names in Latin script, for showing what a follow-up was read as. */
  latin: string[];
}

/** One question and answer in a thread. */
export interface Turn {
  /** The message as typed (without the bot's mention). */
  asked: string;
  /** What the engine was asked: `asked`, or what a follow-up was read as. */
  question: string;
  /** The speaker of a "what did X say" answer. */
  speaker?: TurnSpeaker;
  /** What the question was about, besides the speaker ("gas"); empty when nothing. */
  topic: string;
  /** The passages shown, in the order numbered #1, #2, … */
  passages: PassageRef[];
  /** ISO 8601. */
  at: string;
}

/** The conversation of one thread: its last turns, oldest first. */
export interface ThreadContext {
  threadId: string;
  turns: Turn[];
  /** When the last turn was added (ISO 8601): threads idle longer than the time-to-live are forgotten. */
  updatedAt: string;
}

/** How much conversation is kept. The same bounds for every store. */
export interface ThreadLimits {
  /** Turns kept per thread (older ones are forgotten). @default 10 */
  turns: number;
  /** Threads kept per server; the least recently used is forgotten first. @default 200 */
  threads: number;
  /** A thread idle this long is forgotten (its follow-ups then stand alone). @default 7 days */
  ttlMs: number;
}

export const defaultThreadLimits: ThreadLimits = { turns: 10, threads: 200, ttlMs: 7 * 24 * 3600 * 1000 };

/** At most this many passages of a turn are remembered (an answer shows at most 10 per page…). */
const MAX_PASSAGES_PER_TURN = 50;

/** The context with `turn` added, cut to `limits.turns`. */
export function withTurn(context: ThreadContext | null, threadId: string, turn: Turn, limits: ThreadLimits): ThreadContext {
  const bounded: Turn = { ...turn, asked: turn.asked.slice(0, 1000), question: turn.question.slice(0, 1000), topic: turn.topic.slice(0, 1000), passages: turn.passages.slice(0, MAX_PASSAGES_PER_TURN) };
  const turns = [...(context?.turns ?? []), bounded].slice(-limits.turns);
  return { threadId, turns, updatedAt: turn.at };
}

/** Whether a context has outlived the time-to-live at `now`. */
export function isExpired(context: Pick<ThreadContext, 'updatedAt'>, limits: ThreadLimits, now: number): boolean {
  const at = Date.parse(context.updatedAt);
  return Number.isNaN(at) || now - at > limits.ttlMs;
}

/** A stored context checked shape by shape (a damaged record is no context, never a crash). */
export function readThreadContext(value: unknown): ThreadContext | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.threadId !== 'string' || typeof record.updatedAt !== 'string' || !Array.isArray(record.turns)) return null;
  const turns = record.turns.map(readTurn).filter((turn): turn is Turn => turn !== null);
  return { threadId: record.threadId, updatedAt: record.updatedAt, turns };
}

function readTurn(value: unknown): Turn | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Record<string, unknown>;
  if (typeof t.asked !== 'string' || typeof t.question !== 'string' || typeof t.at !== 'string' || !Array.isArray(t.passages)) return null;
  const passages = t.passages.filter(isPassageRef);
  const speaker = t.speaker as Record<string, unknown> | undefined;
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : []);
  return {
    asked: t.asked,
    question: t.question,
    topic: typeof t.topic === 'string' ? t.topic : '',
    passages,
    at: t.at,
    ...(speaker && typeof speaker.asked === 'string' ? { speaker: { asked: speaker.asked, names: strings(speaker.names), latin: strings(speaker.latin) } } : {}),
  };
}

function isPassageRef(value: unknown): value is PassageRef {
  const p = value as Record<string, unknown> | null;
  return typeof p === 'object' && p !== null && typeof p.id === 'string' && typeof p.file === 'string' && Number.isInteger(p.lineStart) && Number.isInteger(p.lineEnd);
}

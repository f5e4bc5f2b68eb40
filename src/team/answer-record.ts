import type { PassageRef } from './thread-context.ts';

/** Why an answer was marked 👎 (the reason menu). */
export const VOTE_REASONS = {
  'wrong-passage': 'Wrong passage',
  'wrong-speaker': 'Wrong speaker',
  'should-have-answered': 'Should have answered',
  'should-not-have-answered': 'Should not have answered',
} as const;

export type VoteReason = keyof typeof VOTE_REASONS;

export function isVoteReason(value: string): value is VoteReason {
  return Object.hasOwn(VOTE_REASONS, value);
}

/** One member's vote on one answer: 👍, or 👎 with an optional reason. */
export type Vote = { kind: 'up' } | { kind: 'down'; reason?: VoteReason };

export interface StoredVote {
  userId: string;
  vote: Vote;
  /** ISO 8601. */
  at: string;
}

/** A passage an answer returned, with a piece of its quote (what an evaluation file's `contains` needs). */
export interface AnswerPassageRef extends PassageRef {
  /** Verbatim from the passage: its quoted sentence, cut to at most 200 characters at a space. */
  quote: string;
}

/** Where an answer was asked: a slash command, a mention, a thread's follow-up, an #ask channel. */
export type AnswerVia = 'slash' | 'mention' | 'thread' | 'ask-channel';

/** Who asked "Ask a colleague" for an answer, and where it was posted. */
export interface Escalation {
  userId: string;
  channelId: string;
  messageId: string;
  at: string;
}

/**
 * An answer the bot gave, kept so that its 👍/👎 buttons, "Share" and "Ask a colleague" work
 * (also after a restart), and so feedback can become evaluation data: the question, the passages
 * (file and lines), how it was answered (mode and model), in which server.
 */
export interface AnswerRecord {
  /** Random, in the buttons' custom ids. */
  id: string;
  /** The Discord server (or DIRECT_MESSAGES). */
  server: string;
  channelId: string;
  /** The answer message, once posted (ephemeral answers have one too, seen only by the asker). */
  messageId?: string;
  askedBy: string;
  /** ISO 8601. */
  askedAt: string;
  /** What the engine was asked (a follow-up as it was read). */
  question: string;
  /** The language the engine found in the question ('ar', 'en', 'mixed', 'none'). */
  language: string;
  status: 'answered' | 'abstained' | 'refused';
  passages: AnswerPassageRef[];
  /** 'hybrid', 'dense' or 'lexical-only'. */
  mode: string;
  /** The embedding model's id and file, when the answer used one. */
  model: { id: string; file: string } | null;
  via: AnswerVia;
  /** Only the asker saw it (an ephemeral /ask). */
  ephemeral: boolean;
}

/** An answer and what members said of it. */
export interface RatedAnswer {
  answer: AnswerRecord;
  votes: StoredVote[];
  escalation?: Escalation;
}

/** The key under which answers given in direct messages are kept. */
export const DIRECT_MESSAGES = 'direct';

/** A guild id, or DIRECT_MESSAGES for an interaction outside a server. */
export function serverKey(guildId: string | null): string {
  return guildId ?? DIRECT_MESSAGES;
}

/** How a vote is shown: "👍", "👎 (wrong passage)". */
export function describeVote(vote: Vote): string {
  if (vote.kind === 'up') return '👍';
  return vote.reason ? `👎 (${VOTE_REASONS[vote.reason].toLowerCase()})` : '👎';
}

/** The outcome of pressing 👍/👎, for the member's acknowledgement. */
export type VoteOutcome =
  | { status: 'recorded' | 'changed' | 'unchanged'; previous?: Vote }
  | { status: 'unknown-answer' }
  | { status: 'full'; limit: number };

export type EscalationOutcome = { status: 'first' } | { status: 'already'; escalation: Escalation } | { status: 'unknown-answer' };

import type { AnswerRecord, Escalation, EscalationOutcome, RatedAnswer, Vote, VoteOutcome } from './answer-record.ts';
import type { BriefingSetting, ServerSettings } from './server-settings.ts';
import { defaultThreadLimits, type ThreadContext, type ThreadLimits, type Turn } from './thread-context.ts';

/** How much a store keeps; the same bounds for every store, so nothing grows without limit. */
export interface TeamStoreLimits {
  threads: ThreadLimits;
  /** Answers without a vote kept per server; the oldest is forgotten first (its buttons then say so). @default 500 */
  unratedAnswers: number;
  /** Answers with a vote kept per server (the feedback report and export read them). @default 2000 */
  ratedAnswers: number;
  /** Votes kept per answer: one per member, so a public answer in a large server stops taking new ones here. @default 500 */
  votesPerAnswer: number;
}

export const defaultTeamStoreLimits: TeamStoreLimits = { threads: defaultThreadLimits, unratedAnswers: 500, ratedAnswers: 2000, votesPerAnswer: 500 };

/**
 * What the bot remembers for the teams using it: each server's settings, the conversation of
 * each thread, the answers it gave and the votes on them. Every call names the server (a guild
 * id, or DIRECT_MESSAGES): a server reads and changes only its own. Local files by default
 * (LocalTeamStore), PostgreSQL with DATABASE_URL (PostgresTeamStore), so that bots on several
 * machines share it.
 */
export interface TeamStore {
  /** Where it is kept, for messages. */
  readonly location: string;

  settings(server: string): Promise<ServerSettings>;
  /** Applies `change` to the current settings and stores the result (one change at a time per server). */
  updateSettings(server: string, change: (current: ServerSettings) => ServerSettings): Promise<ServerSettings>;
  /** Every server with a scheduled briefing set. */
  briefings(): Promise<{ server: string; briefing: BriefingSetting }[]>;
  /** When this server's last scheduled briefing was posted (ISO 8601), or null. */
  lastBriefing(server: string): Promise<string | null>;
  setLastBriefing(server: string, at: string): Promise<void>;

  /** A thread's conversation, or null when unknown or idle past its time-to-live. */
  thread(server: string, threadId: string): Promise<ThreadContext | null>;
  /** Adds a turn to a thread's conversation (kept within the limits). */
  addTurn(server: string, threadId: string, turn: Turn): Promise<ThreadContext>;

  recordAnswer(answer: AnswerRecord): Promise<void>;
  /** Notes the message an answer was posted as. */
  setAnswerMessage(server: string, answerId: string, channelId: string, messageId: string): Promise<void>;
  answer(server: string, answerId: string): Promise<AnswerRecord | null>;
  /** One vote per member per answer: a new vote replaces theirs; the same vote again changes nothing. */
  vote(server: string, answerId: string, userId: string, vote: Vote): Promise<VoteOutcome>;
  /** Claims "Ask a colleague" for an answer: only the first press posts; `messageId` is set by finishEscalation. */
  claimEscalation(server: string, answerId: string, escalation: Omit<Escalation, 'messageId'>): Promise<EscalationOutcome>;
  /** The posted message of a claimed escalation, or null to release the claim (posting failed). */
  finishEscalation(server: string, answerId: string, messageId: string | null): Promise<void>;
  /** Answers with at least one vote, with their votes: of one server, or of every server (null). */
  feedback(server: string | null): Promise<RatedAnswer[]>;

  close(): Promise<void>;
}

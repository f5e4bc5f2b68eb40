import { isVoteReason, type AnswerPassageRef, type AnswerRecord, type Escalation, type RatedAnswer, type StoredVote, type Vote } from './answer-record.ts';
import type { TeamStoreLimits } from './team-store.ts';

/** Whether two votes are the same (a press of the same button again). */
export function sameVote(a: Vote, b: Vote): boolean {
  return a.kind === b.kind && (a.kind === 'up' || a.reason === (b as { reason?: string }).reason);
}

/**
 * The answers a server keeps: the newest `ratedAnswers` with a vote or an escalation, and the
 * newest `unratedAnswers` without; in the order given (oldest first).
 */
export function trimAnswers(answers: RatedAnswer[], limits: Pick<TeamStoreLimits, 'ratedAnswers' | 'unratedAnswers'>): RatedAnswer[] {
  const isRated = (a: RatedAnswer) => a.votes.length > 0 || a.escalation !== undefined;
  const keep = new Set<RatedAnswer>();
  const newestFirst = [...answers].sort((a, b) => Date.parse(b.answer.askedAt) - Date.parse(a.answer.askedAt));
  let rated = 0;
  let unrated = 0;
  for (const entry of newestFirst) {
    if (isRated(entry) ? rated++ < limits.ratedAnswers : unrated++ < limits.unratedAnswers) keep.add(entry);
  }
  return answers.filter((a) => keep.has(a));
}

/** A stored answer entry checked shape by shape; null when it is not one. */
export function readAnswerEntry(value: unknown): RatedAnswer | null {
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Record<string, unknown>;
  const answer = readAnswer(entry.answer);
  if (!answer) return null;
  const votes = Array.isArray(entry.votes) ? entry.votes.map(readStoredVote).filter((v): v is StoredVote => v !== null) : [];
  const escalation = readEscalation(entry.escalation);
  return { answer, votes, ...(escalation ? { escalation } : {}) };
}

export function readAnswer(value: unknown): AnswerRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const a = value as Record<string, unknown>;
  const strings = ['id', 'server', 'channelId', 'askedBy', 'askedAt', 'question', 'language', 'mode', 'via'] as const;
  if (!strings.every((key) => typeof a[key] === 'string')) return null;
  if (a.status !== 'answered' && a.status !== 'abstained' && a.status !== 'refused') return null;
  if (!Array.isArray(a.passages)) return null;
  const passages = a.passages.filter(
    (p): p is AnswerPassageRef => typeof p === 'object' && p !== null && typeof p.id === 'string' && typeof p.file === 'string' && Number.isInteger(p.lineStart) && Number.isInteger(p.lineEnd) && typeof p.quote === 'string',
  );
  const model = a.model as { id?: unknown; file?: unknown } | null;
  return {
    ...(a as unknown as AnswerRecord),
    passages,
    model: model && typeof model.id === 'string' && typeof model.file === 'string' ? { id: model.id, file: model.file } : null,
    ephemeral: a.ephemeral === true,
    ...(typeof a.messageId === 'string' ? { messageId: a.messageId } : {}),
  };
}

function readStoredVote(value: unknown): StoredVote | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const vote = readVote(v.vote);
  if (typeof v.userId !== 'string' || typeof v.at !== 'string' || !vote) return null;
  return { userId: v.userId, at: v.at, vote };
}

/** A stored vote value ({kind, reason}) checked; undefined when it is not one. */
export function readVote(value: unknown): Vote | undefined {
  const vote = value as Record<string, unknown> | null;
  if (typeof vote !== 'object' || vote === null) return undefined;
  if (vote.kind === 'up') return { kind: 'up' };
  if (vote.kind !== 'down') return undefined;
  const reason = typeof vote.reason === 'string' && isVoteReason(vote.reason) ? vote.reason : undefined;
  return reason ? { kind: 'down', reason } : { kind: 'down' };
}

function readEscalation(value: unknown): Escalation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (typeof e.userId !== 'string' || typeof e.channelId !== 'string' || typeof e.messageId !== 'string' || typeof e.at !== 'string') return undefined;
  return { userId: e.userId, channelId: e.channelId, messageId: e.messageId, at: e.at };
}

import { createHash } from 'node:crypto';
import type { EvalQuestion, GoldItem } from '../eval/eval-set.ts';
import type { RatedAnswer } from './answer-record.ts';
import { questionKey } from './feedback-report.ts';

/** A question the export left out, and why (shown to whoever runs it). */
export interface SkippedQuestion {
  server: string;
  question: string;
  why: string;
}

/**
 * Feedback as an evaluation file (the format `npm run eval -- --questions FILE` reads): one
 * question per question asked in a server (asked again, it is the same question), with
 * - kind `any` and as gold the passages of its answers members marked 👍 (any of them counts);
 * - kind `none` when more members said "should not have answered" than marked an answer 👍.
 * Questions marked only 👎 for other reasons have no known good passage: they are listed as
 * skipped, for someone to write their gold by hand.
 */
export function feedbackEvalSet(rated: RatedAnswer[]): { questions: EvalQuestion[]; skipped: SkippedQuestion[] } {
  const groups = new Map<string, RatedAnswer[]>();
  for (const entry of rated) {
    const key = `${entry.answer.server}\u0000${questionKey(entry.answer.question)}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const questions: EvalQuestion[] = [];
  const skipped: SkippedQuestion[] = [];
  for (const [key, entries] of groups) {
    const latest = entries.reduce((a, b) => (b.answer.askedAt > a.answer.askedAt ? b : a)).answer;
    const upVoted = entries.filter((e) => e.answer.status === 'answered' && e.votes.some((v) => v.vote.kind === 'up'));
    const ups = entries.reduce((sum, e) => sum + e.votes.filter((v) => v.vote.kind === 'up').length, 0);
    const notToAnswer = entries.reduce((sum, e) => sum + e.votes.filter((v) => v.vote.kind === 'down' && v.vote.reason === 'should-not-have-answered').length, 0);
    const base = { id: `feedback-${latest.server}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, lang: latest.language, q: latest.question };
    if (notToAnswer > ups) {
      questions.push({ ...base, kind: 'none', gold: [] });
      continue;
    }
    const gold = goldOf(upVoted);
    if (gold.length > 0) {
      questions.push({ ...base, kind: 'any', gold });
      continue;
    }
    skipped.push({
      server: latest.server,
      question: latest.question,
      why: notToAnswer > 0 ? 'as many members said it should not have been answered as marked an answer 👍' : 'marked 👎 with no answer marked 👍 to take its passages from',
    });
  }
  return { questions, skipped };
}

/** The passages of the 👍 answers, each once: its file and its quote. */
function goldOf(answers: RatedAnswer[]): GoldItem[] {
  const seen = new Set<string>();
  const gold: GoldItem[] = [];
  for (const { answer } of answers) {
    for (const passage of answer.passages) {
      const item = { file: passage.file, contains: passage.quote };
      const key = `${item.file}\u0000${item.contains}`;
      if (!item.contains.trim() || seen.has(key)) continue;
      seen.add(key);
      gold.push(item);
    }
  }
  return gold;
}

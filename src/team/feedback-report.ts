import { cleanQuestion } from '../search/question-check.ts';
import type { AnswerRecord, RatedAnswer, VoteReason } from './answer-record.ts';

/** One question of the report: how its answers were rated. */
export interface ReportRow {
  /** As last asked. */
  question: string;
  /** 👎 votes on its answers, and their reasons. */
  down: number;
  reasons: Partial<Record<VoteReason, number>>;
  up: number;
  /** Rated answers to it. */
  answers: number;
  /** Its most recent rated answer. */
  latest: AnswerRecord;
}

/** The same question asked again: case, spacing and the final question mark do not matter. */
export function questionKey(question: string): string {
  return cleanQuestion(question).toLowerCase().replace(/[?？؟!.]+$/u, '').trim();
}

/**
 * The questions most often marked wrong (most 👎 first; fewer 👍, then the most recent, break
 * ties), at most `limit`: what a team should look at first. Only questions with a 👎 are listed.
 */
export function mostMarkedWrong(rated: RatedAnswer[], limit = 10): ReportRow[] {
  const rows = new Map<string, ReportRow>();
  for (const { answer, votes } of rated) {
    const key = questionKey(answer.question);
    const row = rows.get(key) ?? { question: answer.question, down: 0, reasons: {}, up: 0, answers: 0, latest: answer };
    row.answers += 1;
    if (answer.askedAt >= row.latest.askedAt) {
      row.latest = answer;
      row.question = answer.question;
    }
    for (const { vote } of votes) {
      if (vote.kind === 'up') row.up += 1;
      else {
        row.down += 1;
        if (vote.reason) row.reasons[vote.reason] = (row.reasons[vote.reason] ?? 0) + 1;
      }
    }
    rows.set(key, row);
  }
  return [...rows.values()]
    .filter((row) => row.down > 0)
    .sort((a, b) => b.down - a.down || a.up - b.up || b.latest.askedAt.localeCompare(a.latest.askedAt))
    .slice(0, limit);
}

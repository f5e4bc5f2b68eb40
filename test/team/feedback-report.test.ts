import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RatedAnswer, StoredVote, Vote } from '../../src/team/answer-record.ts';
import { mostMarkedWrong, questionKey } from '../../src/team/feedback-report.ts';
import { answerRecord, SERVER_A } from '../support/team-store-contract.ts';

const vote = (userId: string, v: Vote): StoredVote => ({ userId, vote: v, at: '2025-03-02T10:00:00.000Z' });
const rated = (id: string, question: string, askedAt: string, votes: StoredVote[]): RatedAnswer => ({ answer: answerRecord(SERVER_A, id, askedAt, question), votes });

describe('mostMarkedWrong', () => {
  it('GIVEN the same question asked twice, differently spaced THEN one row counting both answers’ votes and reasons, as last asked', () => {
    const rows = mostMarkedWrong([
      rated('a1', 'What did Ushakov say?', '2025-03-01T10:00:00.000Z', [vote('u1', { kind: 'down', reason: 'wrong-speaker' }), vote('u2', { kind: 'up' })]),
      rated('a2', 'what did  Ushakov say', '2025-03-02T10:00:00.000Z', [vote('u1', { kind: 'down', reason: 'wrong-speaker' }), vote('u3', { kind: 'down' })]),
    ]);
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0], latest: rows[0]!.latest.id }, { question: 'what did  Ushakov say', down: 3, reasons: { 'wrong-speaker': 2 }, up: 1, answers: 2, latest: 'a2' });
  });

  it('GIVEN several questions THEN most 👎 first, fewer 👍 breaking ties; questions never marked 👎 are not listed; at most the limit', () => {
    const rows = mostMarkedWrong(
      [
        rated('a', 'trade', '2025-03-01T10:00:00.000Z', [vote('u1', { kind: 'down' })]),
        rated('b', 'gas', '2025-03-01T10:00:00.000Z', [vote('u1', { kind: 'down' }), vote('u2', { kind: 'down' })]),
        rated('c', 'sanctions', '2025-03-01T10:00:00.000Z', [vote('u1', { kind: 'down' }), vote('u2', { kind: 'up' })]),
        rated('d', 'praised', '2025-03-01T10:00:00.000Z', [vote('u1', { kind: 'up' })]),
      ],
      2,
    );
    assert.deepEqual(rows.map((r) => r.question), ['gas', 'trade']);
  });

  it('GIVEN invisible characters and a final question mark THEN the same question', () => {
    assert.equal(questionKey('What\u200b did Putin say؟'), questionKey('what did putin say'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RatedAnswer, StoredVote, Vote } from '../../src/team/answer-record.ts';
import { feedbackEvalSet } from '../../src/team/feedback-export.ts';
import { answerRecord, SERVER_A, SERVER_B } from '../support/team-store-contract.ts';

const vote = (userId: string, v: Vote): StoredVote => ({ userId, vote: v, at: '2025-03-02T10:00:00.000Z' });
function rated(server: string, id: string, question: string, votes: StoredVote[], passages = [{ id: 'p1', file: 'a.txt', lineStart: 3, lineEnd: 3, quote: 'قال أوشاكوف' }]): RatedAnswer {
  return { answer: { ...answerRecord(server, id, '2025-03-02T09:00:00.000Z', question), passages }, votes };
}

describe('feedbackEvalSet', () => {
  it('GIVEN 👍 answers THEN kind any, their passages (file and quote) as gold, each once', () => {
    const { questions, skipped } = feedbackEvalSet([
      rated(SERVER_A, 'a1', 'What did Ushakov say?', [vote('u1', { kind: 'up' })]),
      rated(SERVER_A, 'a2', 'what did ushakov say', [vote('u2', { kind: 'up' })], [
        { id: 'p1', file: 'a.txt', lineStart: 3, lineEnd: 3, quote: 'قال أوشاكوف' },
        { id: 'p2', file: 'b.txt', lineStart: 9, lineEnd: 9, quote: 'وأضاف أوشاكوف' },
      ]),
    ]);
    assert.deepEqual(skipped, []);
    assert.equal(questions.length, 1);
    assert.deepEqual({ ...questions[0], id: undefined }, {
      id: undefined,
      lang: 'en',
      q: 'What did Ushakov say?',
      kind: 'any',
      gold: [
        { file: 'a.txt', contains: 'قال أوشاكوف' },
        { file: 'b.txt', contains: 'وأضاف أوشاكوف' },
      ],
    });
    assert.match(questions[0]!.id, new RegExp(`^feedback-${SERVER_A}-[0-9a-f]{12}$`));
  });

  it('GIVEN more "should not have answered" than 👍 THEN kind none; fewer THEN the 👍 passages win', () => {
    const none = feedbackEvalSet([rated(SERVER_A, 'a', 'Who won the match?', [vote('u1', { kind: 'down', reason: 'should-not-have-answered' })])]);
    assert.deepEqual(none.questions.map((q) => [q.kind, q.gold]), [['none', []]]);
    const any = feedbackEvalSet([rated(SERVER_A, 'a', 'trade', [vote('u1', { kind: 'down', reason: 'should-not-have-answered' }), vote('u2', { kind: 'up' }), vote('u3', { kind: 'up' })])]);
    assert.equal(any.questions[0]!.kind, 'any');
  });

  it('GIVEN only 👎 for other reasons, or a tie THEN left out, saying why', () => {
    const { questions, skipped } = feedbackEvalSet([
      rated(SERVER_A, 'a', 'gas', [vote('u1', { kind: 'down', reason: 'wrong-passage' })]),
      rated(SERVER_B, 'b', 'oil', [vote('u1', { kind: 'down', reason: 'should-not-have-answered' }), vote('u2', { kind: 'up' })], []),
    ]);
    assert.deepEqual(questions, []);
    assert.deepEqual(skipped.map((s) => [s.server, s.question, s.why]), [
      [SERVER_A, 'gas', 'marked 👎 with no answer marked 👍 to take its passages from'],
      [SERVER_B, 'oil', 'as many members said it should not have been answered as marked an answer 👍'],
    ]);
  });

  it('GIVEN the same question in two servers THEN two questions: each server’s corpus is its own', () => {
    const { questions } = feedbackEvalSet([rated(SERVER_A, 'a', 'trade', [vote('u1', { kind: 'up' })]), rated(SERVER_B, 'b', 'trade', [vote('u1', { kind: 'up' })])]);
    assert.equal(new Set(questions.map((q) => q.id)).size, 2);
  });
});

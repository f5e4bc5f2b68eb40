/**
 * What every team store must do (LocalTeamStore, PostgresTeamStore): the same behaviour, the same
 * bounds, and each server reading only its own. Run by each store's test file with a factory
 * that opens a store over the same place each time it is called.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AnswerRecord } from '../../src/team/answer-record.ts';
import type { TeamStore, TeamStoreLimits } from '../../src/team/team-store.ts';
import type { Turn } from '../../src/team/thread-context.ts';

export const SERVER_A = '400000000000000001';
export const SERVER_B = '400000000000000002';
export const CHANNEL = '400000000000000010';

/** Opens the store under test; `now` moves the clock it reads. */
export type OpenStore = (options: { limits?: Partial<TeamStoreLimits>; now?: () => number }) => Promise<TeamStore>;

export function answerRecord(server: string, id: string, askedAt: string, question = 'What did Ushakov say?'): AnswerRecord {
  return {
    id,
    server,
    channelId: CHANNEL,
    askedBy: '200000000000000042',
    askedAt,
    question,
    language: 'en',
    status: 'answered',
    passages: [{ id: 'p1', file: '000_a.txt', lineStart: 7, lineEnd: 7, quote: 'وقال يوري أوشاكوف' }],
    mode: 'lexical-only',
    model: null,
    via: 'mention',
    ephemeral: false,
  };
}

function turn(asked: string, at: string): Turn {
  return { asked, question: asked, topic: '', passages: [{ id: 'p1', file: 'f.txt', lineStart: 1, lineEnd: 2 }], at };
}

export function teamStoreContract(open: OpenStore): void {
  it('GIVEN a server that set nothing THEN default settings; a change is kept for that server only, also when opened again', async () => {
    const store = await open({});
    try {
      assert.deepEqual(await store.settings(SERVER_A), { askChannels: [] });
      const changed = await store.updateSettings(SERVER_A, (s) => ({ ...s, askChannels: [CHANNEL], language: 'en', briefing: { channelId: CHANNEL, cron: '0 8 * * *', timezone: 'Europe/Berlin' } }));
      assert.deepEqual(changed.askChannels, [CHANNEL]);
      assert.deepEqual(await store.settings(SERVER_B), { askChannels: [] }, 'another server sees none of it');
      await store.setLastBriefing(SERVER_A, '2025-03-02T08:00:00.000Z');
    } finally {
      await store.close();
    }
    const again = await open({});
    try {
      assert.deepEqual(await again.settings(SERVER_A), { askChannels: [CHANNEL], language: 'en', briefing: { channelId: CHANNEL, cron: '0 8 * * *', timezone: 'Europe/Berlin' } });
      assert.deepEqual(await again.briefings(), [{ server: SERVER_A, briefing: { channelId: CHANNEL, cron: '0 8 * * *', timezone: 'Europe/Berlin' } }]);
      assert.equal(await again.lastBriefing(SERVER_A), '2025-03-02T08:00:00.000Z');
      assert.equal(await again.lastBriefing(SERVER_B), null);
    } finally {
      await again.close();
    }
  });

  it('GIVEN settings that are not well formed THEN what is malformed is dropped, the rest kept', async () => {
    const store = await open({});
    try {
      const changed = await store.updateSettings(SERVER_B, () => ({ askChannels: ['not-an-id', CHANNEL, CHANNEL], escalation: { channelId: '../x' } }) as never);
      assert.deepEqual(changed, { askChannels: [CHANNEL] });
    } finally {
      await store.close();
    }
  });

  it('GIVEN turns in a thread THEN the last N are kept, in order, for that server only; kept when opened again', async () => {
    const store = await open({ limits: { threads: { turns: 3, threads: 10, ttlMs: 3_600_000 } }, now: () => Date.parse('2025-03-02T10:00:00Z') });
    try {
      for (let i = 1; i <= 5; i++) await store.addTurn(SERVER_A, 'thread-1', turn(`q${i}`, `2025-03-02T09:0${i}:00.000Z`));
      const context = await store.thread(SERVER_A, 'thread-1');
      assert.deepEqual(context?.turns.map((t) => t.asked), ['q3', 'q4', 'q5']);
      assert.equal(await store.thread(SERVER_B, 'thread-1'), null, 'another server has no such thread');
    } finally {
      await store.close();
    }
    const again = await open({ limits: { threads: { turns: 3, threads: 10, ttlMs: 3_600_000 } }, now: () => Date.parse('2025-03-02T10:00:00Z') });
    try {
      assert.deepEqual((await again.thread(SERVER_A, 'thread-1'))?.turns.map((t) => t.asked), ['q3', 'q4', 'q5']);
    } finally {
      await again.close();
    }
  });

  it('GIVEN more threads than the limit, or an idle one THEN the least recently used and the expired are forgotten', async () => {
    let now = Date.parse('2025-03-03T10:00:00Z');
    const limits = { threads: { turns: 5, threads: 2, ttlMs: 3_600_000 } };
    const store = await open({ limits, now: () => now });
    try {
      await store.addTurn(SERVER_A, 't-old', turn('a', '2025-03-03T09:10:00.000Z'));
      await store.addTurn(SERVER_A, 't-mid', turn('b', '2025-03-03T09:20:00.000Z'));
      await store.addTurn(SERVER_A, 't-new', turn('c', '2025-03-03T09:30:00.000Z'));
      assert.equal(await store.thread(SERVER_A, 't-old'), null, 'the least recently used went');
      assert.ok(await store.thread(SERVER_A, 't-mid'), 'the two most recent stay');
      now = Date.parse('2025-03-03T10:25:00Z');
      assert.equal(await store.thread(SERVER_A, 't-mid'), null, 'idle for more than an hour: forgotten');
      assert.ok(await store.thread(SERVER_A, 't-new'), 'idle for 55 minutes: kept');
      await store.addTurn(SERVER_A, 't-mid', turn('d', '2025-03-03T10:25:00.000Z'));
      assert.deepEqual((await store.thread(SERVER_A, 't-mid'))?.turns.map((t) => t.asked), ['d'], 'an expired thread starts afresh');
    } finally {
      await store.close();
    }
  });

  it('GIVEN an answer THEN votes: one per member, the same press again changes nothing, another replaces it; another server cannot see or vote on it', async () => {
    const store = await open({});
    try {
      await store.recordAnswer(answerRecord(SERVER_A, 'ans-1', '2025-03-04T10:00:00.000Z'));
      assert.equal((await store.answer(SERVER_A, 'ans-1'))?.question, 'What did Ushakov say?');
      assert.equal(await store.answer(SERVER_B, 'ans-1'), null);
      assert.deepEqual(await store.vote(SERVER_B, 'ans-1', 'u1', { kind: 'up' }), { status: 'unknown-answer' });
      assert.deepEqual(await store.vote(SERVER_A, 'ans-1', 'u1', { kind: 'up' }), { status: 'recorded' });
      assert.deepEqual(await store.vote(SERVER_A, 'ans-1', 'u1', { kind: 'up' }), { status: 'unchanged', previous: { kind: 'up' } });
      assert.deepEqual(await store.vote(SERVER_A, 'ans-1', 'u1', { kind: 'down' }), { status: 'changed', previous: { kind: 'up' } });
      assert.deepEqual(await store.vote(SERVER_A, 'ans-1', 'u1', { kind: 'down', reason: 'wrong-speaker' }), { status: 'changed', previous: { kind: 'down' } });
      assert.deepEqual(await store.vote(SERVER_A, 'ans-1', 'u2', { kind: 'up' }), { status: 'recorded' });
      await store.setAnswerMessage(SERVER_A, 'ans-1', CHANNEL, '400000000000000099');
      const rated = await store.feedback(SERVER_A);
      assert.equal(rated.length, 1);
      assert.equal(rated[0]!.answer.messageId, '400000000000000099');
      assert.deepEqual(rated[0]!.votes.map((v) => [v.userId, v.vote]).sort(), [['u1', { kind: 'down', reason: 'wrong-speaker' }], ['u2', { kind: 'up' }]]);
      assert.deepEqual(await store.feedback(SERVER_B), []);
    } finally {
      await store.close();
    }
  });

  it('GIVEN votes past the per-answer limit THEN new voters are refused, members who voted may still change theirs', async () => {
    const store = await open({ limits: { votesPerAnswer: 2 } });
    try {
      await store.recordAnswer(answerRecord(SERVER_B, 'ans-full', '2025-03-04T11:00:00.000Z'));
      await store.vote(SERVER_B, 'ans-full', 'u1', { kind: 'up' });
      await store.vote(SERVER_B, 'ans-full', 'u2', { kind: 'up' });
      assert.deepEqual(await store.vote(SERVER_B, 'ans-full', 'u3', { kind: 'up' }), { status: 'full', limit: 2 });
      assert.equal((await store.vote(SERVER_B, 'ans-full', 'u2', { kind: 'down' })).status, 'changed');
    } finally {
      await store.close();
    }
  });

  it('GIVEN more answers than the limits THEN the oldest unrated go first, rated ones are kept up to their own limit', async () => {
    const server = '400000000000000003';
    const store = await open({ limits: { unratedAnswers: 2, ratedAnswers: 1 } });
    try {
      await store.recordAnswer(answerRecord(server, 'r1', '2025-03-05T10:00:00.000Z'));
      await store.vote(server, 'r1', 'u1', { kind: 'up' });
      for (let i = 1; i <= 3; i++) await store.recordAnswer(answerRecord(server, `u${i}`, `2025-03-05T10:0${i}:00.000Z`));
      assert.equal(await store.answer(server, 'u1'), null, 'the oldest unrated answer is forgotten');
      assert.ok(await store.answer(server, 'u3'), 'the newest is kept');
      assert.ok(await store.answer(server, 'r1'), 'the rated answer is kept');
      await store.vote(server, 'u3', 'u1', { kind: 'down' });
      assert.equal(await store.answer(server, 'r1'), null, 'a newer rated answer pushes the older out');
      assert.deepEqual((await store.feedback(server)).map((r) => r.answer.id), ['u3']);
    } finally {
      await store.close();
    }
  });

  it('GIVEN "Ask a colleague" pressed twice THEN only the first claims it; a failed post releases the claim', async () => {
    const store = await open({});
    try {
      await store.recordAnswer(answerRecord(SERVER_A, 'ans-esc', '2025-03-06T10:00:00.000Z'));
      const claim = { userId: 'u1', channelId: CHANNEL, at: '2025-03-06T10:01:00.000Z' };
      assert.deepEqual(await store.claimEscalation(SERVER_A, 'ans-esc', claim), { status: 'first' });
      await store.finishEscalation(SERVER_A, 'ans-esc', null);
      assert.deepEqual(await store.claimEscalation(SERVER_A, 'ans-esc', claim), { status: 'first' }, 'released by the failure');
      await store.finishEscalation(SERVER_A, 'ans-esc', '400000000000000077');
      assert.deepEqual(await store.claimEscalation(SERVER_A, 'ans-esc', { ...claim, userId: 'u2' }), { status: 'already', escalation: { ...claim, messageId: '400000000000000077' } });
      assert.deepEqual(await store.claimEscalation(SERVER_B, 'ans-esc', claim), { status: 'unknown-answer' });
    } finally {
      await store.close();
    }
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuestionLimits, RateLimiter, rateLimitMessage } from '../../src/bot/rate-limit.ts';

describe('RateLimiter', () => {
  it('GIVEN a user at the limit THEN refuses with the time to wait, once marked as first refusal', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000, now: () => now });
    assert.deepEqual(limiter.take('a'), { ok: true });
    now = 1000;
    assert.deepEqual(limiter.take('a'), { ok: true });
    now = 2000;
    assert.deepEqual(limiter.take('a'), { ok: false, retryAfterMs: 8000, firstRefusal: true });
    assert.deepEqual(limiter.take('a'), { ok: false, retryAfterMs: 8000, firstRefusal: false });
    assert.deepEqual(limiter.take('b'), { ok: true }, 'other users are not affected');
    now = 10_000;
    assert.deepEqual(limiter.take('a'), { ok: true }, 'the window slides');
  });

  it('GIVEN check() THEN nothing is counted until record()', () => {
    const limiter = new RateLimiter({ limit: 1, now: () => 0 });
    assert.deepEqual(limiter.check('a'), { ok: true });
    assert.deepEqual(limiter.check('a'), { ok: true });
    limiter.record('a');
    assert.equal(limiter.check('a').ok, false);
  });
});

describe('QuestionLimits', () => {
  it('GIVEN no options THEN 6 questions a minute per user and 60 per server', () => {
    const limits = new QuestionLimits();
    assert.equal(limits.user.limit, 6);
    assert.equal(limits.user.windowMs, 60_000);
    assert.equal(limits.server.limit, 60);
    assert.equal(limits.server.windowMs, 60_000);
  });

  it('GIVEN a server at its limit THEN every member is refused, each told once, naming the server limit', () => {
    let now = 0;
    const limits = new QuestionLimits({ user: { limit: 2, now: () => now }, server: { limit: 3, now: () => now } });
    assert.deepEqual(limits.take('u1', 'g'), { ok: true });
    assert.deepEqual(limits.take('u2', 'g'), { ok: true });
    now = 1000;
    assert.deepEqual(limits.take('u3', 'g'), { ok: true });
    assert.deepEqual(limits.take('u4', 'g'), { ok: false, scope: 'server', limit: 3, windowMs: 60_000, retryAfterMs: 59_000, firstRefusal: true });
    assert.equal((limits.take('u4', 'g') as { firstRefusal: boolean }).firstRefusal, false, 'told once');
    assert.equal((limits.take('u5', 'g') as { firstRefusal: boolean }).firstRefusal, true, 'another member is told too');
    assert.deepEqual(limits.take('u4', 'other-guild'), { ok: true }, 'other servers are not affected');
    assert.deepEqual(limits.take('u4', null), { ok: true }, 'outside a server only the user limit counts');
  });

  it('GIVEN a refusal by one limit THEN the other is not used up', () => {
    const limits = new QuestionLimits({ user: { limit: 1, now: () => 0 }, server: { limit: 2, now: () => 0 } });
    assert.equal(limits.take('u1', 'g').ok, true);
    const refused = limits.take('u1', 'g');
    assert.equal(!refused.ok && refused.scope, 'user');
    // u1's refused question did not count for the server: u2 still gets the second slot.
    assert.equal(limits.take('u2', 'g').ok, true);
    const full = limits.take('u3', 'g');
    assert.equal(!full.ok && full.scope, 'server');
    // u3 was refused by the server: their own allowance is untouched.
    assert.equal(limits.take('u3', 'other').ok, true);
  });
});

describe('rateLimitMessage', () => {
  it('GIVEN a user refusal THEN says it is your limit, what it is, and when to retry', () => {
    assert.equal(
      rateLimitMessage({ scope: 'user', limit: 5, windowMs: 60_000, retryAfterMs: 8000 }),
      "You're asking faster than I can keep up with (your limit: 5 questions a minute). Please try again in 8 s.",
    );
    assert.match(rateLimitMessage({ scope: 'user', limit: 2, windowMs: 30_000, retryAfterMs: 1 }), /\(your limit: 2 questions per 30 seconds\)\. Please try again in 1 s\.$/);
  });
  it('GIVEN a server refusal THEN says it is the server limit, shared by everyone', () => {
    assert.equal(
      rateLimitMessage({ scope: 'server', limit: 60, windowMs: 120_000, retryAfterMs: 12_400 }),
      'This server is asking faster than I can keep up with (server limit: 60 questions per 2 minutes, shared by everyone here). Please try again in 13 s.',
    );
  });
});

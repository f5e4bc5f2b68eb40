import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter, rateLimitMessage } from '../../src/bot/rate-limit.ts';

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
  it('GIVEN a refusal THEN the message says the limit and when to retry', () => {
    assert.equal(
      rateLimitMessage({ retryAfterMs: 8000 }, { limit: 5, windowMs: 60_000 }),
      "You're asking faster than I can keep up with (5 questions per 1 minute(s)). Please try again in 8 s.",
    );
    assert.match(rateLimitMessage({ retryAfterMs: 1 }, { limit: 2, windowMs: 30_000 }), /2 questions per 30 seconds\). Please try again in 1 s\./);
  });
});

export interface RateLimitOptions {
  /** Questions one user may ask within `windowMs`. @default 6 */
  limit?: number;
  /** @default 60_000 (one minute) */
  windowMs?: number;
  now?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; /** First refusal in this window (say so once, then stay quiet). */ firstRefusal: boolean };

/**
 * Per-user sliding window: each user may ask `limit` questions in any `windowMs`. Lookups that
 * cost nothing (autocomplete, page buttons, /help) are not counted. Memory is bounded by the
 * users active within one window.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { times: number[]; warned: boolean }>();
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions = {}) {
    this.limit = options.limit ?? 6;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts a request by `userId` if allowed. */
  take(userId: string): RateDecision {
    const now = this.now();
    this.forgetIdle(now);
    const entry = this.hits.get(userId) ?? { times: [], warned: false };
    entry.times = entry.times.filter((t) => now - t < this.windowMs);
    if (entry.times.length >= this.limit) {
      const firstRefusal = !entry.warned;
      entry.warned = true;
      this.hits.set(userId, entry);
      return { ok: false, retryAfterMs: entry.times[0]! + this.windowMs - now, firstRefusal };
    }
    entry.times.push(now);
    entry.warned = false;
    this.hits.set(userId, entry);
    return { ok: true };
  }

  private forgetIdle(now: number): void {
    if (this.hits.size < 1000) return;
    for (const [user, entry] of this.hits) if (entry.times.every((t) => now - t >= this.windowMs)) this.hits.delete(user);
  }
}

/** The message a refused user sees. */
export function rateLimitMessage(decision: { retryAfterMs: number }, limiter: Pick<RateLimiter, 'limit' | 'windowMs'>): string {
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  const window = limiter.windowMs % 60_000 === 0 ? `${limiter.windowMs / 60_000} minute(s)` : `${Math.round(limiter.windowMs / 1000)} seconds`;
  return `You're asking faster than I can keep up with (${limiter.limit} questions per ${window}). Please try again in ${seconds} s.`;
}

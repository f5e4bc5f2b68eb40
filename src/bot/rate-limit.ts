export interface RateLimitOptions {
  /** Questions allowed within `windowMs` (per user, or per server for the server limit). */
  limit?: number;
  /** @default 60_000 (one minute) */
  windowMs?: number;
  now?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; /** First refusal of this asker in this window (say so once, then stay quiet). */ firstRefusal: boolean };

interface Entry {
  times: number[];
  /** Who has been told about the refusal since the last question that got through. */
  warned: Set<string>;
}

/**
 * A sliding window per key (a user, or a server): `limit` questions in any `windowMs`. Lookups
 * that cost nothing (autocomplete, page buttons, /help) are not counted. Memory is bounded by
 * the keys active within one window.
 */
export class RateLimiter {
  private readonly hits = new Map<string, Entry>();
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;

  /** @param defaultLimit the limit when `options.limit` is not given */
  constructor(options: RateLimitOptions = {}, defaultLimit = 6) {
    this.limit = options.limit ?? defaultLimit;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts a question for `key` if allowed. */
  take(key: string): RateDecision {
    const decision = this.check(key);
    if (decision.ok) this.record(key);
    return decision;
  }

  /**
   * Whether `key` may ask now, without counting it. A refusal is marked first for `asker`
   * (default: the key itself) once per window, so a server-wide refusal is told to each member once.
   */
  check(key: string, asker: string = key): RateDecision {
    const now = this.now();
    this.forgetIdle(now);
    const entry = this.entry(key, now);
    if (entry.times.length < this.limit) return { ok: true };
    const firstRefusal = !entry.warned.has(asker);
    entry.warned.add(asker);
    return { ok: false, retryAfterMs: entry.times[0]! + this.windowMs - now, firstRefusal };
  }

  /** Counts a question for `key` (after check() allowed it). */
  record(key: string): void {
    const now = this.now();
    const entry = this.entry(key, now);
    entry.times.push(now);
    entry.warned.clear();
  }

  private entry(key: string, now: number): Entry {
    let entry = this.hits.get(key);
    if (!entry) {
      entry = { times: [], warned: new Set() };
      this.hits.set(key, entry);
    }
    entry.times = entry.times.filter((t) => now - t < this.windowMs);
    return entry;
  }

  private forgetIdle(now: number): void {
    if (this.hits.size < 1000) return;
    for (const [key, entry] of this.hits) if (entry.times.every((t) => now - t >= this.windowMs)) this.hits.delete(key);
  }
}

export interface QuestionLimitOptions {
  /** Per user, across servers. @default 6 a minute */
  user?: RateLimitOptions;
  /** Per server, shared by all its members; questions outside a server (DMs) only count per user. @default 60 a minute */
  server?: RateLimitOptions;
}

export type LimitScope = 'user' | 'server';

export type LimitDecision = { ok: true } | { ok: false; scope: LimitScope; limit: number; windowMs: number; retryAfterMs: number; firstRefusal: boolean };

/**
 * Both limits on questions (/ask, /quote, /briefing, /reindex, mentions): the asker's own and
 * their server's. A question is counted against both only when both allow it, so a refusal by
 * one does not use up the other.
 */
export class QuestionLimits {
  readonly user: RateLimiter;
  readonly server: RateLimiter;

  constructor(options: QuestionLimitOptions = {}) {
    this.user = new RateLimiter(options.user, 6);
    this.server = new RateLimiter(options.server, 60);
  }

  take(userId: string, guildId: string | null): LimitDecision {
    const mine = this.user.check(userId);
    if (!mine.ok) return { ...mine, scope: 'user', limit: this.user.limit, windowMs: this.user.windowMs };
    if (guildId !== null) {
      const theirs = this.server.check(guildId, userId);
      if (!theirs.ok) return { ...theirs, scope: 'server', limit: this.server.limit, windowMs: this.server.windowMs };
    }
    this.user.record(userId);
    if (guildId !== null) this.server.record(guildId);
    return { ok: true };
  }
}

function perWindow(windowMs: number): string {
  if (windowMs === 60_000) return 'a minute';
  if (windowMs % 60_000 === 0) return `per ${windowMs / 60_000} minutes`;
  return `per ${Math.round(windowMs / 1000)} seconds`;
}

/** The message a refused asker sees: which limit, what it is, and when to try again. */
export function rateLimitMessage(decision: { scope?: LimitScope; limit: number; windowMs: number; retryAfterMs: number }): string {
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  const rate = `${decision.limit} question${decision.limit === 1 ? '' : 's'} ${perWindow(decision.windowMs)}`;
  if (decision.scope === 'server') {
    return `This server is asking faster than I can keep up with (server limit: ${rate}, shared by everyone here). Please try again in ${seconds} s.`;
  }
  return `You're asking faster than I can keep up with (your limit: ${rate}). Please try again in ${seconds} s.`;
}

import { randomBytes } from 'node:crypto';
import type { AnswerActions } from '../answer-actions.ts';
import type { Paged } from '../render/paged.ts';

export interface PageSession {
  id: string;
  /** Only this user may press the buttons. */
  ownerId: string;
  paged: Paged;
  /** The answer's feedback buttons, kept on every page. */
  actions?: AnswerActions;
  /** The public copy, once "Share in channel" posted one (its link). */
  sharedAt?: string;
  expiresAt: number;
}

export interface PageSessionOptions {
  /** How long buttons keep working after the answer. @default 15 minutes */
  ttlMs?: number;
  /** Answers remembered at once; the oldest is forgotten first. @default 500 */
  maxSessions?: number;
  now?: () => number;
}

/**
 * Paged answers kept in memory so their buttons can turn pages. Bounded in time and count;
 * expired sessions are dropped on access, so no timer keeps the process alive. A restart
 * forgets them: the buttons then answer that they have expired.
 */
export class PageSessions {
  private readonly sessions = new Map<string, PageSession>();
  private readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: PageSessionOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.maxSessions = options.maxSessions ?? 500;
    this.now = options.now ?? Date.now;
  }

  create(ownerId: string, paged: Paged, actions?: AnswerActions): PageSession {
    this.prune();
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    const session: PageSession = { id: randomBytes(9).toString('base64url'), ownerId, paged, ...(actions ? { actions } : {}), expiresAt: this.now() + this.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): PageSession | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** The live session of an answer kept for feedback, by the answer's id. */
  forAnswer(answerId: string): PageSession | undefined {
    for (const session of this.sessions.values()) if (session.actions?.answerId === answerId) return this.get(session.id);
    return undefined;
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

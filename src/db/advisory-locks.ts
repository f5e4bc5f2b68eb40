import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** How often a wait for a lock another process holds asks again. */
const RETRY_MS = 200;
/** A wait longer than this is logged (then every as long again): another process may be stuck. */
const LONG_WAIT_MS = 60_000;

/**
 * PostgreSQL session advisory locks, so that work on one corpus (saving articles and indexing
 * them, polling a feed) runs in one process at a time across every process given the same
 * DATABASE_URL. The locks are held on one connection of their own: if the process dies (kill -9,
 * a lost machine), PostgreSQL ends its session and every lock it held is free at once, with no
 * lease to wait out. Waiting is done by trying again (pg_try_advisory_lock), so that connection
 * never blocks and one process can hold many locks.
 *
 * Within the process a lock is also a queue: one holder at a time, and work that already holds a
 * lock (in the same chain of awaits) takes it again without waiting for itself.
 */
export class AdvisoryLocks {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  /** In-process holders: the tail of each lock's queue. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();
  private closed = false;

  constructor(
    private readonly url: string,
    /**
     * Told when a wait is long (another process holds the lock: it may be stuck) and when the
     * locks' connection is lost while work holds one (the work goes on; the database's
     * constraints still hold, and the next lock connects again).
     */
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Runs `work` holding the lock `name`, waiting (polling) as long as another process or another task holds it. */
  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.held.getStore()?.has(name)) return work();
    return this.queued(name, async () => {
      const started = Date.now();
      let nextWarning = started + LONG_WAIT_MS;
      while (!(await this.tryLock(name))) {
        if (Date.now() >= nextWarning) {
          this.warn(`Still waiting for another process to let go of "${name}" (${Math.round((Date.now() - started) / 1000)} s so far).`);
          nextWarning += LONG_WAIT_MS;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
      return this.holding(name, work);
    });
  }

  /** Runs `work` holding the lock `name` when it is free now; `{ ran: false }` when another process or task holds it. */
  async tryExclusive<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.held.getStore()?.has(name)) return { ran: true, value: await work() };
    if (this.queues.has(name)) return { ran: false };
    return this.queued(name, async () => {
      if (!(await this.tryLock(name))) return { ran: false as const };
      return { ran: true as const, value: await this.holding(name, work) };
    });
  }

  /** Whether the running task (this chain of awaits) holds the lock `name`. */
  holds(name: string): boolean {
    return this.held.getStore()?.has(name) ?? false;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async holding<T>(name: string, work: () => Promise<T>): Promise<T> {
    const session = this.client;
    try {
      return await this.held.run(new Set([...(this.held.getStore() ?? []), name]), work);
    } finally {
      // A lost connection has released the lock already; a new connection never held it.
      if (session && session === this.client) {
        await session.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => undefined);
      }
    }
  }

  private queued<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(name) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.queues.set(name, tail);
    void tail.then(() => {
      if (this.queues.get(name) === tail) this.queues.delete(name);
    });
    return result;
  }

  private async tryLock(name: string): Promise<boolean> {
    const client = await this.session();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [name]);
    return rows[0]?.locked === true;
  }

  /** The locks' connection, made on first need and again after it was lost. */
  private async session(): Promise<pg.Client> {
    if (this.closed) throw new Error('the database connection for locks is closed');
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      const lost = (error: Error) => {
        if (this.client !== client) return;
        this.client = null;
        const names = [...this.queues.keys()];
        if (names.length > 0) this.warn(`The database connection holding the locks ${names.map((n) => `"${n}"`).join(', ')} was lost (${error.message}); the work holding them goes on, and the next lock connects again.`);
      };
      // A dropped connection must not crash the process: the next lock connects again.
      client.on('error', lost);
      client.on('end', () => lost(new Error('the connection was closed')));
      await client.connect();
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }
}

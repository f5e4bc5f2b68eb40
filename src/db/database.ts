import { consola } from 'consola';
import pg from 'pg';
import { migrate } from './postgres-schema.ts';
import { AdvisoryLocks } from './advisory-locks.ts';

/** Connections of one process to one database, shared by every corpus (a bot may hold hundreds of servers' corpora). */
const POOL_SIZE = 10;

interface Opened {
  database: Promise<Database>;
  users: number;
}

const opened = new Map<string, Opened>();

/**
 * One process's connections to the database of DATABASE_URL: a pool for queries and a session
 * for advisory locks (src/db/advisory-locks.ts), shared by every store of every corpus that
 * uses the same URL. The schema is brought up to date when the first user opens it; it is
 * closed when the last one lets it go.
 */
export class Database {
  private constructor(
    readonly url: string,
    readonly pool: pg.Pool,
    readonly locks: AdvisoryLocks,
  ) {}

  /** The database of `url`, connected and migrated (once per process); throws with the server's reason when it cannot be. */
  static async open(url: string): Promise<Database> {
    let entry = opened.get(url);
    if (!entry) {
      entry = { database: Database.connect(url), users: 0 };
      opened.set(url, entry);
      const failed = entry;
      entry.database.catch(() => {
        if (opened.get(url) === failed) opened.delete(url);
      });
    }
    entry.users++;
    try {
      return await entry.database;
    } catch (error) {
      entry.users--;
      throw error;
    }
  }

  private static async connect(url: string): Promise<Database> {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    const logger = consola.withTag('database');
    return new Database(url, pool, new AdvisoryLocks(url, (message) => logger.warn(message)));
  }

  /** `host:port/database`: where, for messages (never the password). */
  get name(): string {
    const parsed = new URL(this.url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  }

  /** Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED'): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Lets this use go; the last one closes the connections. */
  async release(): Promise<void> {
    const entry = opened.get(this.url);
    if (!entry || --entry.users > 0) return;
    opened.delete(this.url);
    await this.locks.close();
    await this.pool.end();
  }
}

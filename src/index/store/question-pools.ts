import pg from 'pg';
import { StaleIndexError } from '../question-postings.ts';

/**
 * Where a process's questions read the database: a read replica (DATABASE_READ_URL) when there
 * is one, else the primary (DATABASE_URL), where saves and loads go. A replica applies the
 * primary's saves a moment late: a question that finds it behind the index this process holds
 * reads the primary instead, so it never scores one generation's rows against another's
 * passages; one that finds a newer index than this process holds must wait until it is loaded.
 */
export class QuestionPools {
  private constructor(
    readonly primary: pg.Pool,
    private readonly replica: pg.Pool | null,
  ) {}

  static open(primary: pg.Pool, readUrl: string | undefined): QuestionPools {
    if (!readUrl) return new QuestionPools(primary, null);
    const replica = new pg.Pool({ connectionString: readUrl, max: 4 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    replica.on('error', () => undefined);
    return new QuestionPools(primary, replica);
  }

  /**
   * `read` on the replica, then on the primary if the replica has not reached `generation`;
   * `read` reports the generation of the index it read in the same snapshot (null: none there).
   */
  async read<T>(indexKey: string, generation: number, read: (pool: pg.Pool) => Promise<{ value: T; generation: number | null }>): Promise<T> {
    const first = await read(this.replica ?? this.primary);
    if (first.generation === generation) return first.value;
    const behind = first.generation === null || first.generation < generation;
    if (this.replica && behind) {
      const second = await read(this.primary);
      if (second.generation === generation) return second.value;
      throw new StaleIndexError(`the index ${indexKey} is at generation ${second.generation} in the database; this process holds ${generation}`);
    }
    throw new StaleIndexError(`the index ${indexKey} is at generation ${first.generation} in the database; this process holds ${generation}`);
  }

  async close(): Promise<void> {
    await this.replica?.end();
  }
}

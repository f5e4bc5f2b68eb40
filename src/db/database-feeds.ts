import { existsSync } from 'node:fs';
import { canonicalUrl } from '../sources/canonical-url.ts';
import type { FeedItems, FeedItemsPolled, FeedState } from '../sources/feed-state.ts';
import { loadFeedStore } from '../sources/feed-store.ts';
import type { Database } from './database.ts';

/** The name of the lock a process holds while it polls one feed of one corpus (AdvisoryLocks). */
export function feedLockName(corpus: string, feed: string): string {
  return `news-quote-bot feed ${corpus} ${canonicalUrl(feed)}`;
}

/**
 * One corpus's feeds in PostgreSQL: the feeds added (`feeds`) and what became of each feed's
 * items (`feed_items`), shared by every process. A feed is polled by one process at a time: the
 * poller holds an advisory lock, released by PostgreSQL the moment its process dies, so the next
 * poll anywhere reads the feed again and fetches what was not recorded. Items are keyed by the
 * feed's canonical address, so two spellings of one feed share what was delivered.
 */
export class DatabaseFeeds implements FeedState {
  private legacyImport: Promise<void> | null = null;

  constructor(
    private readonly databaseOpening: Promise<Database>,
    readonly corpus: string,
    readonly location: string,
    /**
     * The feed file this corpus had on this machine before feeds were kept in the database: its
     * feeds and items are taken over on first use if the database has none for the corpus.
     */
    private readonly legacyFile?: string,
  ) {}

  async feeds(): Promise<string[]> {
    const { rows } = await (await this.database).pool.query<{ url: string }>('SELECT url FROM feeds WHERE corpus = $1 ORDER BY added_at, url', [this.corpus]);
    return rows.map((row) => row.url);
  }

  /** The database, once a legacy feed file (if any) has been taken over. */
  private get database(): Promise<Database> {
    this.legacyImport ??= this.takeOverLegacyFile().catch((error: unknown) => {
      this.legacyImport = null;
      throw error;
    });
    return this.legacyImport.then(() => this.databaseOpening);
  }

  private async takeOverLegacyFile(): Promise<void> {
    if (!this.legacyFile || !existsSync(this.legacyFile)) return;
    const database = await this.databaseOpening;
    const store = await loadFeedStore(this.legacyFile);
    await database.transaction(async (client) => {
      const { rows } = await client.query('SELECT 1 FROM feeds WHERE corpus = $1 UNION ALL SELECT 1 FROM feed_items WHERE corpus = $1 LIMIT 1', [this.corpus]);
      if (rows.length > 0) return;
      for (const url of store.feeds) {
        await client.query('INSERT INTO feeds (corpus, canonical_url, url) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [this.corpus, canonicalUrl(url), url]);
      }
      const feeds = new Set([...Object.keys(store.seen), ...Object.keys(store.refusals)]);
      for (const feed of feeds) {
        const delivered = store.seen[feed] ?? [];
        const refused = Object.entries(store.refusals[feed] ?? {}).filter(([link]) => !delivered.includes(link));
        await client.query(
          `INSERT INTO feed_items (corpus, feed, link, delivered, refusals)
           SELECT $1, $2, link, delivered, refusals FROM unnest($3::text[], $4::boolean[], $5::integer[]) AS t(link, delivered, refusals)
           ON CONFLICT DO NOTHING`,
          [this.corpus, canonicalUrl(feed), [...delivered, ...refused.map(([link]) => link)], [...delivered.map(() => true), ...refused.map(() => false)], [...delivered.map(() => 0), ...refused.map(([, n]) => n)]],
        );
      }
    });
  }

  async addFeed(url: string): Promise<boolean> {
    const result = await (await this.database).pool.query('INSERT INTO feeds (corpus, canonical_url, url) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [this.corpus, canonicalUrl(url), url]);
    return result.rowCount === 1;
  }

  async removeFeed(url: string): Promise<boolean> {
    const result = await (await this.database).pool.query('DELETE FROM feeds WHERE corpus = $1 AND canonical_url = $2', [this.corpus, canonicalUrl(url)]);
    return (result.rowCount ?? 0) > 0;
  }

  async items(feed: string): Promise<FeedItems> {
    const { rows } = await (await this.database).pool.query<{ link: string; delivered: boolean; refusals: number }>(
      'SELECT link, delivered, refusals FROM feed_items WHERE corpus = $1 AND feed = $2',
      [this.corpus, canonicalUrl(feed)],
    );
    return {
      seen: new Set(rows.filter((row) => row.delivered).map((row) => row.link)),
      refusals: Object.fromEntries(rows.filter((row) => !row.delivered).map((row) => [row.link, row.refusals])),
    };
  }

  async record(feed: string, polled: FeedItemsPolled): Promise<void> {
    const refused = Object.entries(polled.refused);
    if (polled.delivered.length === 0 && refused.length === 0) return;
    await (await this.database).pool.query(
      `INSERT INTO feed_items (corpus, feed, link, delivered, refusals)
       SELECT $1, $2, link, delivered, refusals FROM unnest($3::text[], $4::boolean[], $5::integer[]) AS t(link, delivered, refusals)
       ON CONFLICT (corpus, feed, link) DO UPDATE SET delivered = EXCLUDED.delivered, refusals = EXCLUDED.refusals, updated_at = now()`,
      [
        this.corpus,
        canonicalUrl(feed),
        [...polled.delivered, ...refused.map(([link]) => link)],
        [...polled.delivered.map(() => true), ...refused.map(() => false)],
        [...polled.delivered.map(() => 0), ...refused.map(([, count]) => count)],
      ],
    );
  }

  async exclusively<T>(feed: string, poll: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    return (await this.database).locks.tryExclusive(feedLockName(this.corpus, feed), poll);
  }

  /** Every corpus (shared or a server's) that has feeds of its own stored. */
  static async corporaWithFeeds(database: Database): Promise<string[]> {
    const { rows } = await database.pool.query<{ corpus: string }>('SELECT DISTINCT corpus FROM feeds ORDER BY corpus');
    return rows.map((row) => row.corpus);
  }
}

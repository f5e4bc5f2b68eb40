import type { BuildReport } from '../index/build-index.ts';
import { addFromAttachment, addFromUrl, type AddContext, type AddOutcome } from './add-article.ts';
import { loadCatalogue } from './corpus-catalogue.ts';
import { addFeed, allFeeds, removeFeed, type FeedChange } from './feed-list.ts';
import { loadFeedStore } from './feed-store.ts';
import type { FetchPolicy } from './fetch-policy.ts';
import { pollFeeds, type FeedPollReport } from './poll-feeds.ts';

export interface CorpusUpdatesOptions {
  corpusDir: string;
  storeFile: string;
  configuredFeeds: readonly string[];
  policy: FetchPolicy;
  /** The engine's incremental update: embeds only the new passages. */
  reindex: () => Promise<BuildReport>;
}

/**
 * Everything that adds articles while the bot runs: /add, /feeds and the feed schedule. One
 * change at a time, so two additions never race to save the same article, and the index is
 * updated after each one that saved something.
 */
export class CorpusUpdates {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CorpusUpdatesOptions) {}

  poll(): Promise<{ reports: FeedPollReport[]; index?: BuildReport }> {
    return this.serial(async () => {
      const { corpusDir, storeFile, configuredFeeds, policy } = this.options;
      const reports = await pollFeeds({ corpusDir, storeFile, configuredFeeds, policy });
      const added = reports.some((r) => r.outcomes.some((o) => o.status === 'added'));
      return { reports, ...(added ? { index: await this.options.reindex() } : {}) };
    });
  }

  addUrl(url: string): Promise<AddOutcome> {
    return this.add((ctx) => addFromUrl(url, ctx));
  }

  addAttachment(attachment: { name: string; url: string; size: number }): Promise<AddOutcome> {
    return this.add((ctx) => addFromAttachment(attachment, ctx));
  }

  addFeed(url: string): Promise<FeedChange> {
    return this.serial(() => addFeed(this.options.storeFile, this.options.configuredFeeds, url));
  }

  removeFeed(url: string): Promise<FeedChange> {
    return this.serial(() => removeFeed(this.options.storeFile, this.options.configuredFeeds, url));
  }

  async feeds(): Promise<{ url: string; configured: boolean }[]> {
    return allFeeds(this.options.configuredFeeds, (await loadFeedStore(this.options.storeFile)).feeds);
  }

  private add(run: (ctx: AddContext) => Promise<AddOutcome>): Promise<AddOutcome> {
    return this.serial(async () => {
      const ctx: AddContext = { corpusDir: this.options.corpusDir, policy: this.options.policy, catalogue: await loadCatalogue(this.options.corpusDir) };
      const outcome = await run(ctx);
      if (outcome.status === 'added') await this.options.reindex();
      return outcome;
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

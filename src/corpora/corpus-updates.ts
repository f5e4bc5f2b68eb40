import type { BuildReport } from '../index/build-index.ts';
import { prepareFromAttachment, prepareFromUrl, saveIfNew, type AddOutcome, type ArticleWriter, type PrepareContext, type PreparedArticle } from '../sources/add-article.ts';
import type { Catalogue } from '../sources/corpus-catalogue.ts';
import { addFeed, allFeeds, removeFeed, type FeedChange } from '../sources/feed-list.ts';
import { FileFeedState, type FeedState } from '../sources/feed-state.ts';
import type { FetchPolicy } from '../sources/fetch-policy.ts';
import { pollFeeds, type FeedPollReport } from '../sources/poll-feeds.ts';
import type { PollLimits } from '../poll-limits.ts';

export interface CorpusUpdatesOptions {
  corpusDir: string;
  /** The feed file (FileFeedState), when no `feedState` is given. */
  storeFile?: string;
  /** Where the feed list and what became of the items are kept. @default the JSON file `storeFile` */
  feedState?: FeedState;
  /** Where new articles are written. @default the corpus folder */
  articles?: ArticleWriter;
  /**
   * Runs the save-and-index step alone among every process that changes this corpus (with the
   * database, its advisory lock). @default at once: this process's queue is the only one
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Feeds from FEEDS (the shared corpus only). */
  configuredFeeds: readonly string[];
  policy: FetchPolicy;
  limits?: PollLimits;
  /** The engine's incremental update after articles were saved: embeds only the new passages. */
  reindex: () => Promise<BuildReport>;
  /** What counts as already there (`loadCatalogue` for a corpus folder). */
  catalogue: () => Promise<Catalogue>;
  /** Feeds the same readers already get from elsewhere (a server's view of the shared feeds): /feeds add refuses them. */
  alsoListed?: () => Promise<string[]>;
  /** Failures in our code during a poll, with their stack (the report names them only). */
  onError?: (feed: string, error: Error) => void;
}

/**
 * Everything that adds articles to one corpus while the bot runs: /add, /feeds and the feed
 * schedule. Fetching and reading run at once for as many callers as there are; only the
 * save-and-index step waits in this corpus's queue, so two additions never race to save the same
 * article, and a slow poll never holds up an /add or a /feeds add.
 */
export class CorpusUpdates {
  private queue: Promise<unknown> = Promise.resolve();
  private polling: Promise<FeedPollReport[]> | null = null;
  private readonly feedState: FeedState;

  constructor(private readonly options: CorpusUpdatesOptions) {
    if (!options.feedState && options.storeFile === undefined) throw new Error('CorpusUpdates: give a feed state or a feed file');
    this.feedState = options.feedState ?? new FileFeedState(options.storeFile!);
  }

  get corpusDir(): string {
    return this.options.corpusDir;
  }

  /** Polls every feed of this corpus; a poll asked for while one runs gets that one's report. */
  async poll(): Promise<{ reports: FeedPollReport[] }> {
    this.polling ??= pollFeeds({
      corpusDir: this.options.corpusDir,
      feedState: this.feedState,
      configuredFeeds: this.options.configuredFeeds,
      policy: this.options.policy,
      limits: this.options.limits,
      catalogue: () => this.catalogue(),
      save: (prepared) => this.saveAndIndex(prepared),
      onError: this.options.onError,
    }).finally(() => {
      this.polling = null;
    });
    return { reports: await this.polling };
  }

  addUrl(url: string): Promise<AddOutcome> {
    return this.add((ctx) => prepareFromUrl(url, ctx));
  }

  addAttachment(attachment: { name: string; url: string; size: number }): Promise<AddOutcome> {
    return this.add((ctx) => prepareFromAttachment(attachment, ctx));
  }

  async addFeed(url: string): Promise<FeedChange> {
    return addFeed(this.feedState, this.options.configuredFeeds, url, (await this.options.alsoListed?.()) ?? []);
  }

  removeFeed(url: string): Promise<FeedChange> {
    return removeFeed(this.feedState, this.options.configuredFeeds, url);
  }

  /** This corpus's feeds (from FEEDS first, then those added). */
  async feeds(): Promise<{ url: string; configured: boolean }[]> {
    return allFeeds(this.options.configuredFeeds, await this.feedState.feeds());
  }

  private async add(prepare: (ctx: PrepareContext) => Promise<PreparedArticle>): Promise<AddOutcome> {
    const prepared = await prepare({ policy: this.options.policy, catalogue: await this.catalogue() });
    const [outcome] = await this.saveAndIndex([prepared]);
    return outcome!;
  }

  /**
   * The one step in the queue (and, with the database, under the corpus's lock for every
   * process): saves what is new, checked against the corpus as it is now, then updates the
   * index once. Each article is saved whole or not at all; one saved but not yet indexed when
   * the process dies is indexed by the next process that looks (Engine.catchUp).
   */
  private saveAndIndex(prepared: PreparedArticle[]): Promise<AddOutcome[]> {
    const exclusive = this.options.exclusive ?? (<T>(work: () => Promise<T>) => work());
    return this.serial(() =>
      exclusive(async () => {
        const catalogue = await this.catalogue();
        const outcomes: AddOutcome[] = [];
        for (const article of prepared) outcomes.push(await saveIfNew(article, this.options.articles ?? this.options.corpusDir, catalogue));
        if (outcomes.some((o) => o.status === 'added')) await this.options.reindex();
        return outcomes;
      }),
    );
  }

  private catalogue(): Promise<Catalogue> {
    return this.options.catalogue();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

import type { ConsolaInstance } from 'consola';
import type { Config } from '../config.ts';
import type { Engine } from '../engine.ts';
import type { BuildReport } from '../index/build-index.ts';
import { briefingStatePath } from './briefing-state.ts';
import { DatabaseCorpusStorage } from './database-corpus-storage.ts';
import { CorpusUpdates } from './corpus-updates.ts';
import { fetchPolicyFrom } from '../sources/fetch-policy.ts';
import type { FeedPollReport } from '../sources/poll-feeds.ts';
import { pollLimitsFrom } from '../poll-limits.ts';
import { CombinedCorpus } from './combined-corpus.ts';
import type { CorpusReader } from './corpus-reader.ts';
import { LocalCorpusStorage, type CorpusStorage } from './corpus-storage.ts';
import { SHARED, type CorpusTarget } from './corpus-target.ts';
import { serverCorpusPaths } from './server-corpus-paths.ts';

/** Corpora whose feeds are polled at the same time by pollAll. */
const POLLS_AT_ONCE = 4;

export interface ServerCorporaOptions {
  /** The shared corpus (CORPUS_DIR): its engine owns the model worker every server's index shares. */
  shared: Engine;
  config: Config;
  logger: ConsolaInstance;
  /** Where the shared corpus's added feeds are kept (local files). @default feedStorePath(config, shared.corpusDir) */
  sharedFeedStoreFile?: string;
  /** Where the time of the last scheduled briefing is kept (local files). @default briefingStatePath(config, shared.corpusDir) */
  briefingStateFile?: string;
}

/**
 * The shared corpus and every Discord server's own articles over it. A server that adds an
 * article or a feed gets a corpus folder and an index of its own (INDEX_DIR/servers/<id>/, or its
 * own key in PostgreSQL), opened on first need beside the shared engine (one model worker, one
 * dictionary). A question in a server is answered from the shared corpus and that server's own
 * articles, never another server's; what one server adds changes no other server's answers.
 */
export class ServerCorpora {
  private readonly engines = new Map<string, Promise<Engine>>();
  private readonly updates = new Map<string, CorpusUpdates>();
  /** Where articles, feeds and briefings are kept: this machine's files, or the database every process shares. */
  readonly storage: CorpusStorage;

  constructor(private readonly options: ServerCorporaOptions) {
    const { config, shared } = options;
    this.storage = config.DATABASE_URL
      ? new DatabaseCorpusStorage({ ...config, DATABASE_URL: config.DATABASE_URL }, shared.corpusName, shared.corpusDir, shared.settings.nearDuplicates)
      : new LocalCorpusStorage(config, shared.corpusDir, {
          sharedFeedStoreFile: options.sharedFeedStoreFile,
          briefingStateFile: options.briefingStateFile ?? briefingStatePath(config, shared.corpusDir),
          onProblem: (message) => options.logger.warn(message),
        }, shared.settings.nearDuplicates);
  }

  /** The shared corpus's engine. */
  get shared(): Engine {
    return this.options.shared;
  }

  /**
   * What a question asked in `guildId` reads: the shared corpus, with that server's own articles
   * when it has any. A direct message (null) and the home server read the shared corpus.
   */
  async readerFor(guildId: string | null): Promise<CorpusReader> {
    if (guildId === null || guildId === this.options.config.DISCORD_GUILD_ID) return this.shared;
    const own = await this.ownEngine(guildId, false);
    return own ? new CombinedCorpus(this.shared, own, this.options.config.ANSWER_PASSAGES) : this.shared;
  }

  /** Adds articles and feeds to one corpus (one queue per corpus). */
  updatesFor(target: CorpusTarget): CorpusUpdates {
    const key = target.kind === 'shared' ? 'shared' : target.guildId;
    let updates = this.updates.get(key);
    if (!updates) {
      updates = target.kind === 'shared' ? this.sharedUpdates() : this.serverUpdates(target.guildId);
      this.updates.set(key, updates);
    }
    return updates;
  }

  /** Re-reads one corpus (its folder, or with the database its articles there and CORPUS_DIR's uploads); null for a server with no articles of its own. */
  async reindex(target: CorpusTarget): Promise<BuildReport | null> {
    if (target.kind === 'shared') return this.shared.reindex();
    const own = await this.ownEngine(target.guildId, false);
    return own ? own.reindex() : null;
  }

  /**
   * Polls the shared feeds and each server's own (FEED_CRON): each corpus's articles go to that
   * corpus only. Up to POLLS_AT_ONCE corpora are polled at a time, so one server's slow feeds
   * (each poll is bounded by FEED_POLL_TIMEOUT_MS) hold up the others little. A corpus whose poll
   * fails (an unreadable feed list) is reported; the others are polled.
   */
  async pollAll(): Promise<{ target: CorpusTarget; reports: FeedPollReport[]; problem?: string }[]> {
    const targets: CorpusTarget[] = [SHARED];
    for (const guildId of await this.storage.serversWithFeeds()) {
      if (guildId !== this.options.config.DISCORD_GUILD_ID) targets.push({ kind: 'server', guildId });
    }
    const results: ({ target: CorpusTarget; reports: FeedPollReport[]; problem?: string } | null)[] = new Array(targets.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const i = next++;
        const target = targets[i]!;
        try {
          if (target.kind === 'server' && (await this.updatesFor(target).feeds()).length === 0) continue;
          results[i] = { target, reports: (await this.updatesFor(target).poll()).reports };
        } catch (error) {
          this.options.logger.error(`Polling the feeds of ${target.kind === 'shared' ? 'the shared corpus' : `server ${target.guildId}`} failed:`, error);
          results[i] = { target, reports: [], problem: (error as Error).message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLLS_AT_ONCE, targets.length) }, worker));
    return results.filter((r) => r !== null);
  }

  /** Closes every server's index and the storage (the shared engine belongs to the caller). */
  async close(): Promise<void> {
    const engines = await Promise.allSettled([...this.engines.values()]);
    this.engines.clear();
    await Promise.all(engines.map((e) => (e.status === 'fulfilled' ? e.value.close() : undefined)));
    await this.storage.close();
  }

  /**
   * A server's own engine, opened on first need: when it has articles, or (`create`) when its
   * first one was just saved. Null when it has none.
   */
  private async ownEngine(guildId: string, create: boolean): Promise<Engine | null> {
    const opening = this.engines.get(guildId);
    if (opening) return opening;
    const paths = serverCorpusPaths(this.options.config, guildId);
    if (!create && !(await this.storage.serverHasArticles(guildId))) return null;
    if (this.engines.has(guildId)) return this.engines.get(guildId)!;
    const engine = this.shared.openBeside({ corpusDir: paths.corpusDir, indexDir: paths.indexDir, indexKey: paths.indexKey, logger: this.options.logger.withTag(`server ${guildId}`) });
    this.engines.set(guildId, engine);
    // A failed open (the database unreachable) is tried again at the next question.
    engine.catch(() => this.engines.delete(guildId));
    return engine;
  }

  private sharedUpdates(): CorpusUpdates {
    const { config, shared } = this.options;
    return new CorpusUpdates({
      ...this.storage.parts(SHARED),
      configuredFeeds: config.FEEDS,
      policy: fetchPolicyFrom(config),
      limits: pollLimitsFrom(config),
      reindex: () => shared.update(),
      onError: (feed, error) => this.options.logger.error(`Polling ${feed} failed:`, error),
    });
  }

  private serverUpdates(guildId: string): CorpusUpdates {
    const { config } = this.options;
    return new CorpusUpdates({
      ...this.storage.parts({ kind: 'server', guildId }),
      configuredFeeds: [],
      policy: fetchPolicyFrom(config),
      limits: pollLimitsFrom(config),
      reindex: async () => {
        const opened = this.engines.has(guildId);
        const engine = (await this.ownEngine(guildId, true))!;
        // Opening builds the index of what the corpus holds, the new article included.
        return opened ? engine.update() : engine.openReport;
      },
      alsoListed: async () => (await this.updatesFor(SHARED).feeds()).map((f) => f.url),
      onError: (feed, error) => this.options.logger.error(`Polling ${feed} (server ${guildId}) failed:`, error),
    });
  }
}

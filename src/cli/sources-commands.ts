import { existsSync } from 'node:fs';
import path from 'node:path';
import { corpusNameFor, type Config } from '../config.ts';
import type { CorpusParts } from '../corpora/corpus-storage.ts';
import type { CorpusTarget } from '../corpora/corpus-target.ts';
import { serverCorpusPaths } from '../corpora/server-corpus-paths.ts';
import { DatabaseCorpusStorage } from '../corpora/database-corpus-storage.ts';
import type { Engine } from '../engine.ts';
import { addFromFile, addFromUrl, prepareFromFile, prepareFromUrl, saveIfNew, type AddOutcome } from '../sources/add-article.ts';
import { combinedCatalogue, loadCatalogue } from '../sources/corpus-catalogue.ts';
import { CorpusUpdates } from '../corpora/corpus-updates.ts';
import { describeOutcome, describePoll } from '../sources/describe-outcome.ts';
import { addFeed, allFeeds, removeFeed } from '../sources/feed-list.ts';
import { FileFeedState, type FeedState } from '../sources/feed-state.ts';
import { feedStorePath } from '../sources/feed-store.ts';
import { fetchPolicyFrom } from '../sources/fetch-policy.ts';
import { pollFeeds } from '../sources/poll-feeds.ts';
import { pollLimitsFrom } from '../poll-limits.ts';
import { resolveSettings } from '../settings.ts';
import { describeReport } from '../app/describe-report.ts';
import { cliLogger, configOrExit, openEngine } from '../app/open-engine.ts';
import { UserError } from '../util/user-error.ts';

/** Which corpus a CLI command changes: the shared one (CORPUS_DIR), or one Discord server's own with --server. */
interface CliCorpus {
  target: CorpusTarget;
  corpusDir: string;
  storeFile: string;
  configuredFeeds: readonly string[];
  /** For a server: its index (folder and key), and the shared corpus it is read over. */
  server?: { indexDir: string; indexKey: string };
}

function cliCorpus(config: Config, server: string | undefined): CliCorpus {
  if (server === undefined) return { target: { kind: 'shared' }, corpusDir: config.CORPUS_DIR, storeFile: feedStorePath(config, config.CORPUS_DIR), configuredFeeds: config.FEEDS };
  if (!/^\d{15,21}$/.test(server)) throw new UserError(`--server ${server}: expected a Discord server id (15 to 21 digits).`);
  const paths = serverCorpusPaths(config, server);
  return { target: { kind: 'server', guildId: server }, corpusDir: paths.corpusDir, storeFile: paths.feedStoreFile, configuredFeeds: [], server: { indexDir: paths.indexDir, indexKey: paths.indexKey } };
}

/** The engine of the corpus a command changes (its index brought up to date as it opens). */
function openCorpusEngine(config: Config, corpus: CliCorpus): Promise<Engine> {
  return openEngine(config, cliLogger(config), corpus.server ? { corpusDir: corpus.corpusDir, ...corpus.server } : {});
}

/** After articles were saved into a folder: the engine's incremental build embeds only their passages. */
async function updateIndex(config: Config, corpus: CliCorpus): Promise<void> {
  const engine = await openCorpusEngine(config, corpus);
  await engine.close();
  console.log(describeReport(engine.openReport));
}

/**
 * With DATABASE_URL: the corpus's engine (opened first, so a corpus used for the first time is
 * filled from its folder before anything is added) and its parts in the database.
 */
async function withDatabase<T>(config: Config, corpus: CliCorpus, work: (engine: Engine, parts: CorpusParts) => Promise<T>): Promise<T> {
  const engine = await openCorpusEngine(config, corpus);
  const storage = new DatabaseCorpusStorage({ ...config, DATABASE_URL: config.DATABASE_URL! }, corpusNameFor(config.CORPUS_DIR), config.CORPUS_DIR, engine.settings.nearDuplicates);
  try {
    return await work(engine, storage.parts(corpus.target));
  } finally {
    await storage.close();
    await engine.close();
  }
}

/**
 * `npm run add -- [--server ID] <URL | FILE>`: one link or one .txt/.md/.html file into the shared
 * corpus (or a Discord server's own), then the index. The corpus is the folder, or with
 * DATABASE_URL the database, where the article is saved and indexed by one process at a time.
 */
export async function addCommand(target: string, options: { server?: string } = {}): Promise<void> {
  const config = configOrExit();
  const corpus = cliCorpus(config, options.server);
  const isLink = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) && !existsSync(target);
  const policy = fetchPolicyFrom(config);
  let outcome: AddOutcome;
  let indexed: string | undefined;
  if (config.DATABASE_URL) {
    [outcome, indexed] = await withDatabase(config, corpus, async (engine, parts) => {
      const ctx = { policy, catalogue: await parts.catalogue() };
      const prepared = isLink ? await prepareFromUrl(target, ctx) : await prepareFromFile(path.resolve(target), ctx);
      return parts.exclusive!(async () => {
        const saved = await saveIfNew(prepared, parts.articles!, await parts.catalogue());
        return [saved, saved.status === 'added' ? describeReport(await engine.update()) : undefined] as const;
      });
    });
  } else {
    // A server's own articles never repeat what the shared corpus has.
    const duplicates = resolveSettings(config).nearDuplicates;
    const catalogue = corpus.server
      ? combinedCatalogue(await loadCatalogue(config.CORPUS_DIR, duplicates), await loadCatalogue(corpus.corpusDir, duplicates))
      : await loadCatalogue(corpus.corpusDir, duplicates);
    const ctx = { corpusDir: corpus.corpusDir, policy, catalogue };
    outcome = isLink ? await addFromUrl(target, ctx) : await addFromFile(path.resolve(target), ctx);
  }
  if (!isLink && outcome.status === 'refused' && !existsSync(target)) throw new UserError(`${target}: no such file, and not an http(s) link.`);
  if (outcome.status === 'refused') throw new UserError(describeOutcome(outcome));
  console.log(describeOutcome(outcome));
  if (indexed) console.log(indexed);
  else if (outcome.status === 'added') await updateIndex(config, corpus);
}

/** `npm run feeds -- [--server ID] poll | list | add URL | remove URL`. */
export async function feedsCommand(action: string, url: string | undefined, options: { server?: string } = {}): Promise<void> {
  const config = configOrExit();
  const corpus = cliCorpus(config, options.server);
  const { configuredFeeds } = corpus;
  if (action === 'poll') {
    if (config.DATABASE_URL) {
      // Each feed is read by one process at a time, and its articles saved and indexed as it goes.
      const reports = await withDatabase(config, corpus, async (engine, parts) => {
        const updates = new CorpusUpdates({ ...parts, configuredFeeds, policy: fetchPolicyFrom(config), limits: pollLimitsFrom(config), reindex: () => engine.update() });
        return (await updates.poll()).reports;
      });
      console.log(describePoll(reports));
      return;
    }
    const duplicates = resolveSettings(config).nearDuplicates;
    const catalogue = corpus.server
      ? async () => combinedCatalogue(await loadCatalogue(config.CORPUS_DIR, duplicates), await loadCatalogue(corpus.corpusDir, duplicates))
      : () => loadCatalogue(corpus.corpusDir, duplicates);
    const reports = await pollFeeds({ corpusDir: corpus.corpusDir, storeFile: corpus.storeFile, configuredFeeds, policy: fetchPolicyFrom(config), limits: pollLimitsFrom(config), catalogue });
    console.log(describePoll(reports));
    if (reports.some((r) => r.outcomes.some((o) => o.status === 'added'))) await updateIndex(config, corpus);
    return;
  }
  if (action !== 'list' && action !== 'add' && action !== 'remove') throw new UserError(`Unknown feeds action “${action}”: use poll, list, add URL or remove URL.`);
  if (action !== 'list' && !url) throw new UserError(`Give the feed's address: npm run feeds -- ${action} https://example.com/rss.xml`);
  const change = async (state: FeedState) => {
    if (action === 'list') {
      const feeds = allFeeds(configuredFeeds, await state.feeds());
      return feeds.length ? feeds.map((f) => `${f.url}${f.configured ? ' (from FEEDS)' : ''}`).join('\n') : 'No feeds: set FEEDS or run npm run feeds -- add URL.';
    }
    const changed = action === 'add' ? await addFeed(state, configuredFeeds, url!) : await removeFeed(state, configuredFeeds, url!);
    if (!changed.ok) throw new UserError(changed.message);
    return changed.message;
  };
  if (!config.DATABASE_URL) {
    console.log(await change(new FileFeedState(corpus.storeFile)));
    return;
  }
  const storage = new DatabaseCorpusStorage({ ...config, DATABASE_URL: config.DATABASE_URL }, corpusNameFor(config.CORPUS_DIR), config.CORPUS_DIR, resolveSettings(config).nearDuplicates);
  try {
    console.log(await change(storage.parts(corpus.target).feedState!));
  } finally {
    await storage.close();
  }
}

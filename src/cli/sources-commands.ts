import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { serverCorpusPaths } from '../corpora/server-corpus-paths.ts';
import { addFromFile, addFromUrl, type AddOutcome } from '../sources/add-article.ts';
import { combinedCatalogue, loadCatalogue } from '../sources/corpus-catalogue.ts';
import { describeOutcome, describePoll } from '../sources/describe-outcome.ts';
import { addFeed, allFeeds, removeFeed } from '../sources/feed-list.ts';
import { FeedStoreError, feedStorePath, loadFeedStore } from '../sources/feed-store.ts';
import { fetchPolicyFrom } from '../sources/fetch-policy.ts';
import { pollFeeds } from '../sources/poll-feeds.ts';
import { pollLimitsFrom } from '../sources/poll-limits.ts';
import { describeReport } from './commands.ts';
import { cliLogger, configOrExit, openEngine, UserError } from './open-engine.ts';

/** Which corpus a CLI command changes: the shared one (CORPUS_DIR), or one Discord server's own with --server. */
interface CliCorpus {
  corpusDir: string;
  storeFile: string;
  configuredFeeds: readonly string[];
  /** For a server: its index (folder and key), and the shared corpus it is read over. */
  server?: { indexDir: string; indexKey: string };
}

function cliCorpus(config: Config, server: string | undefined): CliCorpus {
  if (server === undefined) return { corpusDir: config.CORPUS_DIR, storeFile: feedStorePath(config, config.CORPUS_DIR), configuredFeeds: config.FEEDS };
  if (!/^\d{15,21}$/.test(server)) throw new UserError(`--server ${server}: expected a Discord server id (15 to 21 digits).`);
  const paths = serverCorpusPaths(config, server);
  return { corpusDir: paths.corpusDir, storeFile: paths.feedStoreFile, configuredFeeds: [], server: { indexDir: paths.indexDir, indexKey: paths.indexKey } };
}

/** After articles were saved: the engine's incremental build embeds only their passages. */
async function updateIndex(config: Config, corpus: CliCorpus): Promise<void> {
  const engine = await openEngine(config, cliLogger(config), corpus.server ? { corpusDir: corpus.corpusDir, ...corpus.server } : {});
  await engine.close();
  console.log(describeReport(engine.openReport));
}

/**
 * `npm run add -- [--server ID] <URL | FILE>`: one link or one .txt/.md/.html file into the shared
 * corpus folder (or a Discord server's own), then the index.
 */
export async function addCommand(target: string, options: { server?: string } = {}): Promise<void> {
  const config = configOrExit();
  const corpus = cliCorpus(config, options.server);
  // A server's own articles never repeat what the shared corpus has.
  const catalogue = corpus.server ? combinedCatalogue(await loadCatalogue(config.CORPUS_DIR), await loadCatalogue(corpus.corpusDir)) : await loadCatalogue(corpus.corpusDir);
  const ctx = { corpusDir: corpus.corpusDir, policy: fetchPolicyFrom(config), catalogue };
  const isLink = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) && !existsSync(target);
  const outcome: AddOutcome = isLink ? await addFromUrl(target, ctx) : await addFromFile(path.resolve(target), ctx);
  if (!isLink && outcome.status === 'refused' && !existsSync(target)) throw new UserError(`${target}: no such file, and not an http(s) link.`);
  if (outcome.status === 'refused') throw new UserError(describeOutcome(outcome));
  console.log(describeOutcome(outcome));
  if (outcome.status === 'added') await updateIndex(config, corpus);
}

/** `npm run feeds -- [--server ID] poll | list | add URL | remove URL`. */
export async function feedsCommand(action: string, url: string | undefined, options: { server?: string } = {}): Promise<void> {
  const config = configOrExit();
  const corpus = cliCorpus(config, options.server);
  const { storeFile, configuredFeeds } = corpus;
  try {
    if (action === 'poll') {
      const catalogue = corpus.server ? async () => combinedCatalogue(await loadCatalogue(config.CORPUS_DIR), await loadCatalogue(corpus.corpusDir)) : undefined;
      const reports = await pollFeeds({ corpusDir: corpus.corpusDir, storeFile, configuredFeeds, policy: fetchPolicyFrom(config), limits: pollLimitsFrom(config), catalogue });
      console.log(describePoll(reports));
      if (reports.some((r) => r.outcomes.some((o) => o.status === 'added'))) await updateIndex(config, corpus);
      return;
    }
    if (action === 'list') {
      const feeds = allFeeds(configuredFeeds, (await loadFeedStore(storeFile)).feeds);
      console.log(feeds.length ? feeds.map((f) => `${f.url}${f.configured ? ' (from FEEDS)' : ''}`).join('\n') : 'No feeds: set FEEDS or run npm run feeds -- add URL.');
      return;
    }
    if (action === 'add' || action === 'remove') {
      if (!url) throw new UserError(`Give the feed's address: npm run feeds -- ${action} https://example.com/rss.xml`);
      const change = action === 'add' ? await addFeed(storeFile, configuredFeeds, url) : await removeFeed(storeFile, configuredFeeds, url);
      if (!change.ok) throw new UserError(change.message);
      console.log(change.message);
      return;
    }
    throw new UserError(`Unknown feeds action “${action}”: use poll, list, add URL or remove URL.`);
  } catch (error) {
    if (error instanceof FeedStoreError) throw new UserError(error.message);
    throw error;
  }
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { addFromFile, addFromUrl, type AddOutcome } from '../sources/add-article.ts';
import { loadCatalogue } from '../sources/corpus-catalogue.ts';
import { describeOutcome, describePoll } from '../sources/describe-outcome.ts';
import { addFeed, allFeeds, removeFeed } from '../sources/feed-list.ts';
import { FeedStoreError, feedStorePath, loadFeedStore } from '../sources/feed-store.ts';
import { fetchPolicyFrom } from '../sources/fetch-policy.ts';
import { pollFeeds } from '../sources/poll-feeds.ts';
import { pollLimitsFrom } from '../sources/poll-limits.ts';
import { describeReport } from './commands.ts';
import { cliLogger, configOrExit, openEngine, UserError } from './open-engine.ts';

/** After articles were saved: the engine's incremental build embeds only their passages. */
async function updateIndex(): Promise<void> {
  const config = configOrExit();
  const engine = await openEngine(config, cliLogger(config));
  await engine.close();
  console.log(describeReport(engine.openReport));
}

/** `npm run add -- <URL | FILE>`: one link or one .txt/.md/.html file into the corpus folder, then the index. */
export async function addCommand(target: string): Promise<void> {
  const config = configOrExit();
  const ctx = { corpusDir: config.CORPUS_DIR, policy: fetchPolicyFrom(config), catalogue: await loadCatalogue(config.CORPUS_DIR) };
  const isLink = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) && !existsSync(target);
  const outcome: AddOutcome = isLink ? await addFromUrl(target, ctx) : await addFromFile(path.resolve(target), ctx);
  if (!isLink && outcome.status === 'refused' && !existsSync(target)) throw new UserError(`${target}: no such file, and not an http(s) link.`);
  if (outcome.status === 'refused') throw new UserError(describeOutcome(outcome));
  console.log(describeOutcome(outcome));
  if (outcome.status === 'added') await updateIndex();
}

/** `npm run feeds -- poll | list | add URL | remove URL`. */
export async function feedsCommand(action: string, url: string | undefined): Promise<void> {
  const config = configOrExit();
  const storeFile = feedStorePath(config, config.CORPUS_DIR);
  try {
    if (action === 'poll') {
      const reports = await pollFeeds({ corpusDir: config.CORPUS_DIR, storeFile, configuredFeeds: config.FEEDS, policy: fetchPolicyFrom(config), limits: pollLimitsFrom(config) });
      console.log(describePoll(reports));
      if (reports.some((r) => r.outcomes.some((o) => o.status === 'added'))) await updateIndex();
      return;
    }
    if (action === 'list') {
      const feeds = allFeeds(config.FEEDS, (await loadFeedStore(storeFile)).feeds);
      console.log(feeds.length ? feeds.map((f) => `${f.url}${f.configured ? ' (from FEEDS)' : ''}`).join('\n') : 'No feeds: set FEEDS or run npm run feeds -- add URL.');
      return;
    }
    if (action === 'add' || action === 'remove') {
      if (!url) throw new UserError(`Give the feed's address: npm run feeds -- ${action} https://example.com/rss.xml`);
      const change = action === 'add' ? await addFeed(storeFile, config.FEEDS, url) : await removeFeed(storeFile, config.FEEDS, url);
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

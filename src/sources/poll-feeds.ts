import { addFromUrl, type AddContext, type AddOutcome } from './add-article.ts';
import { loadCatalogue } from './corpus-catalogue.ts';
import { allFeeds } from './feed-list.ts';
import { loadFeedStore, saveFeedStore } from './feed-store.ts';
import type { FetchPolicy } from './fetch-policy.ts';
import { safeFetch } from './safe-fetch.ts';
import { untrustedReader } from './untrusted-reader.ts';

export const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml', 'text/plain'] as const;

export interface FeedPollReport {
  feed: string;
  title?: string;
  /** Set when the feed itself could not be read: its items were not looked at. */
  problem?: string;
  outcomes: AddOutcome[];
}

export interface PollOptions {
  corpusDir: string;
  storeFile: string;
  configuredFeeds: readonly string[];
  policy: FetchPolicy;
  now?: () => Date;
}

/**
 * Reads every feed and saves its new items' articles into the corpus folder. A feed or page
 * that fails is reported by its URL and the others still arrive; items already handled are
 * not fetched again. The caller updates the index afterwards.
 */
export async function pollFeeds(options: PollOptions): Promise<FeedPollReport[]> {
  const store = await loadFeedStore(options.storeFile);
  const ctx: AddContext = { corpusDir: options.corpusDir, policy: options.policy, catalogue: await loadCatalogue(options.corpusDir), now: options.now };
  const reports: FeedPollReport[] = [];
  for (const { url: feed } of allFeeds(options.configuredFeeds, store.feeds)) {
    const fetched = await safeFetch({ url: feed, accept: FEED_TYPES, policy: options.policy });
    if (!fetched.ok) {
      reports.push({ feed, problem: fetched.reason, outcomes: [] });
      continue;
    }
    const parsed = await untrustedReader.feed({ body: fetched.body, contentType: fetched.contentType, feedUrl: fetched.finalUrl });
    if ('reason' in parsed) {
      reports.push({ feed, problem: parsed.reason, outcomes: [] });
      continue;
    }
    const seen = new Set(store.seen[feed] ?? []);
    const outcomes: AddOutcome[] = [];
    for (const item of parsed.items) {
      if (seen.has(item.link)) continue;
      const outcome = await addFromUrl(item.link, ctx, { title: item.title, published: item.published, outlet: parsed.title });
      outcomes.push(outcome);
      // A refused page is tried again next time (it may be back); added and duplicate ones never.
      if (outcome.status !== 'refused') seen.add(item.link);
    }
    store.seen[feed] = [...seen];
    reports.push({ feed, ...(parsed.title ? { title: parsed.title } : {}), outcomes });
  }
  // Re-read before writing: a feed added or removed meanwhile (/feeds) must not be undone.
  const latest = await loadFeedStore(options.storeFile);
  await saveFeedStore(options.storeFile, { feeds: latest.feeds, seen: { ...latest.seen, ...store.seen } });
  return reports;
}

import { prepareFromUrl, saveIfNew, type AddOutcome, type PrepareContext, type PreparedArticle } from './add-article.ts';
import type { Catalogue } from './corpus-catalogue.ts';
import { allFeeds } from './feed-list.ts';
import { FileFeedState, type FeedState } from './feed-state.ts';
import type { FetchPolicy } from './fetch-policy.ts';
import { defaultPollLimits, type PollLimits } from '../poll-limits.ts';
import { safeFetch } from './safe-fetch.ts';
import { untrustedReader, type UntrustedReader } from './untrusted-reader.ts';

export const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml', 'text/plain'] as const;

export interface FeedPollReport {
  feed: string;
  title?: string;
  /** Set when the feed itself could not be read (or polled): its items were not all looked at. */
  problem?: string;
  outcomes: AddOutcome[];
  /** New items left for the next poll (the per-feed cap or the poll's time limit). */
  deferred?: number;
  /** Items refused for the last allowed time at this poll: they are not fetched again. */
  givenUp?: number;
  /** Another bot process was reading this feed (DATABASE_URL): it was left to that one, whose articles every process sees. */
  elsewhere?: true;
}

export interface PollOptions {
  corpusDir: string;
  /** The feed file (FileFeedState), when no `feedState` is given. */
  storeFile?: string;
  /** Where the feed list and what became of the items are kept. @default the JSON file `storeFile` */
  feedState?: FeedState;
  configuredFeeds: readonly string[];
  policy: FetchPolicy;
  limits?: PollLimits;
  now?: () => Date;
  reader?: UntrustedReader;
  /** What the corpus holds, to skip links it has without fetching them (`loadCatalogue` for a corpus folder). */
  catalogue: () => Promise<Catalogue>;
  /**
   * The save-and-index step for one feed's fetched articles: the only part of a poll that must
   * not run beside another change to the corpus. @default saves into corpusDir (no index update)
   */
  save?: (prepared: PreparedArticle[]) => Promise<AddOutcome[]>;
  /** Told about a failure in our code (not the feed's) with its stack: the report only names it. */
  onError?: (feed: string, error: Error) => void;
}

/**
 * Reads every feed and saves its new items' articles. Everything is bounded and nothing ends the
 * poll early: a feed or item that fails is reported by its URL and the others still arrive; at
 * most `itemsPerFeed` new items per feed are fetched (the rest wait for the next poll); items
 * refused at `attemptsPerItem` polls are no longer fetched; past `deadlineMs` the poll stops and
 * what is left waits. What became of a feed's items is recorded as soon as its articles are
 * saved, so a process that dies mid-poll loses at most the feed it was reading (fetched again at
 * the next poll, and recognised by its links). A feed another process is reading (with the
 * database) is left to it. The caller's `save` updates the index.
 */
export async function pollFeeds(options: PollOptions): Promise<FeedPollReport[]> {
  const limits = options.limits ?? defaultPollLimits;
  const deadline = Date.now() + limits.deadlineMs;
  if (!options.feedState && options.storeFile === undefined) throw new Error('pollFeeds: give a feed state or a feed file');
  const state = options.feedState ?? new FileFeedState(options.storeFile!);
  const feeds = allFeeds(options.configuredFeeds, await state.feeds());
  const catalogue = await options.catalogue();
  const save = options.save ?? (async (prepared) => Promise.all(prepared.map((p) => saveIfNew(p, options.corpusDir, catalogue))));
  const ctx: PrepareContext = { policy: options.policy, catalogue, now: options.now, reader: options.reader ?? untrustedReader };
  const reports: FeedPollReport[] = [];
  for (const { url: feed } of feeds) {
    if (Date.now() > deadline) {
      reports.push({ feed, problem: `not polled this time: the poll reached its limit of ${Math.round(limits.deadlineMs / 1000)} s (FEED_POLL_TIMEOUT_MS); it is read at the next poll`, outcomes: [] });
      continue;
    }
    try {
      const polled = await state.exclusively(feed, () => pollFeed(feed, { state, ctx, save, limits, deadline }));
      reports.push(polled.ran ? polled.value : { feed, outcomes: [], elsewhere: true });
    } catch (error) {
      options.onError?.(feed, error as Error);
      reports.push({ feed, problem: `it could not be polled (${(error as Error).message}); the other feeds were`, outcomes: [] });
    }
  }
  return reports;
}

interface FeedPoll {
  state: FeedState;
  ctx: PrepareContext;
  save: (prepared: PreparedArticle[]) => Promise<AddOutcome[]>;
  limits: PollLimits;
  deadline: number;
}

async function pollFeed(feed: string, poll: FeedPoll): Promise<FeedPollReport> {
  const { state, ctx, limits } = poll;
  const fetched = await safeFetch({ url: feed, accept: FEED_TYPES, policy: ctx.policy });
  if (!fetched.ok) return { feed, problem: fetched.reason, outcomes: [] };
  const parsed = await (ctx.reader ?? untrustedReader).feed({ body: fetched.body, contentType: fetched.contentType, feedUrl: fetched.finalUrl });
  if ('reason' in parsed) return { feed, problem: parsed.reason, outcomes: [] };
  const { seen, refusals } = await state.items(feed);
  const fresh = dedupe(parsed.items).filter((item) => !seen.has(item.link) && (refusals[item.link] ?? 0) < limits.attemptsPerItem);
  const prepared: PreparedArticle[] = [];
  for (const item of fresh.slice(0, limits.itemsPerFeed)) {
    if (Date.now() > poll.deadline) break;
    try {
      prepared.push(await prepareFromUrl(item.link, ctx, { title: item.title, published: item.published, outlet: parsed.title }));
    } catch (error) {
      prepared.push({ status: 'refused', source: item.link, reason: `it could not be read (${(error as Error).message})` });
    }
  }
  const outcomes = await poll.save(prepared);
  let givenUp = 0;
  const delivered: string[] = [];
  const refused: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.status !== 'refused') {
      delivered.push(outcome.source);
      continue;
    }
    // A refused page may come back (a server error, a time-out): it is tried again, a few times.
    refused[outcome.source] = (refusals[outcome.source] ?? 0) + 1;
    if (refused[outcome.source] === limits.attemptsPerItem) {
      givenUp++;
      outcome.reason += ` (refused at ${limits.attemptsPerItem} polls: it is not fetched again)`;
    }
  }
  await state.record(feed, { delivered, refused });
  const deferred = fresh.length - prepared.length;
  return {
    feed,
    ...(parsed.title ? { title: parsed.title } : {}),
    outcomes,
    ...(deferred > 0 ? { deferred } : {}),
    ...(givenUp > 0 ? { givenUp } : {}),
  };
}

/** A feed listing one link twice is read once. */
function dedupe<T extends { link: string }>(items: T[]): T[] {
  const links = new Set<string>();
  return items.filter((item) => !links.has(item.link) && links.add(item.link));
}

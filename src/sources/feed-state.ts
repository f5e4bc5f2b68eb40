import { canonicalUrl } from './canonical-url.ts';
import { loadFeedStore, updateFeedStore } from './feed-store.ts';

/** What became of one feed's items so far. */
export interface FeedItems {
  /** Links added, or found to be in the corpus already: never fetched again. */
  seen: Set<string>;
  /** Link -> polls it was refused at. */
  refusals: Record<string, number>;
}

/** What became of one feed's items at one poll. */
export interface FeedItemsPolled {
  /** Links added or found to be in the corpus. */
  delivered: string[];
  /** Links refused, with the number of polls each has now been refused at. */
  refused: Record<string, number>;
}

/**
 * Where a corpus's feed list and the fate of each feed's items are kept: a JSON file next to the
 * index (FileFeedState, the default), or the database (DatabaseFeeds in src/db/, with
 * DATABASE_URL), where several processes share them and a feed is polled by one at a time.
 */
export interface FeedState {
  /** For messages: the file, or the database and corpus. */
  readonly location: string;
  /** The feeds added (FEEDS from the configuration are not stored), in the order added. */
  feeds(): Promise<string[]>;
  /** Adds `url` (already checked) unless a stored feed has its canonical form; false when one has. */
  addFeed(url: string): Promise<boolean>;
  /** Removes the stored feed with the canonical form of `url`; false when there is none. */
  removeFeed(url: string): Promise<boolean>;
  /** What became of one feed's items so far. */
  items(feed: string): Promise<FeedItems>;
  /** Records one poll of one feed, as soon as its articles are saved. */
  record(feed: string, polled: FeedItemsPolled): Promise<void>;
  /**
   * Runs `poll` unless another process polls this feed right now (`{ ran: false }`): a feed is
   * read by one process at a time. The file is this process's alone: it always runs.
   */
  exclusively<T>(feed: string, poll: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

/** The feed list and items' fates in a JSON file (src/sources/feed-store.ts), changed one at a time in this process. */
export class FileFeedState implements FeedState {
  constructor(readonly location: string) {}

  async feeds(): Promise<string[]> {
    return (await loadFeedStore(this.location)).feeds;
  }

  addFeed(url: string): Promise<boolean> {
    return updateFeedStore(this.location, (store) => {
      if (store.feeds.some((feed) => canonicalUrl(feed) === canonicalUrl(url))) return { result: false };
      return { store: { ...store, feeds: [...store.feeds, url] }, result: true };
    });
  }

  removeFeed(url: string): Promise<boolean> {
    const key = canonicalUrl(url);
    return updateFeedStore(this.location, (store) => {
      const kept = store.feeds.filter((feed) => canonicalUrl(feed) !== key);
      if (kept.length === store.feeds.length) return { result: false };
      return { store: { ...store, feeds: kept }, result: true };
    });
  }

  async items(feed: string): Promise<FeedItems> {
    const store = await loadFeedStore(this.location);
    return { seen: new Set(store.seen[feed] ?? []), refusals: { ...(store.refusals[feed] ?? {}) } };
  }

  record(feed: string, polled: FeedItemsPolled): Promise<void> {
    // Re-read under the file's lock: a feed added or removed meanwhile (/feeds) stays so.
    return updateFeedStore(this.location, (store) => {
      const seen = [...new Set([...(store.seen[feed] ?? []), ...polled.delivered])];
      const refusals = { ...(store.refusals[feed] ?? {}) };
      for (const link of polled.delivered) delete refusals[link];
      Object.assign(refusals, polled.refused);
      return { store: { ...store, seen: { ...store.seen, [feed]: seen }, refusals: { ...store.refusals, [feed]: refusals } }, result: undefined };
    });
  }

  async exclusively<T>(_feed: string, poll: () => Promise<T>): Promise<{ ran: true; value: T }> {
    return { ran: true, value: await poll() };
  }
}

/** How much one poll of the feeds may do: bounds that keep a hostile or huge feed from taking over. */
export interface PollLimits {
  /**
   * New items read per feed and poll, in the feed's order (newest first, by convention); the rest
   * wait for the next poll. A 100,000-item feed is read 50 items at a time, not 100,000 fetches.
   * @default 50 (FEED_ITEMS_PER_POLL)
   */
  itemsPerFeed: number;
  /**
   * Polls an item may be refused at (page gone, not an article, unreadable) before it is no longer
   * fetched: a page that may come back gets this many tries, a dead one stops costing a fetch.
   * @default 3 (FEED_ITEM_ATTEMPTS)
   */
  attemptsPerItem: number;
  /** Longest one poll may take, in milliseconds; feeds and items not reached wait for the next poll. @default 10 minutes (FEED_POLL_TIMEOUT_MS) */
  deadlineMs: number;
}

export const defaultPollLimits: PollLimits = {
  itemsPerFeed: 50,
  attemptsPerItem: 3,
  deadlineMs: 10 * 60 * 1000,
};

export function pollLimitsFrom(config: { FEED_ITEMS_PER_POLL: number; FEED_ITEM_ATTEMPTS: number; FEED_POLL_TIMEOUT_MS: number }): PollLimits {
  return { itemsPerFeed: config.FEED_ITEMS_PER_POLL, attemptsPerItem: config.FEED_ITEM_ATTEMPTS, deadlineMs: config.FEED_POLL_TIMEOUT_MS };
}

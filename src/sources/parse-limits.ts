/**
 * Bounds on reading one fetched page, feed or file. Readability on linkedom is fast on real pages
 * and very slow on built ones (2,000 nested <div>s: 65 s; 500: 1.6 s), so size is checked before
 * it runs, and all reading happens in a worker thread that is ended when it takes too long.
 */
export interface ParseLimits {
  /** Longest one input may take to read, in milliseconds; past it the worker is ended and the input refused. @default 10,000 */
  timeoutMs: number;
  /** Most elements (tags) a page or file may hold. Real articles have a few thousand. @default 50,000 */
  maxElements: number;
  /** Deepest nesting of elements in a page, file or feed. Real pages nest 20-40 deep. @default 128 */
  maxDepth: number;
  /** Items of one feed looked at (the feed's first ones); the poll takes its new items from these. @default 1,000 */
  maxFeedItems: number;
  /** Memory the reading thread may use, in MiB; past it the thread ends and the input is refused. @default 512 */
  maxMemoryMb: number;
}

export const defaultParseLimits: ParseLimits = {
  timeoutMs: 10_000,
  maxElements: 50_000,
  maxDepth: 128,
  maxFeedItems: 1000,
  maxMemoryMb: 512,
};

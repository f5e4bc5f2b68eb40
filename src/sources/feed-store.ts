import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { indexDirFor, type Config } from '../config.ts';

/** Feeds added with /feeds add (FEEDS from the configuration are not stored), and the items already handled. */
export interface FeedStore {
  feeds: string[];
  /** feed URL -> item links already added or found to be in the corpus: never fetched again. */
  seen: Record<string, string[]>;
}

/** Links remembered per feed: more than a feed ever lists at once. */
const MAX_SEEN_PER_FEED = 1000;

/** Next to the corpus's index folder (a rebuild replaces that folder whole), like the briefing state. */
export function feedStorePath(config: Pick<Config, 'INDEX_DIR'>, corpusDir: string): string {
  return `${indexDirFor(config, corpusDir)}.feeds.json`;
}

/** A missing file is an empty store; an unreadable one is an error naming the file (it is never overwritten blindly). */
export async function loadFeedStore(file: string): Promise<FeedStore> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { feeds: [], seen: {} };
    throw new FeedStoreError(`Could not read the feed list ${file} (${(error as Error).message}).`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<FeedStore>;
    const feeds = Array.isArray(parsed.feeds) ? parsed.feeds.filter((f): f is string => typeof f === 'string') : [];
    const seen = parsed.seen && typeof parsed.seen === 'object' ? parsed.seen : {};
    return { feeds, seen };
  } catch {
    throw new FeedStoreError(`The feed list ${file} is not valid JSON: fix or delete it (its feeds would otherwise be lost).`);
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export async function saveFeedStore(file: string, store: FeedStore): Promise<void> {
  const trimmed = { feeds: store.feeds, seen: Object.fromEntries(Object.entries(store.seen).map(([feed, links]) => [feed, links.slice(-MAX_SEEN_PER_FEED)])) };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(trimmed, null, 2)}\n`);
  await rename(temporary, file);
}

export class FeedStoreError extends Error {}

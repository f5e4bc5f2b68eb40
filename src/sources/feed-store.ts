import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { indexDirFor, type Config } from '../config.ts';
import { UserError } from '../util/user-error.ts';

/** Feeds added with /feeds add (FEEDS from the configuration are not stored), and what became of their items. */
export interface FeedStore {
  feeds: string[];
  /** feed URL -> item links already added or found to be in the corpus: never fetched again. */
  seen: Record<string, string[]>;
  /** feed URL -> item link -> polls it was refused at; at FEED_ITEM_ATTEMPTS it is not fetched again. */
  refusals: Record<string, Record<string, number>>;
}

/** Links remembered per feed: as many as a feed's items are ever looked at (ParseLimits.maxFeedItems). */
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
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { feeds: [], seen: {}, refusals: {} };
    throw new FeedStoreError(`Could not read the feed list ${file} (${(error as Error).message}).`);
  }
  let parsed: Partial<FeedStore>;
  try {
    parsed = JSON.parse(text) as Partial<FeedStore>;
  } catch {
    throw new FeedStoreError(`The feed list ${file} is not valid JSON: fix or delete it (its feeds would otherwise be lost).`);
  }
  const feeds = Array.isArray(parsed.feeds) ? parsed.feeds.filter((f): f is string => typeof f === 'string') : [];
  const seen = recordOf(parsed.seen, (links) => (Array.isArray(links) ? links.filter((l): l is string => typeof l === 'string') : undefined));
  const refusals = recordOf(parsed.refusals, (counts) =>
    counts && typeof counts === 'object' ? recordOf(counts, (n) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined)) : undefined,
  );
  return { feeds, seen, refusals };
}

/** A JSON object's entries whose values `read` accepts. */
function recordOf<T>(value: unknown, read: (entry: unknown) => T | undefined): Record<string, T> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, T> = {};
  for (const [key, entry] of Object.entries(value)) {
    const kept = read(entry);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** Changes waiting on each store file: one read-change-write at a time per file in this process. */
const pending = new Map<string, Promise<unknown>>();

/**
 * Reads the store, applies `change`, writes it back: one change at a time per file, so a poll
 * recording its items never undoes a /feeds add made meanwhile (and the other way round). Each
 * change takes milliseconds: nothing slow (no fetch) happens while it is held.
 */
export function updateFeedStore<T>(file: string, change: (store: FeedStore) => { store?: FeedStore; result: T }): Promise<T> {
  const run = async () => {
    const { store, result } = change(await loadFeedStore(file));
    if (store) await saveFeedStore(file, store);
    return result;
  };
  const previous = pending.get(file) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.catch(() => undefined);
  pending.set(file, settled);
  void settled.then(() => {
    if (pending.get(file) === settled) pending.delete(file);
  });
  return next;
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
async function saveFeedStore(file: string, store: FeedStore): Promise<void> {
  const trimmed = {
    feeds: store.feeds,
    seen: Object.fromEntries(Object.entries(store.seen).map(([feed, links]) => [feed, links.slice(-MAX_SEEN_PER_FEED)])),
    refusals: Object.fromEntries(Object.entries(store.refusals).map(([feed, counts]) => [feed, Object.fromEntries(Object.entries(counts).slice(-MAX_SEEN_PER_FEED))])),
  };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(trimmed, null, 2)}\n`);
  await rename(temporary, file);
}

export class FeedStoreError extends UserError {}

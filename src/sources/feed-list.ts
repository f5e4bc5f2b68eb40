import { canonicalUrl } from './canonical-url.ts';
import { httpUrl } from '../corpus/metadata-fields.ts';
import { updateFeedStore } from './feed-store.ts';

export type FeedChange = { ok: true; message: string } | { ok: false; message: string };

/** Feeds from the configuration and from the store, each once, configured ones first. */
export function allFeeds(configured: readonly string[], stored: readonly string[]): { url: string; configured: boolean }[] {
  const seen = new Set<string>();
  const out: { url: string; configured: boolean }[] = [];
  for (const [list, configuredFlag] of [[configured, true], [stored, false]] as const) {
    for (const url of list) {
      const key = canonicalUrl(url);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ url, configured: configuredFlag });
    }
  }
  return out;
}

/**
 * Adds a feed to the store; refuses anything but an http(s) URL and a feed listed already
 * (`alsoListed`: feeds of another list the reader sees too, e.g. the shared ones).
 */
export async function addFeed(storeFile: string, configured: readonly string[], url: string, alsoListed: readonly string[] = []): Promise<FeedChange> {
  const trimmed = url.trim();
  const parsed = httpUrl(trimmed);
  if (!/^https?:\/\/[^\s/]+/i.test(trimmed) || !parsed) return { ok: false, message: `“${trimmed}” is not an http(s) link: give the feed's full address, e.g. https://example.com/rss.xml.` };
  return updateFeedStore<FeedChange>(storeFile, (store) => {
    if (allFeeds([...configured, ...alsoListed], store.feeds).some((f) => canonicalUrl(f.url) === canonicalUrl(parsed))) {
      return { result: { ok: false, message: `${parsed} is already in the feed list.` } };
    }
    return { store: { ...store, feeds: [...store.feeds, parsed] }, result: { ok: true, message: `Added the feed ${parsed}. It is read at the next poll.` } };
  });
}

/** Removes a stored feed; a feed from FEEDS can only be removed from the configuration. */
export async function removeFeed(storeFile: string, configured: readonly string[], url: string): Promise<FeedChange> {
  const key = canonicalUrl(url.trim());
  if (configured.some((f) => canonicalUrl(f) === key)) return { ok: false, message: `${url.trim()} comes from the FEEDS setting: remove it there (.env) and restart.` };
  return updateFeedStore<FeedChange>(storeFile, (store) => {
    const kept = store.feeds.filter((f) => canonicalUrl(f) !== key);
    if (kept.length === store.feeds.length) return { result: { ok: false, message: `${url.trim()} is not in the feed list: see /feeds list.` } };
    return { store: { ...store, feeds: kept }, result: { ok: true, message: `Removed the feed ${url.trim()}. Articles already saved from it stay in the corpus.` } };
  });
}

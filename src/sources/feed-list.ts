import { canonicalUrl } from './canonical-url.ts';
import { httpUrl } from '../corpus/metadata-fields.ts';
import { FileFeedState, type FeedState } from './feed-state.ts';

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

/** A feed state, or the path of a feed file (FileFeedState). */
function stateOf(store: FeedState | string): FeedState {
  return typeof store === 'string' ? new FileFeedState(store) : store;
}

/**
 * Adds a feed to the store; refuses anything but an http(s) URL and a feed listed already
 * (`alsoListed`: feeds of another list the reader sees too, e.g. the shared ones).
 */
export async function addFeed(store: FeedState | string, configured: readonly string[], url: string, alsoListed: readonly string[] = []): Promise<FeedChange> {
  const trimmed = url.trim();
  const parsed = httpUrl(trimmed);
  if (!/^https?:\/\/[^\s/]+/i.test(trimmed) || !parsed) return { ok: false, message: `“${trimmed}” is not an http(s) link: give the feed's full address, e.g. https://example.com/rss.xml.` };
  const listed = `${parsed} is already in the feed list.`;
  if ([...configured, ...alsoListed].some((feed) => canonicalUrl(feed) === canonicalUrl(parsed))) return { ok: false, message: listed };
  if (!(await stateOf(store).addFeed(parsed))) return { ok: false, message: listed };
  return { ok: true, message: `Added the feed ${parsed}. It is read at the next poll.` };
}

/** Removes a stored feed; a feed from FEEDS can only be removed from the configuration. */
export async function removeFeed(store: FeedState | string, configured: readonly string[], url: string): Promise<FeedChange> {
  const key = canonicalUrl(url.trim());
  if (configured.some((f) => canonicalUrl(f) === key)) return { ok: false, message: `${url.trim()} comes from the FEEDS setting: remove it there (.env) and restart.` };
  if (!(await stateOf(store).removeFeed(url.trim()))) return { ok: false, message: `${url.trim()} is not in the feed list: see /feeds list.` };
  return { ok: true, message: `Removed the feed ${url.trim()}. Articles already saved from it stay in the corpus.` };
}

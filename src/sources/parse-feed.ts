import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isoDate, singleLine } from '../corpus/metadata-fields.ts';
import { defaultParseLimits, type ParseLimits } from './parse-limits.ts';

export interface FeedItem {
  /** The article's address (absolute). */
  link: string;
  title?: string;
  published?: string;
}

export interface ParsedFeed {
  title?: string;
  /** The feed's first items (at most ParseLimits.maxFeedItems). */
  items: FeedItem[];
  /** Items the feed lists in all, when more than `items` holds. */
  listed?: number;
}

/** A DOCTYPE with an internal subset, or an entity declaration: what XML bombs and external-entity reads are made of. */
const DECLARES_ENTITIES = /<!DOCTYPE[^>[]*\[|<!ENTITY/i;

type XmlNode = Record<string, unknown>;

/**
 * An RSS 2.0 or Atom feed's items (link, title, date); anything else is refused with the reason.
 * Feeds that declare entities, nest deeper than `maxDepth` or break the parser are refused, never
 * thrown. Runs in the reading worker (read-untrusted.ts), never on the bot's event loop.
 */
export function parseFeed(xml: string, feedUrl: string, limits: Pick<ParseLimits, 'maxDepth' | 'maxFeedItems'> = defaultParseLimits): ParsedFeed | { reason: string } {
  if (DECLARES_ENTITIES.test(xml)) return { reason: 'it declares its own entities (a DOCTYPE with an internal subset): feeds never need them, so it is not read' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { reason: `it is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})` };
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    // Only XML's own five entities are expanded (declared ones are refused above).
    processEntities: true,
    htmlEntities: false,
    maxNestedTags: limits.maxDepth,
    isArray: (name) => ['item', 'entry', 'link'].includes(name),
  });
  let root: XmlNode;
  try {
    root = parser.parse(xml) as XmlNode;
  } catch (error) {
    const message = (error as Error).message;
    if (/nested tags/i.test(message)) return { reason: `its elements are nested more than ${limits.maxDepth} levels deep` };
    return { reason: `it could not be read as a feed (${message})` };
  }
  const rss = root.rss as XmlNode | undefined;
  const channel = rss?.channel as XmlNode | undefined;
  if (channel) return { ...optionalTitle(channel.title), ...items(channel.item, feedUrl, rssItem, limits.maxFeedItems) };
  const feed = root.feed as XmlNode | undefined;
  if (feed) return { ...optionalTitle(feed.title), ...items(feed.entry, feedUrl, atomEntry, limits.maxFeedItems) };
  return { reason: 'it is neither an RSS 2.0 nor an Atom feed (no <rss><channel> or <feed> element)' };
}

function items(nodes: unknown, feedUrl: string, read: (node: XmlNode) => { link?: string; title?: string; published?: string }, max: number): Pick<ParsedFeed, 'items' | 'listed'> {
  const list = Array.isArray(nodes) ? (nodes as XmlNode[]) : [];
  const found = list.slice(0, max).flatMap((node) => {
    if (!node || typeof node !== 'object') return [];
    const { link, title, published } = read(node);
    const absolute = link ? absoluteUrl(link, feedUrl) : undefined;
    const heading = singleLine(title);
    return absolute ? [{ link: absolute, ...(heading ? { title: heading } : {}), ...(published ? { published } : {}) }] : [];
  });
  return { items: found, ...(list.length > max ? { listed: list.length } : {}) };
}

function rssItem(node: XmlNode) {
  const links = Array.isArray(node.link) ? (node.link as unknown[]) : [];
  const guid = node.guid as XmlNode | string | undefined;
  const permalink = typeof guid === 'object' && guid['@isPermaLink'] !== 'false' ? text(guid) : typeof guid === 'string' ? guid : undefined;
  return { link: text(links[0]) ?? permalink, title: text(node.title), published: isoDate(text(node.pubDate) ?? text(node['dc:date'])) };
}

function atomEntry(node: XmlNode) {
  const links = (Array.isArray(node.link) ? (node.link as unknown[]) : []).filter((l): l is XmlNode => Boolean(l) && typeof l === 'object');
  const alternate = links.find((l) => (l['@rel'] ?? 'alternate') === 'alternate') ?? links[0];
  const href = alternate?.['@href'];
  return { link: typeof href === 'string' ? href : undefined, title: text(node.title), published: isoDate(text(node.published) ?? text(node.updated)) };
}

function optionalTitle(node: unknown): { title?: string } {
  const title = singleLine(text(node), 200);
  return title ? { title } : {};
}

/** The text of an element: plain, CDATA, or with attributes (`#text`). */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return text((value as XmlNode)['#text']);
  return undefined;
}

function absoluteUrl(link: string, base: string): string | undefined {
  try {
    return new URL(link.trim(), base).href;
  } catch {
    return undefined;
  }
}

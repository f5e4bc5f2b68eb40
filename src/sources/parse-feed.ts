import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isoDate } from '../corpus/metadata-fields.ts';

export interface FeedItem {
  /** The article's address (absolute). */
  link: string;
  title?: string;
  published?: string;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Entities beyond XML's own are never expanded: a feed cannot blow up by entity expansion.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['item', 'entry', 'link'].includes(name),
});

type XmlNode = Record<string, unknown>;

/** An RSS 2.0 or Atom feed's items (link, title, date); anything else is refused with the reason. */
export function parseFeed(xml: string, feedUrl: string): ParsedFeed | { reason: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { reason: `it is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})` };
  const root = parser.parse(xml) as XmlNode;
  const rss = root.rss as XmlNode | undefined;
  const channel = rss?.channel as XmlNode | undefined;
  if (channel) return { title: text(channel.title), items: items(channel.item, feedUrl, rssItem) };
  const feed = root.feed as XmlNode | undefined;
  if (feed) return { title: text(feed.title), items: items(feed.entry, feedUrl, atomEntry) };
  return { reason: 'it is neither an RSS 2.0 nor an Atom feed (no <rss><channel> or <feed> element)' };
}

function items(nodes: unknown, feedUrl: string, read: (node: XmlNode) => { link?: string; title?: string; published?: string }): FeedItem[] {
  const list = Array.isArray(nodes) ? (nodes as XmlNode[]) : [];
  return list.flatMap((node) => {
    const { link, title, published } = read(node);
    const absolute = link ? absoluteUrl(link, feedUrl) : undefined;
    return absolute ? [{ link: absolute, ...(title ? { title } : {}), ...(published ? { published } : {}) }] : [];
  });
}

function rssItem(node: XmlNode) {
  const links = (node.link as unknown[] | undefined) ?? [];
  const guid = node.guid as XmlNode | string | undefined;
  const permalink = typeof guid === 'object' && guid['@isPermaLink'] !== 'false' ? text(guid) : typeof guid === 'string' ? guid : undefined;
  return { link: text(links[0]) ?? permalink, title: text(node.title), published: isoDate(text(node.pubDate) ?? text(node['dc:date'])) };
}

function atomEntry(node: XmlNode) {
  const links = ((node.link as XmlNode[] | undefined) ?? []).filter((l) => typeof l === 'object');
  const alternate = links.find((l) => (l['@rel'] ?? 'alternate') === 'alternate') ?? links[0];
  return { link: alternate?.['@href'] as string | undefined, title: text(node.title), published: isoDate(text(node.published) ?? text(node.updated)) };
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

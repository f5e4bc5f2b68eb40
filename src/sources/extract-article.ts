import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { isoDate } from '../corpus/metadata-fields.ts';
import { domSizeProblem, markupSizeProblem } from './dom-size.ts';
import { defaultParseLimits, type ParseLimits } from './parse-limits.ts';
import { paragraphsOf } from './paragraphs.ts';

/** An article's main text and what the page says about it. */
export interface ExtractedArticle {
  title?: string;
  outlet?: string;
  /** ISO 8601, when the page states it. */
  published?: string;
  paragraphs: string[];
}

/** Less text than this (in characters) is not an article: a login wall, an index page, an error page. */
const MIN_ARTICLE_CHARACTERS = 200;

/**
 * The main text of an HTML page, without navigation, footers, related links, scripts or markup
 * (Readability, the library behind Firefox Reader View, on a linkedom DOM). A page with no
 * article in it, or one too large or too deeply nested to read safely, is refused with the reason.
 * Runs in the reading worker (read-untrusted.ts), never on the bot's event loop.
 */
export function extractArticle(html: string, limits: Pick<ParseLimits, 'maxElements' | 'maxDepth'> = defaultParseLimits): ExtractedArticle | { reason: string } {
  const tooMany = markupSizeProblem(html, limits);
  if (tooMany) return { reason: tooMany };
  const { document } = parseHTML(html);
  // A body-less document (empty, text only, a comment) makes Readability throw: it is no page.
  if (!document.documentElement || !document.body) return { reason: 'it holds no HTML page to read an article from' };
  const tooLarge = domSizeProblem(document.documentElement, limits);
  if (tooLarge) return { reason: tooLarge };
  const meta = (name: string) => document.querySelector(`meta[property="${name}"], meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
  const timeElement = document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
  // The serializer hands back the DOM node itself, so the paragraphs are read off the tree.
  const parsed = new Readability(document as unknown as Document, { serializer: (node: Node) => node }).parse();
  if (!parsed?.content) return { reason: 'no article text was found on the page' };
  const paragraphs = paragraphsOf(parsed.content as unknown as Parameters<typeof paragraphsOf>[0]);
  const length = paragraphs.reduce((sum, p) => sum + p.length, 0);
  if (length < MIN_ARTICLE_CHARACTERS) return { reason: `the page holds too little text to be an article (${length} characters)` };
  return {
    title: parsed.title?.trim() || undefined,
    outlet: parsed.siteName?.trim() || meta('og:site_name'),
    published: isoDate(parsed.publishedTime ?? meta('article:published_time') ?? timeElement),
    paragraphs,
  };
}

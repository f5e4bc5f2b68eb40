import type { ArticleMetadata } from '../../corpus/front-matter.ts';
import { escapeText } from './escape.ts';
import { truncate } from './limits.ts';
import { maskedLink, postableUrl } from './links.ts';
import { discordTime } from './time.ts';

/**
 * "[Title](link) — Outlet · date": what a reader cites, under the file and lines. Empty for a
 * plain file without a front matter. Only an http(s) link is linked (links.ts); every other text
 * is escaped, so nothing in a title or an outlet's name can add a link of its own.
 */
export function citationLine(article: ArticleMetadata | undefined): string {
  if (!article) return '';
  const title = article.title ? truncate(article.title, 200) : undefined;
  const link = postableUrl(article.url);
  const head = title ? (maskedLink(title, link) ?? escapeText(title)) : link ? `<${link.replace(/>/g, '%3E')}>` : '';
  const tail = [article.outlet ? escapeText(truncate(article.outlet, 100)) : '', article.published ? discordTime(article.published, 'D') : ''].filter(Boolean).join(' · ');
  return [head, tail].filter(Boolean).join(' — ');
}

/** The embed field `url` for an article: its link when postable, else nothing. */
export function embedUrl(article: ArticleMetadata | undefined): { url?: string } {
  const url = postableUrl(article?.url);
  return url ? { url } : {};
}

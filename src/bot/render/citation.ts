import type { ArticleMetadata } from '../../corpus/front-matter.ts';
import { escapeText } from './escape.ts';
import { truncate } from './limits.ts';
import { discordTime } from './time.ts';

/**
 * "[Title](link) — Outlet · date": what a reader cites, under the file and lines. Empty for a
 * plain file without a front matter. The link is percent-encoded where Markdown would end it.
 */
export function citationLine(article: ArticleMetadata | undefined): string {
  if (!article) return '';
  const title = article.title ? escapeText(truncate(article.title, 200)) : undefined;
  const link = article.url ? article.url.replace(/[()<>\s]/g, encodeURIComponent) : undefined;
  const head = title && link ? `[${title}](${link})` : (title ?? (link ? `<${link}>` : ''));
  const tail = [article.outlet ? escapeText(truncate(article.outlet, 100)) : '', article.published ? discordTime(article.published, 'D') : ''].filter(Boolean).join(' · ');
  return [head, tail].filter(Boolean).join(' — ');
}

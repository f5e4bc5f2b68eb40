import { createHash } from 'node:crypto';
import { writeFrontMatter, type ArticleMetadata } from '../corpus/front-matter.ts';

/** An article ready to be saved: where it came from and its text, one paragraph per entry. */
export interface NewArticle {
  metadata: ArticleMetadata & { title: string; fetched: string };
  paragraphs: string[];
}

/**
 * The saved form: front matter, then the headline and each paragraph on a line of its own
 * (blank lines between, so Markdown shows them as paragraphs). Quotes cite these lines.
 */
export function articleMarkdown(article: NewArticle): string {
  return `${writeFrontMatter(article.metadata)}\n${articleLines(article).join('\n\n')}\n`;
}

/** The headline and the paragraphs, as they appear in the file (a paragraph repeating the headline is dropped). */
export function articleLines(article: NewArticle): string[] {
  const [first, ...rest] = article.paragraphs;
  const body = first === article.metadata.title ? rest : article.paragraphs;
  return [article.metadata.title, ...body];
}

/** `2025-03-02-example.com-1a2b3c4d.md`: the date sorts the folder, the host names the outlet, the hash keeps names unique. */
export function articleFileName(article: NewArticle): string {
  const { metadata } = article;
  const date = (metadata.published ?? metadata.fetched).slice(0, 10);
  const host = metadata.url ? new URL(metadata.url).hostname.replace(/^www\./, '').replace(/[^a-z0-9.-]+/gi, '-') : 'file';
  const hash = createHash('sha256').update(metadata.url ?? articleLines(article).join('\n')).digest('hex').slice(0, 8);
  return `${date}-${host}-${hash}.md`;
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import { validMetadata, writeFrontMatter, type ArticleMetadata } from '../corpus/front-matter.ts';

/** An article ready to be saved: where it came from and its text, one paragraph per entry. */
export interface NewArticle {
  metadata: ArticleMetadata & { title: string; fetched: string };
  paragraphs: string[];
}

/** What a saved article's name may hold: nothing a path could be made of but the name itself. */
const SAFE_FILE_NAME = /^[a-z0-9][a-z0-9.-]{0,150}\.md$/;

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

/**
 * The article with its metadata checked (validMetadata): dates that are dates, an http(s) link,
 * one-line title and outlet. A title that does not survive becomes the first paragraph.
 */
export function checkedArticle(article: NewArticle): NewArticle {
  const metadata = validMetadata(article.metadata);
  const title = metadata.title ?? article.paragraphs[0]!.slice(0, 500);
  return { ...article, metadata: { ...metadata, title, fetched: metadata.fetched ?? new Date().toISOString() } };
}

/**
 * `2025-03-02-example.com-1a2b3c4d.md`: the date sorts the folder, the host names the outlet, the
 * hash keeps names unique. Built only from a parsed date, a parsed host name reduced to [a-z0-9.-]
 * and hex digits, so no metadata can make it a path (`published: ../../../x` is no date).
 */
export function articleFileName(article: NewArticle): string {
  const { metadata } = article;
  const checked = validMetadata(metadata);
  const date = (checked.published ?? checked.fetched)?.slice(0, 10) ?? 'undated';
  const host = checked.url ? hostLabel(new URL(checked.url).hostname) : 'file';
  const hash = createHash('sha256').update(checked.url ?? articleLines(article).join('\n')).digest('hex').slice(0, 8);
  const name = `${date}-${host}-${hash}.md`;
  return SAFE_FILE_NAME.test(name) ? name : `${date}-${hash}.md`;
}

/** A host name as part of a file name: lower case letters, digits, dots and hyphens, no leading dot. */
function hostLabel(hostname: string): string {
  const label = hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 80);
  return label || 'link';
}

/**
 * The path of `name` inside `corpusDir`, or undefined when it would land anywhere else: the last
 * check before a file is written, whatever built the name.
 */
export function pathInside(corpusDir: string, name: string): string | undefined {
  const folder = path.resolve(corpusDir);
  const target = path.resolve(folder, name);
  return SAFE_FILE_NAME.test(name) && path.dirname(target) === folder ? target : undefined;
}

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleMetadata } from '../corpus/front-matter.ts';
import { formatBytes } from '../corpus/read-corpus.ts';
import { articleLines, checkedArticle, type NewArticle } from './article-file.ts';
import { addToCatalogue, duplicateOf, fileWithUrl, type Catalogue } from './corpus-catalogue.ts';
import type { FetchPolicy } from './fetch-policy.ts';
import { safeFetch } from './safe-fetch.ts';
import { untrustedReader, type UntrustedReader } from './untrusted-reader.ts';
import { saveArticle } from './save-article.ts';

/** What became of one link or file: saved, already there, or refused (always with the reason). */
export type AddOutcome =
  | { status: 'added'; source: string; file: string; metadata: NewArticle['metadata'] }
  | { status: 'duplicate'; source: string; reason: string }
  | { status: 'refused'; source: string; reason: string };

/**
 * A link or file fetched and read, not yet saved: everything slow (the fetch, the parsing) is
 * done, and only the save remains, the one step that must not run beside another save into the
 * same corpus (corpus-updates.ts holds that queue).
 */
export type PreparedArticle = { status: 'ready'; source: string; article: NewArticle } | Exclude<AddOutcome, { status: 'added' }>;

/** What fetching and reading need. */
export interface PrepareContext {
  policy: FetchPolicy;
  /** What the corpus holds (a recent copy will do): a link it has already is not fetched again. */
  catalogue: Catalogue;
  now?: () => Date;
  /** Where pages and files are parsed. @default the process's shared reading thread */
  reader?: UntrustedReader;
}

/** What adding needs: the above, and the folder to save into (`catalogue` is updated as articles are saved). */
export interface AddContext extends PrepareContext {
  corpusDir: string;
}

/** Hints from a feed item, used where the page itself says less. */
export interface ArticleHints {
  title?: string;
  published?: string;
  outlet?: string;
}

export const PAGE_TYPES = ['text/html', 'application/xhtml+xml'] as const;
/** Attachments are typed by the uploader's client: text is accepted whichever text type it chose. */
const FILE_TYPES: Record<string, readonly string[]> = {
  '.txt': ['text/plain', 'application/octet-stream'],
  '.md': ['text/markdown', 'text/x-markdown', 'text/plain', 'application/octet-stream'],
  '.html': PAGE_TYPES,
  '.htm': PAGE_TYPES,
};

/** Fetches a web page, extracts the article and saves it, unless the corpus has it already. */
export async function addFromUrl(url: string, ctx: AddContext, hints: ArticleHints = {}): Promise<AddOutcome> {
  return saveIfNew(await prepareFromUrl(url, ctx, hints), ctx.corpusDir, ctx.catalogue);
}

/** A .txt, .md or .html file given as a path (CLI). */
export async function addFromFile(filePath: string, ctx: AddContext): Promise<AddOutcome> {
  return saveIfNew(await prepareFromFile(filePath, ctx), ctx.corpusDir, ctx.catalogue);
}

/** An attachment (Discord): its declared size and type are checked before anything is downloaded. */
export async function addFromAttachment(attachment: { name: string; url: string; size: number }, ctx: AddContext): Promise<AddOutcome> {
  return saveIfNew(await prepareFromAttachment(attachment, ctx), ctx.corpusDir, ctx.catalogue);
}

/** Fetches a page and extracts its article, unless the catalogue has the link already. */
export async function prepareFromUrl(url: string, ctx: PrepareContext, hints: ArticleHints = {}): Promise<PreparedArticle> {
  const known = fileWithUrl(ctx.catalogue, url);
  if (known) return { status: 'duplicate', source: url, reason: `this link is already in the corpus as ${known}` };
  const fetched = await safeFetch({ url, accept: PAGE_TYPES, policy: ctx.policy });
  if (!fetched.ok) return { status: 'refused', source: url, reason: fetched.reason };
  const movedTo = fileWithUrl(ctx.catalogue, fetched.finalUrl);
  if (movedTo) return { status: 'duplicate', source: url, reason: `it leads to ${fetched.finalUrl}, already in the corpus as ${movedTo}` };
  const extracted = await readerOf(ctx).page({ body: fetched.body, contentType: fetched.contentType });
  if ('reason' in extracted) return { status: 'refused', source: url, reason: extracted.reason };
  const title = hints.title ?? extracted.title ?? extracted.paragraphs[0]!;
  const metadata = {
    title,
    url: fetched.finalUrl,
    outlet: extracted.outlet ?? hints.outlet ?? new URL(fetched.finalUrl).hostname.replace(/^www\./, ''),
    ...optional('published', hints.published ?? extracted.published),
    fetched: (ctx.now?.() ?? new Date()).toISOString(),
  };
  return { status: 'ready', source: url, article: { metadata, paragraphs: extracted.paragraphs } };
}

export async function prepareFromFile(filePath: string, ctx: PrepareContext): Promise<PreparedArticle> {
  const name = path.basename(filePath);
  const problem = fileTypeProblem(name);
  if (problem) return { status: 'refused', source: name, reason: problem };
  let bytes: Buffer;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return { status: 'refused', source: name, reason: 'it is not a regular file' };
    if (info.size > ctx.policy.maxBytes) return { status: 'refused', source: name, reason: `it is ${formatBytes(info.size)}, over the ${formatBytes(ctx.policy.maxBytes)} limit` };
    bytes = await readFile(filePath);
  } catch (error) {
    return { status: 'refused', source: name, reason: `it could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  return readFileContent(name, bytes, undefined, ctx);
}

export async function prepareFromAttachment(attachment: { name: string; url: string; size: number }, ctx: PrepareContext): Promise<PreparedArticle> {
  const { name } = attachment;
  const problem = fileTypeProblem(name);
  if (problem) return { status: 'refused', source: name, reason: problem };
  if (attachment.size > ctx.policy.maxBytes) return { status: 'refused', source: name, reason: `it is ${formatBytes(attachment.size)}, over the ${formatBytes(ctx.policy.maxBytes)} limit` };
  const fetched = await safeFetch({ url: attachment.url, accept: FILE_TYPES[extension(name)]!, policy: ctx.policy });
  if (!fetched.ok) return { status: 'refused', source: name, reason: fetched.reason };
  return readFileContent(name, fetched.body, fetched.contentType, ctx);
}

/**
 * Where an article is written: the corpus folder (a corpus folder's path, saveArticle), or the
 * corpus's rows in the database (DatabaseArticles, src/db/database-articles.ts).
 */
export interface ArticleWriter {
  /** For messages: the folder, or the database and corpus. */
  readonly location: string;
  /**
   * Writes the article under a new name and returns it; or the reason it is a duplicate, when
   * the store itself finds the corpus holds it already (the database's constraints, whatever
   * another process saved meanwhile). Throws when it cannot write (disk, database).
   */
  write(article: NewArticle): Promise<{ file: string } | { duplicate: string }>;
}

/** A corpus folder as an ArticleWriter. */
export function folderWriter(corpusDir: string): ArticleWriter {
  return { location: corpusDir, write: async (article) => ({ file: await saveArticle(corpusDir, article) }) };
}

/**
 * Saves a prepared article into the corpus (a folder, or another ArticleWriter) unless the
 * catalogue shows it there already (the same link, text or nearly the same text), and records it
 * in the catalogue. The only step of an addition that writes: callers that may run at once put
 * it behind one queue per corpus (and, with the database, one lock for every process).
 */
export async function saveIfNew(prepared: PreparedArticle, into: string | ArticleWriter, catalogue: Catalogue): Promise<AddOutcome> {
  const writer = typeof into === 'string' ? folderWriter(into) : into;
  if (prepared.status !== 'ready') return prepared;
  const { source } = prepared;
  const article = checkedArticle(prepared.article);
  if (article.metadata.url) {
    const known = fileWithUrl(catalogue, article.metadata.url);
    if (known) return { status: 'duplicate', source, reason: `this link is already in the corpus as ${known}` };
  }
  const lines = articleLines(article);
  const duplicate = duplicateOf(catalogue, lines);
  if (duplicate) return { status: 'duplicate', source, reason: duplicate };
  let file: string;
  try {
    const written = await writer.write(article);
    if ('duplicate' in written) return { status: 'duplicate', source, reason: written.duplicate };
    file = written.file;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { status: 'refused', source, reason: `it could not be saved into ${writer.location} (${code}); nothing else was changed` };
  }
  addToCatalogue(catalogue, file, lines, article.metadata.url);
  return { status: 'added', source, file, metadata: article.metadata };
}

function readerOf(ctx: PrepareContext): UntrustedReader {
  return ctx.reader ?? untrustedReader;
}

function fileTypeProblem(name: string): string | undefined {
  return FILE_TYPES[extension(name)] ? undefined : `only .txt, .md and .html files can be added, not ${extension(name) || 'a file without an extension'}`;
}

function extension(name: string): string {
  return path.extname(name).toLowerCase();
}

async function readFileContent(name: string, bytes: Buffer, contentType: string | undefined, ctx: PrepareContext): Promise<PreparedArticle> {
  const isHtml = PAGE_TYPES.includes(FILE_TYPES[extension(name)]![0] as (typeof PAGE_TYPES)[number]);
  let metadata: ArticleMetadata;
  let paragraphs: string[];
  if (isHtml) {
    const extracted = await readerOf(ctx).page({ body: bytes, contentType: contentType ?? '' });
    if ('reason' in extracted) return { status: 'refused', source: name, reason: extracted.reason };
    ({ paragraphs } = extracted);
    metadata = { ...optional('title', extracted.title), ...optional('outlet', extracted.outlet), ...optional('published', extracted.published) };
  } else {
    const plain = await readerOf(ctx).text({ body: bytes, markdown: extension(name) === '.md' });
    if ('reason' in plain) return { status: 'refused', source: name, reason: plain.reason };
    ({ metadata, paragraphs } = plain);
  }
  if (metadata.url) {
    const known = fileWithUrl(ctx.catalogue, metadata.url);
    if (known) return { status: 'duplicate', source: name, reason: `its link ${metadata.url} is already in the corpus as ${known}` };
  }
  const title = metadata.title ?? paragraphs[0]!;
  return { status: 'ready', source: name, article: { metadata: { ...metadata, title, fetched: (ctx.now?.() ?? new Date()).toISOString() }, paragraphs } };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

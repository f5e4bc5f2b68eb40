import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { readFrontMatter, type ArticleMetadata } from './front-matter.ts';

/** One article as read from disk: the exact text, split into lines for citing. */
export interface SourceDocument {
  /** Path relative to the corpus folder, with forward slashes. */
  file: string;
  text: string;
  /** The file's lines; a front matter's lines are blank here, so they never become passages but numbering is kept. */
  lines: string[];
  /** From the front matter of a saved article (title, url, outlet, dates); empty for plain files. */
  metadata?: ArticleMetadata;
  /** sha256 of the file's bytes: detects changed files between builds. */
  hash: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface CorpusReadResult {
  documents: SourceDocument[];
  skipped: SkippedFile[];
}

export interface ReadCorpusOptions {
  /** Files larger than this are skipped (named in a warning). @default 5 MiB */
  maxFileBytes?: number;
}

const ARTICLE_EXTENSIONS = new Set(['.txt', '.md']);
const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Reads every .txt and .md file under `corpusDir` (recursively). A file that cannot be an
 * article (binary, not UTF-8, empty, too large, a link leaving the folder) is skipped and
 * reported; the rest are still read.
 */
export async function readCorpus(corpusDir: string, options: ReadCorpusOptions = {}): Promise<CorpusReadResult> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const root = await realpath(corpusDir);
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];

  const firstWithHash = new Map<string, string>();
  for (const relative of await listArticleFiles(root)) {
    const outcome = await readArticle(root, relative, maxFileBytes);
    if ('reason' in outcome) {
      skipped.push(outcome);
      continue;
    }
    // A copy of an article (same bytes) would only repeat its passages in every answer.
    const original = firstWithHash.get(outcome.hash);
    if (original) {
      skipped.push({ file: relative, reason: `it has the same content as ${original}` });
      continue;
    }
    firstWithHash.set(outcome.hash, relative);
    documents.push(outcome);
  }
  return { documents, skipped };
}

async function listArticleFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    // parentPath arrived in Node 20.12; earlier Node 20 releases call it path.
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
    .filter((relative) => !relative.split('/').some((part) => part.startsWith('.')))
    .sort();
}

async function readArticle(root: string, file: string, maxFileBytes: number): Promise<SourceDocument | SkippedFile> {
  const absolute = path.join(root, file);
  let target: string;
  try {
    target = await realpath(absolute);
  } catch {
    return { file, reason: 'it is a broken link' };
  }
  // A link may point anywhere on the host; only files inside the corpus folder are articles.
  if (target !== root && !target.startsWith(root + path.sep)) {
    return { file, reason: 'it is a link to a file outside the corpus folder' };
  }
  const info = await stat(target);
  // A link named like an article may point at a folder; reading it would abort the whole corpus.
  if (!info.isFile()) return { file, reason: 'it is not a regular file' };
  if (info.size === 0) return { file, reason: 'it is empty' };
  if (info.size > maxFileBytes) {
    return { file, reason: `it is ${formatBytes(info.size)}, over the ${formatBytes(maxFileBytes)} limit for one article` };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(target);
  } catch (error) {
    return { file, reason: `it could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  const decoded = decodeArticle(bytes);
  if (typeof decoded !== 'string') return { file, reason: decoded.reason };
  if (decoded.trim() === '') return { file, reason: 'it holds only white space' };
  return documentOf(file, decoded, createHash('sha256').update(bytes).digest('hex'));
}

/**
 * An article from its text as read (from a file or from the database): its lines as the file
 * has them, for citing, with a front matter read and its lines blanked, so they never become
 * passages but every later line keeps its number.
 */
export function documentOf(file: string, text: string, hash: string): SourceDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const frontMatter = readFrontMatter(lines);
  return {
    file,
    text,
    lines: lines.map((line, i) => (i < frontMatter.lineCount ? '' : line)),
    metadata: frontMatter.metadata,
    hash,
  };
}

/** Strict UTF-8: a wrongly encoded file is reported, never indexed as mojibake. */
export function decodeArticle(bytes: Uint8Array): string | { reason: string } {
  if (bytes.includes(0)) return { reason: 'it looks binary (it contains NUL bytes)' };
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { reason: 'it is not valid UTF-8 text (save it as UTF-8)' };
  }
}

/** "3.2 MiB", "12 KiB": sizes in messages. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

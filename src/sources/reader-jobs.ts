import type { ArticleMetadata } from '../corpus/front-matter.ts';
import { decodeArticle } from '../corpus/read-corpus.ts';
import { decodeFetchedText } from './decode-text.ts';
import { extractArticle, type ExtractedArticle } from './extract-article.ts';
import type { ParseLimits } from './parse-limits.ts';
import { parseFeed, type ParsedFeed } from './parse-feed.ts';
import { plainTextArticle } from './plain-text-article.ts';

/** One fetched page, feed or file to read, with the limits it is read under. */
export type ReaderJob =
  | { kind: 'page'; body: Uint8Array; contentType: string; limits: ParseLimits }
  | { kind: 'feed'; body: Uint8Array; contentType: string; feedUrl: string; limits: ParseLimits }
  | { kind: 'text'; body: Uint8Array; markdown: boolean; limits: ParseLimits };

export type Refusal = { reason: string };
export type TextArticle = { metadata: ArticleMetadata; paragraphs: string[] };

/** What each kind of job gives back: what was read, or why not. */
export interface ReaderResults {
  page: ExtractedArticle | Refusal;
  feed: ParsedFeed | Refusal;
  text: TextArticle | Refusal;
}

/**
 * Reads one input: decoding, parsing and extraction, all of it. Runs in the reading worker; every
 * failure of a parser on hostile input becomes a refusal with its reason, never an exception.
 */
export function runReaderJob(job: ReaderJob): ReaderResults[ReaderJob['kind']] {
  try {
    switch (job.kind) {
      case 'page':
        return extractArticle(decodeFetchedText(Buffer.from(job.body), job.contentType), job.limits);
      case 'feed':
        return parseFeed(decodeFetchedText(Buffer.from(job.body), job.contentType), job.feedUrl, job.limits);
      case 'text': {
        const text = decodeArticle(job.body);
        return typeof text === 'string' ? plainTextArticle(text, job.markdown, job.limits) : text;
      }
    }
  } catch (error) {
    // A stack overflow or a parser's own error on input built to break it.
    return { reason: `it could not be read (${(error as Error).message || (error as Error).name})` };
  }
}

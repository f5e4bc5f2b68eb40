import type { ArticleMetadata } from '../corpus/front-matter.ts';
import type { Passage } from '../corpus/passages.ts';
import type { LexicalIndex, QueryConcept, TermPostings } from './lexical-index.ts';
import type { Manifest } from './manifest.ts';
import type { DenseRetriever } from './dense-retriever.ts';

/** passages.jsonl (src/index/passages-file.ts): the passages verbatim, plus what was learned about them at build time. */
export interface StoredPassages {
  passages: Passage[];
  /** Near-duplicate groups, as passage positions. */
  groups: number[][];
  /** file -> headline */
  titles: Record<string, string>;
  /** file -> where a saved article came from (url, outlet, dates); only files with a front matter. */
  articles?: Record<string, ArticleMetadata>;
  /** Normalised surface tokens and their counts: lets names in questions be matched fuzzily. */
  vocabulary: [string, number][];
  /** Adjacent short-word pairs and their counts (names written as two words). */
  bigrams: [string, number][];
}

/**
 * Where the postings of an index are when no process holds them (PostgreSQL): a question fetches
 * those of its own terms. At a million passages, holding every postings list in each bot process
 * costs hundreds of MB, and fetching a question's lists takes a few milliseconds.
 */
export interface PostingsSource {
  /** The postings of these terms, each of which the index holds. Throws StaleIndexError (src/index/question-postings.ts) when the stored index is no longer the one loaded. */
  fetch(terms: readonly string[]): Promise<Map<string, TermPostings>>;
}

/** A loaded index: everything a question needs, held in memory and replaced whole on reindex. */
export interface CorpusIndex {
  dir: string;
  manifest: Manifest;
  passages: Passage[];
  titles: Record<string, string>;
  /** file -> where a saved article came from, for citations. */
  articles: Record<string, ArticleMetadata>;
  /** passage position -> the other members of its near-duplicate group */
  duplicatesOf: Map<number, number[]>;
  vocabulary: Map<string, number>;
  bigrams: Map<string, number>;
  lexical: LexicalIndex;
  /** Dense search: an in-process graph (local store) or PostgreSQL's; absent for a lexical-only index. */
  vectors: DenseRetriever | null;
  /**
   * Present when the postings stay in the database (PostgreSQL): `lexical` then knows every term
   * and passage length but holds no postings, and a question is scored over a view of the index
   * holding its own terms' postings (questionView in src/index/question-postings.ts).
   */
  postingsSource?: PostingsSource;
  /** In a question's view: fetches the postings of these concepts' terms into `lexical` before they are scored. */
  fetchPostings?: (concepts: readonly QueryConcept[]) => Promise<void>;
}

export type IndexLoadResult =
  | { ok: true; index: CorpusIndex }
  | { ok: false; problem: 'missing' | 'corrupt' | 'outdated'; message: string };

/** What an index is made of, wherever it comes from: a build, an index folder or PostgreSQL. */
export interface CorpusIndexParts {
  /** The folder, or the database and index key (IndexStore.location). */
  dir: string;
  manifest: Manifest;
  stored: StoredPassages;
  lexical: LexicalIndex;
  vectors: DenseRetriever | null;
  /** Where the postings are when `lexical` holds none (PostgreSQL). */
  postingsSource?: PostingsSource;
}

/** The one place a CorpusIndex is put together, so that a built index and a loaded one are alike. */
export function assembleCorpusIndex(parts: CorpusIndexParts): CorpusIndex {
  const { stored } = parts;
  return {
    dir: parts.dir,
    manifest: parts.manifest,
    passages: stored.passages,
    titles: stored.titles,
    articles: stored.articles ?? {},
    duplicatesOf: duplicatesByPassage(stored.groups),
    vocabulary: new Map(stored.vocabulary),
    bigrams: new Map(stored.bigrams),
    lexical: parts.lexical,
    vectors: parts.vectors,
    ...(parts.postingsSource ? { postingsSource: parts.postingsSource } : {}),
  };
}

/** passage position -> the other members of its near-duplicate group */
export function duplicatesByPassage(groups: number[][]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const group of groups) for (const member of group) map.set(member, group.filter((other) => other !== member));
  return map;
}

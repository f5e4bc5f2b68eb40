import type { HnswSettings } from '../../settings.ts';
import type { IndexLoadResult, PostingsSource, StoredPassages } from '../corpus-index.ts';
import type { DenseRetriever } from '../dense-retriever.ts';
import type { LexicalIndex } from '../lexical-index.ts';
import type { Manifest } from '../manifest.ts';
import type { RelevanceNull, VectorSearch } from '../relevance-null.ts';
import type { VectorIndex } from '../vector-index.ts';

/** A new index's passage vectors as the build hands them over: a store takes only those it lacks. */
export interface ContentVectors {
  readonly dimension: number;
  /** The vectors of the passages at these positions: embedded by this build or kept from the previous index. */
  of(docs: readonly number[]): Promise<Float32Array[]>;
  /** The hnswlib graph over all of them, built when the store searches in process (IndexStore.searchesVectors false). */
  readonly graph: VectorIndex | null;
}

/** A built index as the build hands it to a store: the manifest's checksums are the store's business. */
export interface IndexContent {
  manifest: Omit<Manifest, 'checksums'>;
  stored: StoredPassages;
  lexical: LexicalIndex;
  vectors: ContentVectors | null;
  /**
   * Computes the relevance null from the vectors being saved, searched as the saved index will
   * search them; the store records it in the manifest it writes. Null without vectors.
   */
  relevanceNull: ((search: VectorSearch) => Promise<RelevanceNull>) | null;
  /**
   * The version of the articles it was built from, when they come from the database (the
   * corpora row's articles_version): recorded, so that an index left behind its articles is
   * noticed (IndexStore.changes).
   */
  articlesVersion?: number | null;
}

/** What other processes changed since this one last loaded or saved the index. */
export interface StoreChanges {
  /** Another process saved a newer index: load it before answering. */
  newerIndex: boolean;
  /**
   * The corpus's articles changed after the saved index was built from them (a process saved an
   * article and died before indexing it): the index should be brought up to date.
   */
  articlesAhead: boolean;
}

/** What a save leaves: the manifest as saved and how the saved index is searched by vector. */
export interface SavedIndex {
  manifest: Manifest;
  vectors: DenseRetriever | null;
  /**
   * When the store keeps the postings and questions fetch theirs (PostgreSQL): the lexical index
   * to answer with from now on (every term, no postings) and where the postings are.
   */
  postings?: { lexical: LexicalIndex; source: PostingsSource };
}

/**
 * Where an index is kept between runs: files in a folder (the default, LocalIndexStore) or
 * PostgreSQL with pgvector, shared by several processes (PostgresIndexStore). Either way a save
 * is all or nothing: a reader sees the old index or the new one, never a mixture.
 */
export interface IndexStore {
  /** For messages: the folder, or the database and index key. */
  readonly location: string;
  /**
   * True when the store answers vector searches itself (PostgreSQL): the build then makes no
   * in-process graph. False when the build must hand over one (local files).
   */
  readonly searchesVectors: boolean;
  load(vectorParams: HnswSettings): Promise<IndexLoadResult>;
  /** Saves a complete index in place of the previous one. */
  save(content: IndexContent): Promise<SavedIndex>;
  /**
   * What other processes changed: a newer index saved since this one last loaded or saved (the
   * engine then loads it before answering), or articles the saved index does not hold yet. One
   * look per question (a single row in PostgreSQL); local folders are per process: nothing.
   */
  changes(): Promise<StoreChanges>;
  /**
   * Records that the saved index holds the articles of this version (in the database), when a
   * build found nothing to change: otherwise it would look behind them for ever.
   */
  recordArticlesVersion?(version: number): Promise<void>;
  close(): Promise<void>;
}

import type { SkippedFile } from '../corpus/read-corpus.ts';
import type { Settings } from '../settings.ts';
import type { RelevanceNull } from './relevance-null.ts';

/** Bumped whenever the layout or meaning of an index file changes: an older index is rebuilt. */
export const INDEX_FORMAT_VERSION = 5;

/**
 * Bumped whenever the code that turns text into passages or terms changes (boilerplate rules,
 * normalisation, stemming, stopwords): settings cannot show such a change, and saved passages or
 * terms would no longer match what the running code makes. The passages are re-analysed; their
 * vectors are kept. 2: photo captions and reporters' bylines are boilerplate.
 */
export const ANALYSIS_VERSION = 2;

export interface IndexedFile {
  /** sha256 of the file's bytes when it was indexed. */
  hash: string;
  passages: number;
  /** When this version of the file was indexed. */
  indexedAt: string;
  /** When the file first entered the index (a changed file keeps it): what "new" means. */
  firstIndexedAt: string;
}

/** The model that made an index's vectors: vectors of any other model, file or size are not comparable. */
export interface ModelRecord {
  /** The model's id, as the embedder reports it. */
  id: string;
  /** The ONNX file inside the model folder (int8 or full precision): see modelFile in src/settings.ts. */
  file: string;
  /** Length of every vector. */
  dimension: number;
  /** Where the model files came from (a download, a converted package), when the embedder says. */
  source?: string;
}

/**
 * What an index was built from and with: the settings verbatim, the model, the files. A later
 * open compares these recorded values with the running ones (src/index/rebuild-plan.ts).
 */
export interface Manifest {
  formatVersion: number;
  analysisVersion: number;
  builtAt: string;
  corpusDir: string;
  /** Null when the index was built lexical-only (no model could be loaded). */
  model: ModelRecord | null;
  /** Every setting in force when the index was built, as resolved by Engine.open. */
  settings: Settings;
  files: Record<string, IndexedFile>;
  skipped: SkippedFile[];
  passageCount: number;
  /**
   * How far the off-topic reference questions' best passages stand out in this index: what a
   * question's passage is judged against (src/index/relevance-null.ts). Absent without a model,
   * and in an index saved before it existed (the next open computes it, embedding no passage).
   */
  relevanceNull?: RelevanceNull;
  /**
   * With PostgreSQL: the `m` and `ef_construction` of the HNSW index the database really searches
   * (one per vector length, built by the first save of that length and not rebuilt when the
   * settings change later). Absent locally, where the graph is built with `settings.hnsw`.
   */
  databaseGraph?: { m: number; efConstruction: number };
  /** sha256 of every other index file: a truncated or altered file is detected on load. */
  checksums: Record<string, string>;
}

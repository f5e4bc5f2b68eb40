import type { HnswSettings } from '../../settings.ts';
import type { IndexLoadResult, StoredPassages } from '../corpus-index.ts';
import type { LexicalIndex } from '../lexical-index.ts';
import type { Manifest } from '../manifest.ts';
import type { VectorIndex } from '../vector-index.ts';

/** A built index as the build hands it to a store: the manifest's checksums are the store's business. */
export interface IndexContent {
  manifest: Omit<Manifest, 'checksums'>;
  stored: StoredPassages;
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
}

/**
 * Where an index is kept between runs: files in a folder (the default, LocalIndexStore) or
 * PostgreSQL with pgvector, shared by several processes (PostgresIndexStore). Either way a save
 * is all or nothing: a reader sees the old index or the new one, never a mixture.
 */
export interface IndexStore {
  /** For messages: the folder, or the database and index key. */
  readonly location: string;
  load(vectorParams?: HnswSettings): Promise<IndexLoadResult>;
  /** Saves a complete index in place of the previous one; returns the manifest as saved. */
  save(content: IndexContent): Promise<Manifest>;
  /**
   * True when another process saved a newer index since this one last loaded or saved: the
   * engine then loads it before answering. Local folders are per process: always false.
   */
  hasNewer(): Promise<boolean>;
  close(): Promise<void>;
}

import type { SkippedFile } from '../corpus/read-corpus.ts';

/** Bumped whenever the layout or meaning of an index file changes: an older index is rebuilt. */
export const INDEX_FORMAT_VERSION = 4;

export interface IndexedFile {
  /** sha256 of the file's bytes when it was indexed. */
  hash: string;
  passages: number;
  /** When this version of the file was indexed. */
  indexedAt: string;
  /** When the file first entered the index (a changed file keeps it): what "new" means. */
  firstIndexedAt: string;
}

/**
 * What an index was built from and with. Anything here that differs from the running
 * configuration means the saved index would answer wrongly, so it is rebuilt.
 */
export interface Manifest {
  formatVersion: number;
  builtAt: string;
  corpusDir: string;
  /** Null when the index was built lexical-only (no model could be loaded). */
  model: { id: string; dimension: number } | null;
  /** Settings that shape passages and terms; a change means a rebuild. */
  settingsFingerprint: string;
  /** HNSW graph parameters; a change rebuilds the graph from the saved vectors. */
  graph: { m: number; efConstruction: number };
  files: Record<string, IndexedFile>;
  skipped: SkippedFile[];
  passageCount: number;
  /** sha256 of every other index file: a truncated or altered file is detected on load. */
  checksums: Record<string, string>;
}

/** Why a saved index cannot be reused for this build, or undefined when it can. */
export function incompatibility(
  manifest: Manifest,
  expected: { settingsFingerprint: string; model: { id: string } | null },
): string | undefined {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    return `the saved index has format version ${manifest.formatVersion}, this version reads ${INDEX_FORMAT_VERSION}`;
  }
  if (manifest.settingsFingerprint !== expected.settingsFingerprint) {
    return 'the passage or search settings changed since the index was built';
  }
  if (expected.model && manifest.model && manifest.model.id !== expected.model.id) {
    return `the index was embedded with ${manifest.model.id}, the configured model is ${expected.model.id}`;
  }
  return undefined;
}

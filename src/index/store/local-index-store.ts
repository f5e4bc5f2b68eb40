import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HnswSettings } from '../../settings.ts';
import { loadCorpusIndex, type IndexLoadResult, type StoredPassages } from '../corpus-index.ts';
import { INDEX_FILES, sha256, writeIndexFolder } from '../index-files.ts';
import type { Manifest } from '../manifest.ts';
import type { VectorIndex } from '../vector-index.ts';
import type { IndexContent, IndexStore, SavedIndex } from './index-store.ts';

/** The default store: manifest.json, passages.json, lexical.json and vectors.hnsw in one folder per corpus. */
export class LocalIndexStore implements IndexStore {
  readonly searchesVectors = false;

  constructor(readonly location: string) {}

  load(vectorParams?: HnswSettings): Promise<IndexLoadResult> {
    return loadCorpusIndex(this.location, vectorParams);
  }

  async save(content: IndexContent): Promise<SavedIndex> {
    const graph = content.vectors?.graph ?? null;
    if (content.vectors && !graph) throw new Error('LocalIndexStore: vectors without their graph (the build makes it for this store)');
    // Bytes, made once: a string would be converted again for the checksum and again for the write.
    const files = new Map<string, string | Uint8Array>([
      [INDEX_FILES.passages, storedPassagesBytes(content.stored)],
      [INDEX_FILES.lexical, Buffer.from(JSON.stringify(content.lexical.toJSON()))],
    ]);
    if (graph) files.set(INDEX_FILES.vectors, await hnswBytes(graph));
    const manifest: Manifest = { ...content.manifest, checksums: Object.fromEntries([...files].map(([file, bytes]) => [file, sha256(bytes)])) };
    files.set(INDEX_FILES.manifest, JSON.stringify(manifest, null, 2));
    await writeIndexFolder(this.location, files);
    return { manifest, vectors: graph };
  }

  async hasNewer(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {}
}

/**
 * JSON.stringify(stored) as UTF-8, made a thousand passages at a time: at 100k passages the
 * whole text as one string would be hundreds of MB beside its bytes.
 */
function storedPassagesBytes(stored: StoredPassages): Buffer {
  const { passages, ...rest } = stored;
  const parts = [Buffer.from('{"passages":[')];
  for (let i = 0; i < passages.length; i += 1000) {
    parts.push(Buffer.from((i > 0 ? ',' : '') + passages.slice(i, i + 1000).map((passage) => JSON.stringify(passage)).join(',')));
  }
  // `rest` always has groups, titles, vocabulary and bigrams: its object is never empty.
  parts.push(Buffer.from(`],${JSON.stringify(rest).slice(1)}`));
  return Buffer.concat(parts);
}

/** hnswlib writes only to a path; the bytes are needed for the checksum and the atomic swap. */
async function hnswBytes(index: VectorIndex): Promise<Buffer> {
  const temporary = path.join(os.tmpdir(), `vectors-${process.pid}-${Date.now()}.hnsw`);
  index.save(temporary);
  try {
    return await readFile(temporary);
  } finally {
    await rm(temporary, { force: true });
  }
}

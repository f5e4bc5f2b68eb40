import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HnswSettings } from '../../settings.ts';
import { loadCorpusIndex, type IndexLoadResult } from '../corpus-index.ts';
import { fillIndexFolder, INDEX_FILES, sha256OfFile, writeChunks } from '../index-files.ts';
import type { Manifest } from '../manifest.ts';
import { passagesFileLines } from '../passages-file.ts';
import { lexicalFileChunks } from '../lexical-file.ts';
import type { IndexContent, IndexStore, SavedIndex, StoreChanges } from './index-store.ts';

/** The default store: manifest.json, passages.jsonl, lexical.bin and vectors.hnsw in one folder per corpus. */
export class LocalIndexStore implements IndexStore {
  readonly searchesVectors = false;

  constructor(readonly location: string) {}

  load(vectorParams: HnswSettings): Promise<IndexLoadResult> {
    return loadCorpusIndex(this.location, vectorParams);
  }

  async save(content: IndexContent): Promise<SavedIndex> {
    const graph = content.vectors?.graph ?? null;
    if (content.vectors && !graph) throw new Error('LocalIndexStore: vectors without their graph (the build makes it for this store)');
    // Each file is streamed to disk as it is made, its checksum taken on the way: at 100k
    // passages holding all of them at once as bytes cost ~350 MB at the end of a build.
    let manifest: Manifest | undefined;
    await fillIndexFolder(this.location, async (staging) => {
      const checksums: Record<string, string> = {};
      checksums[INDEX_FILES.passages] = await writeChunks(path.join(staging, INDEX_FILES.passages), passagesFileLines(content.stored));
      checksums[INDEX_FILES.lexical] = await writeChunks(path.join(staging, INDEX_FILES.lexical), lexicalFileChunks(content.lexical));
      if (graph) {
        // hnswlib writes only to a path: straight into the folder, then checksummed by streaming.
        graph.save(path.join(staging, INDEX_FILES.vectors));
        checksums[INDEX_FILES.vectors] = await sha256OfFile(path.join(staging, INDEX_FILES.vectors));
      }
      const relevanceNull = graph && content.relevanceNull ? await content.relevanceNull(graph) : undefined;
      manifest = { ...content.manifest, ...(relevanceNull ? { relevanceNull } : {}), checksums };
      await writeFile(path.join(staging, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2), { flush: true });
    });
    return { manifest: manifest!, vectors: graph };
  }

  async changes(): Promise<StoreChanges> {
    return { newerIndex: false, articlesAhead: false };
  }

  async close(): Promise<void> {}
}

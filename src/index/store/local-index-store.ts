import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HnswSettings } from '../../settings.ts';
import { assembleCorpusIndex, type IndexLoadResult, type StoredPassages } from '../corpus-index.ts';
import { fillIndexFolder, INDEX_FILES, readIndexFile, recoverIndexFolder, sha256, sha256OfFile, writeChunks } from '../index-files.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from '../manifest.ts';
import { passagesFileLines, readPassagesFile } from '../passages-file.ts';
import { lexicalFileChunks, parseLexicalFile } from '../lexical-file.ts';
import { LexicalIndex, type SerializedLexicalIndex } from '../lexical-index.ts';
import { VectorIndex } from '../vector-index.ts';
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

/** Opens the index in `dir`, verifying every file against the manifest's checksums. */
export async function loadCorpusIndex(dir: string, vectorParams: HnswSettings): Promise<IndexLoadResult> {
  await recoverIndexFolder(dir);
  let manifest: Manifest;
  try {
    manifest = JSON.parse((await readIndexFile(dir, INDEX_FILES.manifest)).toString('utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: 'missing', message: `no index in ${dir} yet` };
    return { ok: false, problem: 'corrupt', message: `the index manifest in ${dir} is unreadable (${(error as Error).message})` };
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    return { ok: false, problem: 'outdated', message: `the index in ${dir} has format version ${manifest.formatVersion}; this version reads ${INDEX_FORMAT_VERSION}` };
  }
  try {
    // Passages first, streamed and checked on the way (the largest file: never held whole).
    const read = await readStoredPassages(dir, manifest.checksums);
    if (!read.ok) return { ok: false, problem: 'corrupt', message: read.message };
    const { stored } = read;
    // The other files are checked whole before any is parsed (hnswlib reads the vectors from the
    // file itself: they are only checked here, streamed, never held twice).
    const contents = new Map<string, Buffer>();
    for (const [file, expected] of Object.entries(manifest.checksums)) {
      if (file === INDEX_FILES.passages || file === INDEX_FILES.legacyPassages) continue;
      const bytes = file === INDEX_FILES.vectors ? null : await readIndexFile(dir, file);
      const actual = bytes ? sha256(bytes) : await sha256OfFile(path.join(dir, file));
      if (actual !== expected) return corruptFile(dir, file);
      if (bytes) contents.set(file, bytes);
    }
    const lexicalBytes = contents.get(INDEX_FILES.lexical);
    const legacyLexical = contents.get(INDEX_FILES.legacyLexical);
    contents.clear();
    if (!lexicalBytes && !legacyLexical) return { ok: false, problem: 'corrupt', message: `the index manifest in ${dir} lists no lexical index file` };
    const lexical = lexicalBytes ? parseLexicalFile(lexicalBytes) : LexicalIndex.fromJSON(JSON.parse(legacyLexical!.toString('utf8')) as SerializedLexicalIndex);
    const vectors = manifest.model && INDEX_FILES.vectors in manifest.checksums
      ? VectorIndex.load(path.join(dir, INDEX_FILES.vectors), manifest.model.dimension, vectorParams, stored.passages)
      : null;
    return { ok: true, index: assembleCorpusIndex({ dir, manifest, stored, lexical, vectors }) };
  } catch (error) {
    return { ok: false, problem: 'corrupt', message: `the index in ${dir} could not be read (${(error as Error).message})` };
  }
}

function corruptFile(dir: string, file: string): { ok: false; problem: 'corrupt'; message: string } {
  return { ok: false, problem: 'corrupt', message: `index file ${path.join(dir, file)} does not match its checksum (truncated or altered)` };
}

/** The passages, from passages.jsonl or, in an index saved before it, passages.json. */
async function readStoredPassages(dir: string, checksums: Record<string, string>): Promise<{ ok: true; stored: StoredPassages } | { ok: false; message: string }> {
  const file = INDEX_FILES.passages in checksums ? INDEX_FILES.passages : INDEX_FILES.legacyPassages;
  const expected = checksums[file];
  if (expected === undefined) return { ok: false, message: `the index manifest in ${dir} lists no passages file` };
  if (file === INDEX_FILES.passages) {
    const read = await readPassagesFile(path.join(dir, file)).catch(async (error: Error) => {
      // A truncated file usually ends in half a line: say so by its checksum, not by the parse error.
      if ((await sha256OfFile(path.join(dir, file))) !== expected) return null;
      throw error;
    });
    return read?.sha256 === expected ? { ok: true, stored: read.stored } : corruptFile(dir, file);
  }
  const bytes = await readIndexFile(dir, file);
  return sha256(bytes) === expected ? { ok: true, stored: JSON.parse(bytes.toString('utf8')) as StoredPassages } : corruptFile(dir, file);
}

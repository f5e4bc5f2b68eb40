import { statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.ts';
import { indexDirFor } from '../src/config.ts';
import { duplicatesByPassage } from '../src/index/corpus-index.ts';
import { readPassagesFile } from '../src/index/passages-file.ts';
import { INDEX_FILES, readIndexFile } from '../src/index/index-files.ts';
import { parseLexicalFile } from '../src/index/lexical-file.ts';
import type { Manifest } from '../src/index/manifest.ts';
import { VectorIndex } from '../src/index/vector-index.ts';
import { attributeQuotes } from '../src/search/speakers/attribution.ts';
import { NameMatcher } from '../src/text/transliterate.ts';
import { defaultSettings } from '../src/settings.ts';

/** MiB held after loading each part of a saved index, in the order the engine loads them. */
export interface MemoryParts {
  /** passages.jsonl: passage objects with their verbatim text, near-duplicate groups, titles. */
  passages_mb: number;
  /** Vocabulary and short-word bigrams (name matching) and the name matcher over them. */
  vocabulary_mb: number;
  lexical_mb: number;
  /** hnswlib's graph and vectors (native memory: seen in RSS, not in the JS heap): the size of vectors.hnsw. */
  vectors_mb: number;
  /** The quote directory a bot builds on its first speaker question. */
  attribution_mb: number;
}

const MB = 2 ** 20;

/**
 * Collects garbage (the stage runs with --expose-gc) and returns JS heap + typed arrays, and RSS.
 * Between collections the event loop turns once, so freed buffers are really released and no
 * longer counted as external memory.
 */
export async function settledMemory(): Promise<{ heapMb: number; externalMb: number; rssMb: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / MB, externalMb: usage.external / MB, rssMb: usage.rss / MB };
}

/**
 * Loads a saved index piece by piece, measuring what each piece adds once garbage is collected:
 * JS heap plus typed arrays for the JS parts, RSS for hnswlib's native memory. Run in a process
 * of its own, so that nothing else is held.
 */
export async function measureMemoryParts(config: Config, corpusDir: string): Promise<MemoryParts> {
  const dir = indexDirFor(config, corpusDir);
  const jsMb = async () => {
    const m = await settledMemory();
    return m.heapMb + m.externalMb;
  };
  const manifest = JSON.parse((await readIndexFile(dir, INDEX_FILES.manifest)).toString('utf8')) as Manifest;
  const readStored = async () => (await readPassagesFile(path.join(dir, INDEX_FILES.passages))).stored;
  // Vocabulary first, from a parse of its own, so that neither part's figure holds the other's.
  let before = await jsMb();
  const { vocabulary: vocabularyPairs, bigrams: bigramPairs } = await readStored();
  const vocabulary = new Map(vocabularyPairs);
  const bigrams = new Map(bigramPairs);
  vocabularyPairs.length = 0;
  bigramPairs.length = 0;
  const names = new NameMatcher(vocabulary, { bigrams });
  names.match('Ushakov', 3);
  const vocabularyMb = (await jsMb()) - before;

  before = await jsMb();
  const stored = await readStored();
  stored.vocabulary = [];
  stored.bigrams = [];
  const duplicatesOf = duplicatesByPassage(stored.groups);
  const passagesMb = (await jsMb()) - before;

  before = await jsMb();
  const lexical = parseLexicalFile(await readIndexFile(dir, INDEX_FILES.lexical));
  const lexicalMb = (await jsMb()) - before;

  // hnswlib holds its graph and vectors in the layout of its file; an RSS difference would mostly
  // show what the allocator kept from the steps before.
  const vectors = manifest.model ? VectorIndex.load(path.join(dir, INDEX_FILES.vectors), manifest.model.dimension, defaultSettings.hnsw) : null;
  const vectorsMb = vectors ? statSync(path.join(dir, INDEX_FILES.vectors)).size / MB : 0;

  before = await jsMb();
  const speakers = attributeQuotes(stored.passages);
  const attributionMb = (await jsMb()) - before;
  // Keep everything alive until every part is measured.
  void [duplicatesOf, names, lexical, vectors, speakers];
  return { passages_mb: passagesMb, vocabulary_mb: vocabularyMb, lexical_mb: lexicalMb, vectors_mb: vectorsMb, attribution_mb: attributionMb };
}

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadWorkerEmbedder } from '../src/embed/worker-embedder.ts';
import { VectorIndex } from '../src/index/vector-index.ts';
import { defaultSettings, type HnswSettings } from '../src/settings.ts';
import { recallAt10 } from './hnsw-recall.ts';
import { VectorCache } from './vector-cache.ts';

export interface RealVectorRecall {
  modelDir: string;
  /** Passages in the recall check: all with a vector, cached or embedded now. */
  passages: number;
  /** Of them, read from the on-disk cache of an earlier run (the model's own vectors, kept). */
  passages_from_cache: number;
  /** Embedded by this run (within the time budget). */
  passages_embedded_now: number;
  /** Whether the time budget stopped the embedding before `maxPassages`. */
  budgetReached: boolean;
  /** This run's embedding speed; null when every vector came from the cache. */
  embed_passages_per_s: number | null;
  queries: number;
  ef_search: number;
  /** ann-benchmarks rule: a returned passage is right when as near as the exact 10th. */
  hnsw_recall_at_10: number;
  hnsw_recall_at_10_by_id: number;
  queries_with_ties_at_10th: number;
  cache_file: string;
}

/**
 * HNSW recall@10 on real multilingual-e5-small vectors (the imported model; cosine ~0.98-0.99 to
 * the original): passages of the recombined ARCD corpus embedded as the index does, questions
 * embedded as questions, HNSW (settings as shipped) against exact search. Passage vectors are
 * kept in a cache file (see VectorCache), so a run embeds, for at most `budgetMs`, only the
 * passages no earlier run did (the model embeds 5-30 passages a second on 2 shared cores).
 */
export async function measureRealVectorRecall(options: {
  modelDir: string;
  onnxFile: string;
  cacheDir: string;
  corpusDir: string;
  questions: string[];
  maxPassages: number;
  budgetMs: number;
  hnsw?: HnswSettings;
  log?: (line: string) => void;
}): Promise<RealVectorRecall> {
  const texts: string[] = [];
  for (const file of (await readdir(options.corpusDir)).filter((name) => name.endsWith('.txt')).sort()) {
    for (const line of (await readFile(path.join(options.corpusDir, file), 'utf8')).split('\n')) if (line.trim()) texts.push(line.trim());
    if (texts.length >= options.maxPassages) break;
  }
  texts.length = Math.min(texts.length, options.maxPassages);
  const loaded = await loadWorkerEmbedder({ modelDir: options.modelDir, modelId: path.basename(options.modelDir), cacheDir: path.dirname(options.modelDir), quantized: true, allowDownload: false, threads: 2 });
  if (!loaded.ok) throw new Error(`bench: the model in ${options.modelDir} did not load: ${loaded.reason}`);
  const embedder = loaded.embedder;
  try {
    const cache = await VectorCache.open(options.cacheDir, options.modelDir, options.onnxFile, embedder.dimension);
    const fromCache = texts.filter((text) => cache.get(text) !== undefined).length;
    const missing = texts.filter((text) => cache.get(text) === undefined);
    options.log?.(`real-recall: ${fromCache} of ${texts.length} passage vectors read from ${cache.file}; embedding up to ${missing.length}`);
    const started = performance.now();
    let embedded = 0;
    const chunk = 64;
    while (embedded < missing.length && performance.now() - started < options.budgetMs) {
      const batch = missing.slice(embedded, embedded + chunk);
      await cache.add(batch, await embedder.embedPassages(batch));
      embedded += batch.length;
      options.log?.(`real-recall: embedded ${embedded} of ${missing.length} (${((embedded / (performance.now() - started)) * 1000).toFixed(1)} passages/s)`);
    }
    const embedMs = performance.now() - started;
    const vectors = texts.flatMap((text) => cache.get(text) ?? []);
    const hnsw = options.hnsw ?? defaultSettings.hnsw;
    const index = VectorIndex.build(vectors, embedder.dimension, hnsw);
    const queries: Float32Array[] = [];
    for (const question of options.questions) queries.push(await embedder.embedQuery(question));
    const recall = recallAt10(index, vectors, queries);
    return {
      modelDir: options.modelDir,
      passages: vectors.length,
      passages_from_cache: fromCache,
      passages_embedded_now: embedded,
      budgetReached: vectors.length < texts.length,
      embed_passages_per_s: embedded > 0 ? (embedded / embedMs) * 1000 : null,
      queries: queries.length,
      ef_search: hnsw.efSearch,
      hnsw_recall_at_10: recall.recall,
      hnsw_recall_at_10_by_id: recall.recallById,
      queries_with_ties_at_10th: recall.queriesWithTies,
      cache_file: cache.file,
    };
  } finally {
    await embedder.dispose();
  }
}

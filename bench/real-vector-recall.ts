import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadWorkerEmbedder } from '../src/embed/worker-embedder.ts';
import { VectorIndex } from '../src/index/vector-index.ts';
import { defaultSettings, type HnswSettings } from '../src/settings.ts';
import { foundOfTop10 } from './hnsw-recall.ts';

export interface RealVectorRecall {
  modelDir: string;
  passages: number;
  /** Whether the time budget stopped the embedding before `maxPassages`. */
  budgetReached: boolean;
  embed_passages_per_s: number;
  queries: number;
  hnsw_recall_at_10: number;
}

/**
 * HNSW recall@10 on real multilingual-e5-small vectors (the imported model; cosine ~0.98-0.99 to
 * the original): passages of the recombined ARCD corpus embedded as the index does, for at most
 * `budgetMs` (the model embeds a few passages a second on 2 shared cores), questions embedded
 * as questions, HNSW (settings as shipped) against exact search.
 */
export async function measureRealVectorRecall(options: {
  modelDir: string;
  corpusDir: string;
  questions: string[];
  maxPassages: number;
  budgetMs: number;
  hnsw?: HnswSettings;
}): Promise<RealVectorRecall> {
  const texts: string[] = [];
  for (const file of (await readdir(options.corpusDir)).filter((name) => name.endsWith('.txt')).sort()) {
    for (const line of (await readFile(path.join(options.corpusDir, file), 'utf8')).split('\n')) if (line.trim()) texts.push(line.trim());
    if (texts.length >= options.maxPassages) break;
  }
  const loaded = await loadWorkerEmbedder({ modelDir: options.modelDir, modelId: path.basename(options.modelDir), cacheDir: path.dirname(options.modelDir), quantized: true, allowDownload: false, threads: 2 });
  if (!loaded.ok) throw new Error(`bench: the model in ${options.modelDir} did not load: ${loaded.reason}`);
  const embedder = loaded.embedder;
  try {
    const vectors: Float32Array[] = [];
    const started = performance.now();
    const chunk = 64;
    while (vectors.length < Math.min(options.maxPassages, texts.length) && performance.now() - started < options.budgetMs) {
      vectors.push(...(await embedder.embedPassages(texts.slice(vectors.length, vectors.length + chunk))));
    }
    const embedMs = performance.now() - started;
    const index = VectorIndex.build(vectors, embedder.dimension, options.hnsw ?? defaultSettings.hnsw);
    let found = 0;
    for (const question of options.questions) {
      const query = await embedder.embedQuery(question);
      found += foundOfTop10(index, vectors, query);
    }
    return {
      modelDir: options.modelDir,
      passages: vectors.length,
      budgetReached: vectors.length < Math.min(options.maxPassages, texts.length),
      embed_passages_per_s: (vectors.length / embedMs) * 1000,
      queries: options.questions.length,
      hnsw_recall_at_10: found / (options.questions.length * Math.min(10, vectors.length)),
    };
  } finally {
    await embedder.dispose();
  }
}

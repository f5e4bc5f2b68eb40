import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ConsolaInstance } from 'consola';
import type { Config } from '../src/config.ts';
import { indexDirFor } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import { VectorIndex } from '../src/index/vector-index.ts';
import { settledMemory } from './memory-parts.ts';
import { recallAt10 } from './hnsw-recall.ts';
import { randomEmbedder } from './random-embedder.ts';
import { percentile, timeMs } from '../src/util/statistics.ts';
import { generateSyntheticCorpus } from './synthetic-corpus.ts';

export interface ScaleResult {
  passages: number;
  /** 'built': the process built its index at start; 'loaded': it opened one saved earlier. */
  index: 'built' | 'loaded';
  /** Opening: lexical index + HNSW (random unit vectors: the model's cost is measured separately), or loading them. */
  build_ms: number;
  /** Per build stage (built case only). */
  build_stages_ms: Record<string, number>;
  /** RSS at the end of each build stage (built case only). */
  build_stages_rss_mb: Record<string, number>;
  /** JS heap in use (garbage included) at the end of each build stage (built case only). */
  build_stages_heap_mb: Record<string, number>;
  attribution_ms: number;
  query_p50_ms: number;
  query_p95_ms: number;
  query_p99_ms: number;
  /** 20 questions at once. */
  concurrent20_questions_per_s: number;
  concurrent20_p95_ms: number;
  /** NaN unless asked for (recallQueries > 0). The ann-benchmarks rule: see checkTop10. */
  hnsw_recall_at_10: number;
  /** The same counted by passage id (ties at the 10th distance count as misses). */
  hnsw_recall_at_10_by_id: number;
  queries_with_ties_at_10th: number;
  /** RSS after opening and answering the questions, as the process holds it (no forced collection). */
  rss_mb: number;
  /** The highest RSS the process reached (opening included). */
  peak_rss_mb: number;
  heap_used_mb: number;
  /** The same once garbage is collected: what the process keeps. */
  settled_rss_mb: number;
  settled_heap_mb: number;
}

export interface ScaleOptions {
  config: Config;
  logger: ConsolaInstance;
  /** Folder of real Arabic articles to recombine (../shared/eval/arcd-corpus). */
  sourceDir: string;
  workDir: string;
  size: number;
  questions: string[];
  /** Exact-search checks of HNSW; 0 skips the check. @default 100 */
  recallQueries?: number;
  /** Remove any saved index first, so the process builds it at start. */
  fresh: boolean;
}

/**
 * Opens an engine over a synthetic corpus of `size` passages, with HNSW over random unit
 * vectors, and times questions end to end except the query embedding (a hash here; the real
 * model's query cost is reported by the runtime comparison).
 */
export async function measureScale(options: ScaleOptions): Promise<ScaleResult> {
  const corpusDir = path.join(options.workDir, `corpus-${options.size}`);
  if (!existsSync(corpusDir)) await generateSyntheticCorpus({ sourceDir: options.sourceDir, targetDir: corpusDir, passages: options.size });
  const config = { ...options.config, INDEX_DIR: path.join(options.workDir, 'index') };
  if (options.fresh) await rm(indexDirFor(config, corpusDir), { recursive: true, force: true });
  const opened = await timeMs(() => Engine.open({ config, corpusDir, embedder: randomEmbedder(), logger: options.logger }));
  const engine = opened.value;
  const attribution = await timeMs(() => engine.speakers());

  for (const question of options.questions.slice(0, 20)) await engine.ask(question);
  const samples: number[] = [];
  for (const question of options.questions) samples.push((await timeMs(() => engine.ask(question))).ms);

  const batch = options.questions.slice(0, 20);
  const concurrent: number[] = [];
  const wall = await timeMs(() =>
    Promise.all(
      batch.map(async (question) => {
        concurrent.push((await timeMs(() => engine.ask(question))).ms);
      }),
    ),
  );

  // Memory with the index loaded and questions answered, before the recall check's brute force.
  const memory = process.memoryUsage();
  const peakRssMb = peakRss();
  const settled = await settledMemory();
  const recall = options.recallQueries === 0 ? null : hnswRecall(engine, options.recallQueries ?? 100);
  await engine.close();
  return {
    passages: engine.index.passages.length,
    index: engine.openReport.upToDate ? 'loaded' : 'built',
    build_ms: opened.ms,
    build_stages_ms: engine.openReport.timings,
    build_stages_rss_mb: engine.openReport.rssAfter,
    build_stages_heap_mb: engine.openReport.heapAfter ?? {},
    attribution_ms: attribution.ms,
    query_p50_ms: percentile(samples, 50),
    query_p95_ms: percentile(samples, 95),
    query_p99_ms: percentile(samples, 99),
    concurrent20_questions_per_s: batch.length / (wall.ms / 1000),
    concurrent20_p95_ms: percentile(concurrent, 95),
    hnsw_recall_at_10: recall?.recall ?? NaN,
    hnsw_recall_at_10_by_id: recall?.recallById ?? NaN,
    queries_with_ties_at_10th: recall?.queriesWithTies ?? NaN,
    rss_mb: memory.rss / 2 ** 20,
    peak_rss_mb: peakRssMb,
    heap_used_mb: memory.heapUsed / 2 ** 20,
    settled_rss_mb: settled.rssMb,
    settled_heap_mb: settled.heapMb,
  };
}

/** VmHWM from /proc (Linux); NaN elsewhere. */
function peakRss(): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** HNSW top 10 against exact cosine search, for slightly perturbed stored passage vectors as queries. */
function hnswRecall(engine: Engine, queries: number): ReturnType<typeof recallAt10> | null {
  const vectors = engine.index.vectors;
  // Only an in-process graph (the local store) is checked here.
  if (!(vectors instanceof VectorIndex)) return null;
  const all = Array.from({ length: vectors.size }, (_, doc) => vectors.vector(doc));
  const step = Math.max(1, Math.floor(all.length / queries));
  const asked: Float32Array[] = [];
  // Near, but not identical to, one stored point.
  for (let q = 0; q < all.length && asked.length < queries; q += step) asked.push(all[q]!.map((x, i) => x + (i % 7 === 0 ? 0.05 : 0)));
  return recallAt10(vectors, all, asked);
}

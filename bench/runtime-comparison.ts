/**
 * Which ONNX runtime wrapper embeds fastest, on the same inputs and the e5-shaped model
 * (e5-shape-model.ts): our Embedder (onnxruntime-node and our tokenizer), in-process and in its
 * worker, and a bare onnxruntime-node InferenceSession fed pre-tokenised batches (only
 * session.run and mean pooling are timed). ours / bare is `embed_overhead_vs_raw_ort`: what tokenisation, batching and the
 * worker cost on top.
 *
 * Every case runs in its own process, at the embedding worker's priority (niceness 10): a fresh
 * process gives every runtime the same cold start and the same free cores.
 * Other processes on the machine slow some runs down, so each case runs several rounds and the
 * best counts; the overhead ratio is also measured A/B, batch by batch against a bare session in
 * the same process (measureOverheadInterleaved), which such interference cannot skew.
 *
 * Script form: `node --import tsx bench/runtime-comparison.ts [--passages 256] [--rounds 3]
 * [--overhead] [--stall 2000]`.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Embedder } from '../src/embed/embedder.ts';
import { DEFAULT_BENCH_MODELS_DIR, ensureE5ShapeModel, type E5ShapeModel } from './e5-shape-model.ts';
import { measureEventLoopStall } from '../src/util/event-loop-stall.ts';
import { percentile } from '../src/util/statistics.ts';
import { openOnnxEncoder } from '../src/embed/onnx-encoder.ts';
import { EMBED_WORKER_NICENESS } from '../src/embed/worker-protocol.ts';
import { loadTokenizer as loadModelTokenizer, type TextTokenizer } from '../src/embed/tokenizer.ts';
import { summarizeRatios, type RatioSummary } from '../src/util/alternating-ratio.ts';

export type Runtime = 'ours' | 'ours-worker' | 'ort';
export type ModelFormat = 'fp32' | 'int8';

export const RUNTIME_LABELS: Record<Runtime, string> = {
  ours: 'ours: Embedder (in-process)',
  'ours-worker': 'ours: worker Embedder (as shipped)',
  ort: 'bare onnxruntime-node',
};

export interface RuntimeComparisonOptions {
  /** Where the e5-shaped model is generated (and the shared inputs written). @default '<repo>/.cache/bench-models' */
  modelsDir: string;
  /** A real model folder to measure instead of the generated one (only its int8 file is used). @default the e5-shaped model */
  model?: E5ShapeModel;
  /** Folder of .txt articles the passages come from. @default '/work/shared/eval/arcd-corpus' */
  corpusDir: string;
  /** Passages embedded per case. @default 256 */
  passages: number;
  /** Passages per session.run. @default 16 */
  batchSize: number;
  /** Longest passage in tokens, `<s> passage: … </s>` included. @default 128 */
  maxTokens: number;
  /** Length of the timed query in tokens, `<s> query: … </s>` included. @default 16 */
  queryTokens: number;
  /** Timed query runs (after a few warm-up runs); the median is reported. @default 40 */
  queryRuns: number;
  /**
   * onnxruntime intra-op threads, for every runtime. @default 2
   */
  threads: number;
  /** Every case is measured this many times, interleaved; the best run counts (other processes share the cores). @default 3 */
  rounds: number;
  /**
   * Before each case, wait (up to quietTimeoutMs) until other processes use at most this many
   * cores, so that a neighbour's burst does not land in one runtime's numbers. @default 0.3
   */
  quietCores: number;
  /** @default 180000 */
  quietTimeoutMs: number;
  runtimes: Runtime[];
  formats: ModelFormat[];
  /** Progress lines. @default silent */
  log: (line: string) => void;
}

export const defaultRuntimeComparisonOptions: RuntimeComparisonOptions = {
  modelsDir: DEFAULT_BENCH_MODELS_DIR,
  corpusDir: '/work/shared/eval/arcd-corpus',
  passages: 256,
  batchSize: 16,
  maxTokens: 128,
  queryTokens: 16,
  queryRuns: 40,
  threads: 2,
  rounds: 3,
  quietCores: 0.3,
  quietTimeoutMs: 180_000,
  runtimes: ['ours', 'ours-worker', 'ort'],
  formats: ['fp32', 'int8'],
  log: () => undefined,
};

/** The texts every runtime embeds (without the "passage: " / "query: " prefixes). */
export interface BenchInputs {
  passages: string[];
  query: string;
  batchSize: number;
  maxTokens: number;
}

export interface RuntimeMeasurement {
  runtime: Runtime;
  format: ModelFormat;
  /** onnxruntime-node version actually loaded. */
  ortVersion: string;
  passages: number;
  /** Real (unpadded) tokens over all passages, as this runtime's tokenizer counts them. */
  tokens: number;
  loadMs: number;
  embedMs: number;
  passagesPerSecond: number;
  queryMsMedian: number;
  /** passages/s of every round, when several were run (the fields above are the best round). */
  roundsPassagesPerSecond?: number[];
  /** Cores other processes were using just before the case started (see quietCores). */
  busyCoresBefore?: number;
}

export interface RuntimeComparison {
  options: Omit<RuntimeComparisonOptions, 'log'>;
  results: RuntimeMeasurement[];
  /** ours / bare onnxruntime for the same batches, per format: 1.0 = no overhead. */
  overheadVsRawOrt: Partial<Record<ModelFormat, number>>;
  /** The same for the worker embedder. */
  workerOverheadVsRawOrt: Partial<Record<ModelFormat, number>>;
  /** The same ratios per round (sides alternating): median and spread. */
  overheadRounds: Partial<Record<ModelFormat, RatioSummary>>;
  workerOverheadRounds: Partial<Record<ModelFormat, RatioSummary>>;
  /** The worker's query-embedding median over bare onnxruntime's, per round: median and spread. */
  workerQueryRounds: Partial<Record<ModelFormat, RatioSummary>>;
}

// ---------------------------------------------------------------------------------------------
// Inputs

async function loadTokenizer(model: E5ShapeModel): Promise<TextTokenizer> {
  return loadModelTokenizer(model.modelDir);
}

const tokenCount = (tokenizer: TextTokenizer, text: string): number => tokenizer.encode(text).length;

/**
 * Passages as the index makes them: the sentences of one paragraph, packed while the passage stays
 * within maxTokens (a sentence longer than that is cut at a word). Deterministic: files in name
 * order, duplicates dropped, cycled with a numbered suffix if the corpus runs out.
 */
export async function buildBenchInputs(
  model: E5ShapeModel,
  options: Pick<RuntimeComparisonOptions, 'corpusDir' | 'passages' | 'batchSize' | 'maxTokens' | 'queryTokens'>,
): Promise<BenchInputs> {
  const tokenizer = await loadTokenizer(model);
  const fits = (text: string, limit = options.maxTokens) => tokenCount(tokenizer, `passage: ${text}`) <= limit;
  const files = (await readdir(options.corpusDir)).filter((f) => f.endsWith('.txt')).sort();
  const unique = new Set<string>();
  const paragraphs: string[] = [];
  for (const file of files) {
    for (const line of (await readFile(join(options.corpusDir, file), 'utf8')).split('\n')) {
      const paragraph = line.replace(/\s+/g, ' ').trim();
      if (paragraph.length > 0) paragraphs.push(paragraph);
    }
  }
  if (paragraphs.length === 0) throw new Error(`runtime comparison: no text in ${options.corpusDir}`);

  for (const paragraph of paragraphs) {
    if (unique.size >= options.passages) break;
    let current = '';
    for (let sentence of paragraph.split(/(?<=[.!?؟])\s+/)) {
      if (current && fits(`${current} ${sentence}`)) {
        current = `${current} ${sentence}`;
        continue;
      }
      if (current) unique.add(current);
      while (!fits(sentence)) sentence = sentence.split(' ').slice(0, -1).join(' ');
      current = sentence;
    }
    if (current) unique.add(current);
  }
  const passages = [...unique].slice(0, options.passages);
  for (let round = 1; passages.length < options.passages; round++) {
    for (const p of [...unique]) {
      if (passages.length >= options.passages) break;
      const numbered = `${p.split(' ').slice(0, -1).join(' ')} ${round}`;
      passages.push(numbered);
    }
  }

  // A question of exactly queryTokens tokens: the longest run of corpus words that fits.
  const words = paragraphs.slice(0, 50).join(' ').split(' ');
  let query = '';
  for (let start = 0; start < words.length && tokenCount(tokenizer, `query: ${query}`) !== options.queryTokens; start++) {
    query = '';
    for (const word of words.slice(start)) {
      const next = query ? `${query} ${word}` : word;
      if (tokenCount(tokenizer, `query: ${next}`) > options.queryTokens) break;
      query = next;
    }
  }
  return { passages, query, batchSize: options.batchSize, maxTokens: options.maxTokens };
}

// ---------------------------------------------------------------------------------------------
// One case, in this process

/** A loaded runtime: embeds a batch of passages, or one query. */
interface Runner {
  ortVersion: string;
  /** Work that must not be timed (bare sessions tokenise here). */
  prepare?(batches: string[][], query: string): void;
  tokens(inputs: BenchInputs): Promise<number>;
  embedBatch(texts: string[]): Promise<unknown>;
  embedQuery(text: string): Promise<unknown>;
  dispose(): Promise<void>;
}

/** Measures one runtime and format in the current process (compareRuntimes runs each in a child). */
export async function measureRuntime(
  runtime: Runtime,
  format: ModelFormat,
  model: E5ShapeModel,
  inputs: BenchInputs,
  options: Pick<RuntimeComparisonOptions, 'threads' | 'queryRuns'> = defaultRuntimeComparisonOptions,
): Promise<RuntimeMeasurement> {
  const loadStart = performance.now();
  const runner = await loadRunner(runtime, format, model, inputs, options.threads);
  const loadMs = performance.now() - loadStart;

  const batches: string[][] = [];
  for (let i = 0; i < inputs.passages.length; i += inputs.batchSize) batches.push(inputs.passages.slice(i, i + inputs.batchSize));
  runner.prepare?.(batches, inputs.query);
  await runner.embedBatch(batches[0]!); // warm-up: first runs allocate and pick kernels
  const embedStart = performance.now();
  for (const batch of batches) await runner.embedBatch(batch);
  const embedMs = performance.now() - embedStart;

  for (let i = 0; i < 5; i++) await runner.embedQuery(inputs.query);
  const samples: number[] = [];
  for (let i = 0; i < options.queryRuns; i++) {
    const start = performance.now();
    await runner.embedQuery(inputs.query);
    samples.push(performance.now() - start);
  }
  const tokens = await runner.tokens(inputs);
  await runner.dispose();
  return {
    runtime,
    format,
    ortVersion: runner.ortVersion,
    passages: inputs.passages.length,
    tokens,
    loadMs,
    embedMs,
    passagesPerSecond: (inputs.passages.length / embedMs) * 1000,
    queryMsMedian: percentile(samples, 50),
  };
}

const require = createRequire(import.meta.url);

function packageVersion(packageJsonPath: string): string {
  return (require(packageJsonPath) as { version: string }).version;
}

async function loadRunner(runtime: Runtime, format: ModelFormat, model: E5ShapeModel, inputs: BenchInputs, threads: number): Promise<Runner> {
  switch (runtime) {
    case 'ours':
      return oursRunner(model, format, inputs, 'in-process', threads);
    case 'ours-worker':
      return oursRunner(model, format, inputs, 'worker', threads);
    case 'ort':
      return bareOrtRunner(model, format, threads);
  }
}

async function oursRunner(
  model: E5ShapeModel, format: ModelFormat, inputs: BenchInputs, mode: 'in-process' | 'worker', threads: number,
): Promise<Runner> {
  const options = {
    modelId: model.modelId, modelDir: model.modelDir, cacheDir: join(model.modelsRoot, '.unused-cache'),
    quantized: format === 'int8', batchSize: inputs.batchSize, allowDownload: false,
  };
  const result = mode === 'worker'
    ? await (await import('../src/embed/worker-embedder.ts')).loadWorkerEmbedder({ ...options, threads })
    : await (await import('../src/embed/embedder.ts')).loadEmbedder({ ...options, threads });
  if (!result.ok) throw new Error(`runtime comparison: our embedder did not load: ${result.reason}`);
  const embedder: Embedder = result.embedder;
  return {
    ortVersion: packageVersion('onnxruntime-node/package.json'),
    tokens: async (all) => {
      const tokenizer = await loadTokenizer(model);
      return all.passages.reduce((sum, p) => sum + tokenCount(tokenizer, `passage: ${p}`), 0);
    },
    embedBatch: (texts) => embedder.embedPassages(texts),
    embedQuery: (text) => embedder.embedQuery(text),
    dispose: () => embedder.dispose(),
  };
}

/**
 * A bare InferenceSession, with the session options our embedder uses (onnx-encoder.ts). All
 * batches are tokenised before anything is timed; a call then costs session.run plus mean
 * pooling and L2 normalisation.
 */
async function bareOrtRunner(model: E5ShapeModel, format: ModelFormat, threads: number): Promise<Runner> {
  const ort = await import('onnxruntime-node');
  const tokenizer = await loadTokenizer(model);
  const encoder = await openOnnxEncoder(ort, format === 'int8' ? model.int8Path : model.fp32Path, { threads });
  const prepared = new WeakMap<string[], number[][]>();
  let query: { text: string; ids: number[][] } | undefined;
  return {
    ortVersion: packageVersion('onnxruntime-node/package.json'),
    prepare: (batches, text) => {
      for (const batch of batches) prepared.set(batch, batch.map((t) => tokenizer.encode(`passage: ${t}`)));
      query = { text, ids: [tokenizer.encode(`query: ${text}`)] };
    },
    tokens: async (all) => all.passages.reduce((sum, p) => sum + tokenCount(tokenizer, `passage: ${p}`), 0),
    embedBatch: (texts) => {
      const batch = prepared.get(texts);
      if (!batch) throw new Error('runtime comparison: a batch was not prepared (tokenised) before it was timed');
      return encoder.encode(batch, tokenizer.padId);
    },
    embedQuery: (text) => {
      if (query?.text !== text) throw new Error('runtime comparison: the query was not prepared before it was timed');
      return encoder.encode(query.ids, tokenizer.padId);
    },
    dispose: () => encoder.release(),
  };
}


// ---------------------------------------------------------------------------------------------
// Overhead, A/B

export interface InterleavedOverhead {
  mode: 'in-process' | 'worker';
  format: ModelFormat;
  batches: number;
  oursMs: number;
  rawMs: number;
  /** oursMs / rawMs: `embed_overhead_vs_raw_ort`. */
  ratio: number;
}

/**
 * Our embedder against a bare onnxruntime-node session (pre-tokenised, `threads` threads) on
 * the same batches, alternating which goes first, twice over the passages: a neighbour's load
 * lands on both alike, so the ratio holds even on a busy machine.
 */
export async function measureOverheadInterleaved(
  mode: 'in-process' | 'worker',
  format: ModelFormat,
  model: E5ShapeModel,
  inputs: BenchInputs,
  threads: number,
): Promise<InterleavedOverhead> {
  const ours = await oursRunner(model, format, inputs, mode, threads);
  const raw = await bareOrtRunner(model, format, threads);
  const batches: string[][] = [];
  for (let i = 0; i < inputs.passages.length; i += inputs.batchSize) batches.push(inputs.passages.slice(i, i + inputs.batchSize));
  raw.prepare?.(batches, inputs.query);
  await ours.embedBatch(batches[0]!);
  await raw.embedBatch(batches[0]!);
  let oursMs = 0;
  let rawMs = 0;
  const timed = async (run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    return performance.now() - start;
  };
  for (let pass = 0; pass < 2; pass++) {
    for (const [i, batch] of batches.entries()) {
      if ((i + pass) % 2 === 0) {
        oursMs += await timed(() => ours.embedBatch(batch));
        rawMs += await timed(() => raw.embedBatch(batch));
      } else {
        rawMs += await timed(() => raw.embedBatch(batch));
        oursMs += await timed(() => ours.embedBatch(batch));
      }
    }
  }
  await ours.dispose();
  await raw.dispose();
  return { mode, format, batches: batches.length * 2, oursMs, rawMs, ratio: oursMs / rawMs };
}

/** The A/B overhead for both embedders and the given formats, each pair in its own process. */
export async function compareOverhead(
  options: Partial<RuntimeComparisonOptions> = {},
): Promise<InterleavedOverhead[]> {
  const opts: RuntimeComparisonOptions = { ...defaultRuntimeComparisonOptions, ...options };
  const model = opts.model ?? (await ensureE5ShapeModel(opts.modelsDir, { log: opts.log }));
  const inputs = await buildBenchInputs(model, opts);
  const inputsPath = await writeInputs(opts.modelsDir, `${model.modelId}-passages-${opts.passages}`, inputs);
  const results: InterleavedOverhead[] = [];
  for (const format of opts.formats) {
    for (const mode of ['in-process', 'worker'] as const) {
      opts.log(`measuring the overhead of the ${mode} embedder (${format}) A/B …`);
      results.push(await runInChild<InterleavedOverhead>({ kind: 'overhead', mode, format, threads: opts.threads }, model, inputsPath));
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Event-loop stall while a reindex embeds: in-process vs worker

export interface ReindexStall {
  mode: 'in-process' | 'worker';
  format: ModelFormat;
  passages: number;
  /** Longest stall while the model loaded (a bot loads it at start-up, not per reindex). */
  loadStallMs: number;
  /** Longest stall while the passages were embedded: `event_loop_max_ms_reindex`. */
  embedStallMs: number;
  embedMs: number;
  passagesPerSecond: number;
}

export async function measureReindexStall(
  mode: 'in-process' | 'worker',
  format: ModelFormat,
  model: E5ShapeModel,
  inputs: BenchInputs,
): Promise<ReindexStall> {
  const options = {
    modelId: model.modelId, modelDir: model.modelDir, cacheDir: join(model.modelsRoot, '.unused-cache'),
    quantized: format === 'int8', batchSize: inputs.batchSize, allowDownload: false,
  };
  const load = mode === 'worker'
    ? (await import('../src/embed/worker-embedder.ts')).loadWorkerEmbedder
    : (await import('../src/embed/embedder.ts')).loadEmbedder;
  const loaded = await measureEventLoopStall(() => load(options));
  if (!loaded.value.ok) throw new Error(`runtime comparison: the ${mode} embedder did not load: ${loaded.value.reason}`);
  const embedder = loaded.value.embedder;
  const started = performance.now();
  const embedded = await measureEventLoopStall(() => embedder.embedPassages(inputs.passages));
  const embedMs = performance.now() - started;
  await embedder.dispose();
  return {
    mode,
    format,
    passages: inputs.passages.length,
    loadStallMs: loaded.maxStallMs,
    embedStallMs: embedded.maxStallMs,
    embedMs,
    passagesPerSecond: (inputs.passages.length / embedMs) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// All cases, each in a child process

const execFileAsync = promisify(execFile);
const RESULT_MARKER = 'RUNTIME-COMPARISON-RESULT ';

type ChildJob =
  | { kind: 'runtime'; runtime: Runtime; format: ModelFormat; threads: number; queryRuns: number }
  | { kind: 'overhead'; mode: 'in-process' | 'worker'; format: ModelFormat; threads: number }
  | { kind: 'stall'; mode: 'in-process' | 'worker'; format: ModelFormat };

async function runInChild<T>(job: ChildJob, model: E5ShapeModel, inputsPath: string): Promise<T> {
  const args = ['--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), '--child', JSON.stringify({ job, model, inputsPath })];
  const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new Error(`runtime comparison: ${JSON.stringify(job)} printed no result:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}

async function writeInputs(modelsDir: string, name: string, inputs: BenchInputs): Promise<string> {
  const dir = join(modelsDir, 'inputs');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(inputs));
  return path;
}

/** Generates the model if needed, builds the inputs once, and measures every runtime × format in its own process. */
export async function compareRuntimes(options: Partial<RuntimeComparisonOptions> = {}): Promise<RuntimeComparison> {
  const opts: RuntimeComparisonOptions = { ...defaultRuntimeComparisonOptions, ...options };
  const model = opts.model ?? (await ensureE5ShapeModel(opts.modelsDir, { log: opts.log }));
  const inputs = await buildBenchInputs(model, opts);
  const inputsPath = await writeInputs(opts.modelsDir, `${model.modelId}-passages-${opts.passages}`, inputs);
  const runs = new Map<string, RuntimeMeasurement[]>();
  for (let round = 1; round <= opts.rounds; round++) {
    for (const format of opts.formats) {
      // The order flips every round, so neither side always runs first (or right after the other).
      for (const runtime of round % 2 === 1 ? opts.runtimes : [...opts.runtimes].reverse()) {
        const busyCoresBefore = await waitForQuietCpu(opts.quietCores, opts.quietTimeoutMs);
        opts.log(`round ${round}/${opts.rounds}: ${runtime} ${format} (others using ${busyCoresBefore.toFixed(2)} cores) …`);
        const measured = {
          ...(await runInChild<RuntimeMeasurement>(
            { kind: 'runtime', runtime, format, threads: opts.threads, queryRuns: opts.queryRuns }, model, inputsPath,
          )),
          busyCoresBefore,
        };
        runs.set(`${runtime} ${format}`, [...(runs.get(`${runtime} ${format}`) ?? []), measured]);
      }
    }
  }
  // Interference from other processes only ever slows a run down, so the best round is the truest.
  const results = [...runs.values()].map((all) => {
    const best = all.reduce((a, b) => (b.passagesPerSecond > a.passagesPerSecond ? b : a));
    return {
      ...best,
      queryMsMedian: Math.min(...all.map((r) => r.queryMsMedian)),
      roundsPassagesPerSecond: all.map((r) => r.passagesPerSecond),
    };
  });
  const ratio = (runtime: Runtime) => {
    const out: Partial<Record<ModelFormat, number>> = {};
    for (const format of opts.formats) {
      const ours = results.find((r) => r.runtime === runtime && r.format === format);
      const raw = results.find((r) => r.runtime === 'ort' && r.format === format);
      if (ours && raw) out[format] = ours.embedMs / raw.embedMs;
    }
    return out;
  };
  // Per round, ours over bare onnxruntime on the same passages: median and spread (alternating-ratio.ts).
  const roundRatios = (runtime: Runtime, figure: (run: RuntimeMeasurement) => number = (run) => run.embedMs) => {
    const out: Partial<Record<ModelFormat, RatioSummary>> = {};
    for (const format of opts.formats) {
      const ours = runs.get(`${runtime} ${format}`);
      const raw = runs.get(`ort ${format}`);
      if (ours && raw) out[format] = summarizeRatios(ours.map(figure), raw.map(figure));
    }
    return out;
  };
  const { log: _log, ...recorded } = opts;
  return {
    options: recorded,
    results,
    overheadVsRawOrt: ratio('ours'),
    workerOverheadVsRawOrt: ratio('ours-worker'),
    overheadRounds: roundRatios('ours'),
    workerOverheadRounds: roundRatios('ours-worker'),
    workerQueryRounds: roundRatios('ours-worker', (run) => run.queryMsMedian),
  };
}

/** The reindex stall, in-process and in a worker, each in its own process. */
export async function compareReindexStall(
  options: Partial<RuntimeComparisonOptions> & { format?: ModelFormat } = {},
): Promise<ReindexStall[]> {
  const opts: RuntimeComparisonOptions = { ...defaultRuntimeComparisonOptions, ...options };
  const format = options.format ?? 'int8';
  const model = opts.model ?? (await ensureE5ShapeModel(opts.modelsDir, { log: opts.log }));
  const inputs = await buildBenchInputs(model, opts);
  const inputsPath = await writeInputs(opts.modelsDir, `${model.modelId}-passages-${opts.passages}`, inputs);
  const results: ReindexStall[] = [];
  for (const mode of ['in-process', 'worker'] as const) {
    await waitForQuietCpu(opts.quietCores, opts.quietTimeoutMs);
    opts.log(`measuring the event loop while embedding ${inputs.passages.length} passages ${mode} …`);
    results.push(await runInChild<ReindexStall>({ kind: 'stall', mode, format }, model, inputsPath));
  }
  return results;
}

/** Cores busy over the next `ms`, from the kernel's per-core counters (this process is idle meanwhile). */
async function busyCores(ms: number): Promise<number> {
  const sample = () => cpus().map((c) => ({ idle: c.times.idle, total: Object.values(c.times).reduce((a, b) => a + b, 0) }));
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return sample().reduce((sum, after, i) => {
    const total = after.total - before[i]!.total;
    return sum + (total > 0 ? 1 - (after.idle - before[i]!.idle) / total : 0);
  }, 0);
}

/** Waits until other processes leave the cores alone (or the timeout passes); returns the last reading. */
async function waitForQuietCpu(maxBusyCores: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const busy = await busyCores(2_000);
    if (busy <= maxBusyCores || performance.now() > deadline) return busy;
  }
}

// ---------------------------------------------------------------------------------------------
// Script form

function formatTable(comparison: RuntimeComparison): string {
  const rows: string[][] = [['runtime', 'onnxruntime', 'format', 'passages/s (best)', 'each round', 'query ms (p50)', 'load s', 'others\' cores']];
  for (const r of comparison.results) {
    rows.push([
      RUNTIME_LABELS[r.runtime], r.ortVersion, r.format, r.passagesPerSecond.toFixed(1),
      (r.roundsPassagesPerSecond ?? []).map((x) => x.toFixed(0)).join('/'),
      r.queryMsMedian.toFixed(2), (r.loadMs / 1000).toFixed(1), (r.busyCoresBefore ?? Number.NaN).toFixed(2),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

async function main(argv: string[]): Promise<void> {
  const childIndex = argv.indexOf('--child');
  if (childIndex >= 0) {
    const { job, model, inputsPath } = JSON.parse(argv[childIndex + 1]!) as { job: ChildJob; model: E5ShapeModel; inputsPath: string };
    // Every case at the embedding worker's priority, so that none yields more to the machine's
    // other processes than another. The event-loop case stays at normal priority: it plays the bot.
    if (job.kind !== 'stall') setPriority(EMBED_WORKER_NICENESS);
    const inputs = JSON.parse(await readFile(inputsPath, 'utf8')) as BenchInputs;
    const result = job.kind === 'runtime'
      ? await measureRuntime(job.runtime, job.format, model, inputs, job)
      : job.kind === 'overhead'
        ? await measureOverheadInterleaved(job.mode, job.format, model, inputs, job.threads)
        : await measureReindexStall(job.mode, job.format, model, inputs);
    console.log(`${RESULT_MARKER}${JSON.stringify(result)}`);
    return;
  }
  const flag = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const log = (line: string) => console.error(line);
  const passages = flag('--passages') ?? defaultRuntimeComparisonOptions.passages;
  const rounds = flag('--rounds') ?? defaultRuntimeComparisonOptions.rounds;
  if (rounds > 0) await printComparison(await compareRuntimes({ passages, rounds, log }));
  if (argv.includes('--overhead')) {
    console.log(`\nembed_overhead_vs_raw_ort, A/B against a bare onnxruntime-node session on the same ${passages} passages:`);
    for (const o of await compareOverhead({ passages, log })) {
      console.log(`  ${o.format} ${o.mode.padEnd(10)} ${o.ratio.toFixed(3)}  (ours ${(o.oursMs / o.batches).toFixed(1)} ms / bare ${(o.rawMs / o.batches).toFixed(1)} ms per batch)`);
    }
  }
  const stallPassages = flag('--stall');
  if (stallPassages !== undefined) {
    const stalls = await compareReindexStall({ passages: stallPassages, log });
    console.log(`\nEvent loop while embedding ${stallPassages} passages (int8):`);
    for (const s of stalls) {
      console.log(`  ${s.mode.padEnd(10)} max stall ${s.embedStallMs.toFixed(1)} ms while embedding (${s.passagesPerSecond.toFixed(1)} passages/s), ${s.loadStallMs.toFixed(1)} ms while loading`);
    }
  }
}

function printComparison(comparison: RuntimeComparison): void {
  const first = comparison.results[0];
  console.log(`\nSame ${first?.passages} Arabic passages (≤ ${comparison.options.maxTokens} tokens, ${first?.tokens} tokens in all), batches of ${comparison.options.batchSize}; query of ${comparison.options.queryTokens} tokens.`);
  console.log(formatTable(comparison));
  for (const [format, ratio] of Object.entries(comparison.overheadVsRawOrt)) {
    console.log(`embed_overhead_vs_raw_ort (${format}) = ${ratio.toFixed(3)}  (in-process Embedder / bare onnxruntime-node, same batches)`);
  }
  for (const [format, ratio] of Object.entries(comparison.workerOverheadVsRawOrt)) {
    console.log(`embed_overhead_vs_raw_ort (${format}, worker) = ${ratio.toFixed(3)}  (worker Embedder / bare onnxruntime-node, same batches)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}

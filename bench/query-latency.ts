import type { Engine } from '../src/engine.ts';
import { percentile, timeMs } from '../src/util/statistics.ts';

export interface QueryLatency {
  questions: number;
  rounds: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** One-time cost of attributing every quote of the corpus (paid by the first speaker question). */
  attribution_ms: number;
}

/**
 * End-to-end question latency through the engine (analysis, retrieval, fusion, attribution,
 * answer building), after a warm-up round, over `rounds` passes of the questions.
 */
export async function measureQueryLatency(engine: Engine, questions: string[], rounds = 20): Promise<QueryLatency> {
  const attribution = await timeMs(() => engine.speakers());
  for (const question of questions) await engine.ask(question);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) samples.push((await timeMs(() => engine.ask(question))).ms);
  }
  return {
    questions: questions.length,
    rounds,
    p50_ms: percentile(samples, 50),
    p95_ms: percentile(samples, 95),
    p99_ms: percentile(samples, 99),
    attribution_ms: attribution.ms,
  };
}

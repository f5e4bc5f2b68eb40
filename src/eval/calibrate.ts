import type { Engine } from '../engine.ts';
import type { EvalQuestion } from './eval-set.ts';

/**
 * Chooses the abstention threshold from data: answerable questions (which must be answered)
 * and unanswerable ones: the evaluation's kind=none questions plus questions written for
 * another corpus, asked against this one. The threshold is the coverage value that best
 * separates them (highest balanced accuracy), preferring the lower value on ties so that
 * answerable questions are not refused.
 */
export interface CalibrationSample {
  coverage: number;
  answerable: boolean;
}

export async function collectSamples(engine: Pick<Engine, 'ask'>, questions: EvalQuestion[], answerable: (q: EvalQuestion) => boolean): Promise<CalibrationSample[]> {
  const samples: CalibrationSample[] = [];
  for (const question of questions) {
    const answer = await engine.ask(question.q, { k: 1 });
    samples.push({ coverage: answer.coverage, answerable: answerable(question) });
  }
  return samples;
}

export interface CalibrationResult {
  threshold: number;
  /** Share of answerable questions answered at this threshold. */
  answeredRate: number;
  /** Share of unanswerable questions refused at this threshold. */
  refusedRate: number;
  positives: number;
  negatives: number;
}

export function chooseThreshold(samples: CalibrationSample[]): CalibrationResult {
  const positives = samples.filter((s) => s.answerable);
  const negatives = samples.filter((s) => !s.answerable);
  const candidates = [...new Set(samples.map((s) => s.coverage))].sort((a, b) => a - b);
  let best: CalibrationResult = { threshold: 0, answeredRate: 1, refusedRate: 0, positives: positives.length, negatives: negatives.length };
  let bestScore = -1;
  for (const value of candidates) {
    // Abstain when coverage < threshold: put the threshold just above a negative's coverage.
    const threshold = Number((value + 1e-6).toFixed(6));
    const answeredRate = positives.length ? positives.filter((s) => s.coverage >= threshold).length / positives.length : 1;
    const refusedRate = negatives.length ? negatives.filter((s) => s.coverage < threshold).length / negatives.length : 0;
    const score = (answeredRate + refusedRate) / 2;
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = { threshold, answeredRate, refusedRate, positives: positives.length, negatives: negatives.length };
    }
  }
  return best;
}

/** A corpus's engine and the questions written for that corpus. */
export interface CalibrationSet {
  engine: Pick<Engine, 'ask'>;
  questions: EvalQuestion[];
}

/**
 * Calibrates across corpora: each set's questions against its own corpus (answerable unless
 * kind=none) and against every other corpus (unanswerable there), then the threshold that best
 * separates them.
 */
export async function calibrateAcross(sets: CalibrationSet[]): Promise<CalibrationResult> {
  const samples: CalibrationSample[] = [];
  for (const own of sets) {
    for (const other of sets) {
      const sameCorpus = own === other;
      samples.push(...(await collectSamples(own.engine, other.questions, (q) => sameCorpus && q.kind !== 'none')));
    }
  }
  return chooseThreshold(samples);
}

import type { Engine } from '../engine.ts';
import { isCrossLingual } from '../search/abstain.ts';
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
  /** How far the model's best passage stands out (null without the model, or on the speaker route). */
  denseMargin?: number | null;
  /** Asked in another language than the articles' (Arabic): judged by the cross-lingual margin. */
  crossLingual?: boolean;
  answerable: boolean;
  /** The question set it comes from: the ceiling on refused answerable questions holds for each set. */
  set?: string;
}

export async function collectSamples(
  engine: Pick<Engine, 'ask'>,
  questions: EvalQuestion[],
  answerable: (q: EvalQuestion) => boolean,
  label?: string,
): Promise<CalibrationSample[]> {
  const samples: CalibrationSample[] = [];
  for (const question of questions) {
    const answer = await engine.ask(question.q, { k: 1 });
    samples.push({ coverage: answer.coverage, denseMargin: answer.denseMargin, crossLingual: isCrossLingual(answer.language), answerable: answerable(question), set: label });
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

/** Answerable questions a margin may refuse, at most (the ceiling for false refusals). */
export const MAX_REFUSED_ANSWERABLE = 0.02;

/**
 * Chooses the model's margin (abstention.minDenseMargin, or its cross-lingual twin) for samples
 * of one language group, with the coverage threshold already fixed: a question is refused when
 * its coverage is below minCoverage and its margin below the threshold. Of the thresholds that
 * refuse at most MAX_REFUSED_ANSWERABLE of the answerable questions of every set (a pooled rate
 * would let a large set hide a small one's refusals), the one refusing the most unanswerable
 * ones. Null when no sample has a margin (no model).
 */
const hasMargin = (sample: CalibrationSample): boolean => sample.denseMargin !== null && sample.denseMargin !== undefined;

export function chooseDenseMargin(samples: CalibrationSample[], minCoverage: number): CalibrationResult | null {
  const judged = samples.filter(hasMargin);
  if (judged.length === 0) return null;
  const positives = judged.filter((s) => s.answerable);
  const negatives = judged.filter((s) => !s.answerable);
  const refused = (s: CalibrationSample, threshold: number) => s.coverage < minCoverage && s.denseMargin! < threshold;
  const candidates = [...new Set(judged.map((s) => Number(s.denseMargin!.toFixed(4))))].sort((a, b) => a - b);
  const bySet = new Map<string, CalibrationSample[]>();
  for (const sample of positives) {
    const set = bySet.get(sample.set ?? '') ?? [];
    set.push(sample);
    bySet.set(sample.set ?? '', set);
  }
  let best: CalibrationResult = { threshold: candidates[0]!, answeredRate: 1, refusedRate: 0, positives: positives.length, negatives: negatives.length };
  for (const threshold of candidates) {
    let refusedAnswerable = 0;
    let overCeiling = false;
    for (const answerable of bySet.values()) {
      const refusedHere = answerable.filter((s) => refused(s, threshold)).length;
      refusedAnswerable += refusedHere;
      // Counted, not compared as rates: 1 - 0.98 is not 0.02 in floating point.
      overCeiling ||= refusedHere > Math.floor(MAX_REFUSED_ANSWERABLE * answerable.length + 1e-9);
    }
    // Higher thresholds only refuse more, so the first one over the ceiling ends the search.
    if (overCeiling) break;
    const answeredRate = positives.length ? 1 - refusedAnswerable / positives.length : 1;
    const refusedRate = negatives.length ? negatives.filter((s) => refused(s, threshold)).length / negatives.length : 0;
    if (refusedRate >= best.refusedRate) best = { threshold, answeredRate, refusedRate, positives: positives.length, negatives: negatives.length };
  }
  return best;
}

/** What calibration proposes for the abstention settings. */
export interface Calibration {
  /** abstention.minCoverage, by balanced accuracy (the lexical-only decision). */
  coverage: CalibrationResult;
  /** abstention.minDenseMargin (questions in Arabic) and minDenseMarginCrossLingual; null without the model. */
  denseMargin: { sameLanguage: CalibrationResult | null; crossLingual: CalibrationResult | null } | null;
}

/** A corpus's engine and the questions written for that corpus. */
export interface CalibrationSet {
  engine: Pick<Engine, 'ask'>;
  questions: EvalQuestion[];
  /** Names the set in per-set limits. */
  label?: string;
}

/**
 * Calibrates across corpora: each set's questions against its own corpus (answerable unless
 * kind=none) and against every other corpus (unanswerable there). Then the coverage threshold
 * that best separates them and, with the model, the margins that go with `minCoverage` (the
 * coverage threshold in force, so the two stay a consistent pair).
 */
export async function calibrateAcross(sets: CalibrationSet[], minCoverage: number): Promise<Calibration> {
  const samples: CalibrationSample[] = [];
  for (const own of sets) {
    for (const other of sets) {
      const sameCorpus = own === other;
      samples.push(...(await collectSamples(own.engine, other.questions, (q) => sameCorpus && q.kind !== 'none', other.label)));
    }
  }
  const withModel = samples.some(hasMargin);
  return {
    coverage: chooseThreshold(samples),
    denseMargin: withModel
      ? {
          sameLanguage: chooseDenseMargin(samples.filter((s) => !s.crossLingual), minCoverage),
          crossLingual: chooseDenseMargin(samples.filter((s) => s.crossLingual), minCoverage),
        }
      : null,
  };
}

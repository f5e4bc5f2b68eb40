import type { PassageEvidence, WordsAgreement } from '../search/relevance.ts';
import { passes, type Calibration, type CalibrationResult, type CalibrationSample } from './calibrate.ts';

/**
 * What no threshold can do: for an unanswerable question still answered, the answerable questions
 * that any rule refusing it would refuse too, if the rule judges passages by their evidence
 * alone and never prefers weaker evidence to stronger (more of the question's words, more of
 * them held, a stronger model judgment, a higher dense rank).
 *
 * A question is refused when every one of its passages is. A rule that refuses every passage of
 * the unanswerable question refuses every passage no stronger than one of them on all counts;
 * an answerable question whose passages are all such passages is refused with it. When refusing
 * the remaining unanswerable questions costs more answerable ones than the ceiling allows, the
 * evidence the engine has cannot tell them apart: a new kind of evidence is needed, not another
 * threshold (docs/quality.md).
 */
export interface ForcedRefusal {
  /** The unanswerable question still answered. */
  question: string;
  set: string;
  /** The answerable questions (of every set, same language group) any such rule would refuse with it, by set. */
  forced: Record<string, string[]>;
}

/** Whether passage `a` is no stronger than passage `b` on every kind of evidence. */
export function noStronger(a: PassageEvidence, b: PassageEvidence): boolean {
  const model = (e: PassageEvidence) => e.model ?? -1;
  const margin = (e: PassageEvidence) => e.margin ?? -Infinity;
  // A passage the dense search did not rank (lexical-only, or a speaker's quote) is ranked last.
  const rank = (e: PassageEvidence) => e.denseRank ?? Infinity;
  return a.words <= b.words && a.wordsHeld <= b.wordsHeld && model(a) <= model(b) && margin(a) <= margin(b) && rank(a) >= rank(b);
}

/** Whether refusing every passage of `refused` refuses `other` (each of its passages is no stronger than one of those). */
export function refusedWith(other: CalibrationSample, refused: CalibrationSample): boolean {
  return other.judged.every((passage) => refused.judged.some((weakest) => noStronger(passage, weakest)));
}

/**
 * For each own-corpus unanswerable question that `answered` says is still answered: the
 * answerable questions of its language group, answered now, that any rule refusing it refuses too.
 */
export function forcedRefusals(samples: readonly CalibrationSample[], answered: (sample: CalibrationSample) => boolean): ForcedRefusal[] {
  return samples
    .filter((sample) => sample.ownUnanswerable && answered(sample))
    .map((unanswerable) => {
      const forced: Record<string, string[]> = {};
      for (const sample of samples) {
        if (!sample.answerable || !answered(sample) || sample.crossLingual !== unanswerable.crossLingual || !refusedWith(sample, unanswerable)) continue;
        (forced[sample.set] ??= []).push(sample.question);
      }
      return { question: unanswerable.question, set: unanswerable.set, forced };
    });
}

/** forcedRefusals in each language group, at the thresholds calibration proposes for it. */
export function forcedAtCalibration(samples: readonly CalibrationSample[], calibration: Calibration, agreement: WordsAgreement): { sameLanguage: ForcedRefusal[]; crossLingual: ForcedRefusal[] } {
  const group = (crossLingual: boolean, result: CalibrationResult) =>
    forcedRefusals(
      samples.filter((sample) => sample.crossLingual === crossLingual),
      (sample) => passes(sample, result.thresholds, agreement),
    );
  return { sameLanguage: group(false, calibration.sameLanguage), crossLingual: group(true, calibration.crossLingual) };
}

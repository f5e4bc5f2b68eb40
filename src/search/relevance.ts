import type { RelevanceSettings, RetrievalMode } from '../settings.ts';
import { isCrossLingual, type QueryLanguage } from './query.ts';

/**
 * How well one passage answers one question: the passage's `score`, 0..1, with one meaning on
 * every route, for every question and corpus. The evidence (see RelevanceSettings in
 * src/settings.ts for why these two and how their thresholds were chosen):
 */
export interface PassageEvidence {
  /** The passage's position in the index. */
  doc: number;
  /** idf-weighted share of the question's words found in the passage, 0..1. */
  words: number;
  /** The passage's cosine minus the question's median cosine over the corpus; null when the model did not judge it. */
  margin: number | null;
  /**
   * The share of the index's off-topic reference questions whose best passage stands out less
   * than this passage does for the question, 0..1; null when the model did not judge it.
   */
  model: number | null;
}

/** The thresholds that apply to one question: each kind of evidence reaches 0.5 at its own. */
export interface RelevanceThresholds {
  /** Null: the model's evidence is not used (lexical-only, or no reference in the index). */
  model: number | null;
  /** Null: words are not evidence on their own (dense-only diagnosis). */
  words: number | null;
  /** With the model, words count only in a passage at least this far above the question's median. */
  agreementMargin: number;
}

/** The score at which a passage answers its question. */
export const ANSWERS = 0.5;

/**
 * Which thresholds judge a question: by its language (the articles' own, or across languages),
 * the retrievers in use and whether the model judged it (a question whose dense search failed,
 * or asked of an index without a reference, is judged by its words with the lexical-only ones).
 */
export function thresholdsFor(settings: RelevanceSettings, mode: RetrievalMode, language: QueryLanguage, modelJudged: boolean): RelevanceThresholds {
  const across = isCrossLingual(language);
  if (!modelJudged || mode === 'lexical') {
    return { model: null, words: across ? settings.lexicalWordsThresholdCrossLingual : settings.lexicalWordsThreshold, agreementMargin: settings.agreementMargin };
  }
  return {
    model: across ? settings.modelThresholdCrossLingual : settings.modelThreshold,
    words: mode === 'dense' ? null : across ? settings.wordsThresholdCrossLingual : settings.wordsThreshold,
    agreementMargin: settings.agreementMargin,
  };
}

/**
 * The passage's score: each kind of evidence is mapped onto 0..1 so that its threshold lands on
 * ANSWERS (0.5), linearly on either side (0 -> 0, threshold -> 0.5, 1 -> 1), and the stronger
 * counts. So 0.5 and above answers, and a higher score is stronger evidence, whichever kind it is.
 */
export function relevanceScore(evidence: PassageEvidence, thresholds: RelevanceThresholds): number {
  const byModel = thresholds.model !== null && evidence.model !== null ? onScale(evidence.model, thresholds.model) : 0;
  const wordsCount = thresholds.words !== null && (evidence.margin === null || thresholds.model === null || evidence.margin >= thresholds.agreementMargin);
  const byWords = wordsCount ? onScale(evidence.words, thresholds.words!) : 0;
  return Number(Math.max(byModel, byWords).toFixed(4));
}

/** 0 -> 0, threshold -> 0.5, 1 -> 1, linear in between. */
export function onScale(value: number, threshold: number): number {
  const x = Math.min(1, Math.max(0, value));
  if (threshold <= 0) return x > 0 || threshold === 0 ? 0.5 + x / 2 : 0;
  if (threshold >= 1) return x >= 1 ? 1 : (x / threshold) * ANSWERS;
  return x < threshold ? (x / threshold) * ANSWERS : ANSWERS + ((x - threshold) / (1 - threshold)) * (1 - ANSWERS);
}

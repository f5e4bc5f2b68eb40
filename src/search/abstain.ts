import type { AbstentionSettings } from '../settings.ts';
import type { QueryLanguage } from './query.ts';

/**
 * Whether the corpus answers a question at all. Two kinds of evidence, either one enough:
 * - words: how much of the question the best lexical passage covers, each concept weighted by
 *   its rarity (idf): a passage matching only "what" and "say" covers little; one matching the
 *   name, the topic and the date covers much;
 * - meaning (with the model): how far the best passage stands out from the rest of the corpus
 *   (see denseMargin in dense-margin.ts).
 */
export interface ConceptEvidence {
  /** idf × weight of the concept; concepts unknown to the corpus get the largest idf. */
  weight: number;
  matched: boolean;
}

export interface AbstentionEvidence {
  /** idf-weighted share of the question found in the best lexical passage, 0..1. */
  coverage: number;
  /** Best cosine minus the median cosine over the corpus; null without the model. */
  denseMargin: number | null;
  language: QueryLanguage;
}

export function coverage(evidence: ConceptEvidence[]): number {
  const total = evidence.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0) return 0;
  return evidence.reduce((sum, item) => sum + (item.matched ? item.weight : 0), 0) / total;
}

/** The articles are Arabic: a question in any other language reaches them across languages. */
export function isCrossLingual(language: QueryLanguage): boolean {
  return language !== 'ar';
}

export function shouldAbstain(evidence: AbstentionEvidence, params: AbstentionSettings): boolean {
  if (evidence.coverage >= params.minCoverage) return false;
  if (evidence.denseMargin === null) return true;
  const minMargin = isCrossLingual(evidence.language) ? params.minDenseMarginCrossLingual : params.minDenseMargin;
  return evidence.denseMargin < minMargin;
}

import type { AbstentionSettings } from '../settings.ts';

/**
 * Whether the corpus answers a question at all. The evidence is how much of the question the
 * best passage covers, each concept weighted by its rarity (idf): a passage matching only
 * "what" and "say" covers little; one matching the name, the topic and the date covers much.
 */
export interface ConceptEvidence {
  /** idf × weight of the concept; concepts unknown to the corpus get the largest idf. */
  weight: number;
  matched: boolean;
}

export function coverage(evidence: ConceptEvidence[]): number {
  const total = evidence.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0) return 0;
  return evidence.reduce((sum, item) => sum + (item.matched ? item.weight : 0), 0) / total;
}

export function shouldAbstain(evidence: ConceptEvidence[], params: AbstentionSettings): boolean {
  return coverage(evidence) < params.minCoverage;
}

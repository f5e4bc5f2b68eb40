import type { FusionSettings } from '../settings.ts';

/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): each ranked list gives an
 * item 1 / (k + rank); the sums order the fused list. Rank-based, so BM25 scores and cosine
 * similarities never need to be put on one scale.
 */

export interface FusedItem {
  doc: number;
  /** Normalised to 0..1: 1 means first in every list that was fused. */
  score: number;
}

export function reciprocalRankFusion(rankings: number[][], params: FusionSettings): FusedItem[] {
  const lists = rankings.filter((ranking) => ranking.length > 0);
  const best = lists.length / (params.k + 1);
  const sums = new Map<number, number>();
  for (const ranking of lists) {
    ranking.forEach((doc, rank) => sums.set(doc, (sums.get(doc) ?? 0) + 1 / (params.k + rank + 1)));
  }
  return [...sums]
    .map(([doc, sum]) => ({ doc, score: sum / best }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}

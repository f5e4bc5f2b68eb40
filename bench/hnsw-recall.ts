import type { VectorIndex } from '../src/index/vector-index.ts';

/** Distances this close to the 10th exact one count as equal (float32 cosine rounding). */
export const RECALL_EPSILON = 1e-5;

export interface Top10Check {
  /** Returned passages whose cosine is at least the exact 10th best's (minus RECALL_EPSILON): the ann-benchmarks rule. */
  withinTenth: number;
  /** Returned passages that are one of the 10 the exact search lists (ties broken by passage number). */
  sameIds: number;
  /** Stored vectors other than the exact top 10 scoring exactly as the 10th (ties recall by id cannot see). */
  tiesAtTenth: number;
}

/**
 * HNSW's top 10 for one query against exact cosine search over all stored vectors (unit length,
 * so cosine is the dot product). Two counts: by distance, the standard of ann-benchmarks, where
 * a returned neighbour is right when it is as near as the exact 10th (identical passages give
 * identical vectors, and any one of them is an equally right answer), and by id.
 */
export function checkTop10(index: VectorIndex, all: Float32Array[], query: Float32Array): Top10Check {
  const scored = all.map((vector, doc) => ({ doc, score: dot(query, vector) })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  const exact = scored.slice(0, 10);
  const tenth = exact.at(-1)?.score ?? -Infinity;
  let tiesAtTenth = 0;
  for (let i = 10; i < scored.length && scored[i]!.score >= tenth - RECALL_EPSILON; i++) tiesAtTenth++;
  const approximate = index.search(query, 10);
  const exactIds = new Set(exact.map((hit) => hit.doc));
  return {
    withinTenth: approximate.filter((hit) => dot(query, all[hit.doc]!) >= tenth - RECALL_EPSILON).length,
    sameIds: approximate.filter((hit) => exactIds.has(hit.doc)).length,
    tiesAtTenth,
  };
}

export interface RecallAt10 {
  /** The ann-benchmarks rule (see checkTop10): the figure reported as hnsw_recall_at_10. */
  recall: number;
  /** The stricter by-id count, for comparison. */
  recallById: number;
  /** Queries whose 10th exact distance is shared by another stored vector. */
  queriesWithTies: number;
}

/** Recall@10 over several queries (each expected to have at least 10 stored neighbours). */
export function recallAt10(index: VectorIndex, all: Float32Array[], queries: Float32Array[]): RecallAt10 {
  let within = 0;
  let same = 0;
  let tied = 0;
  for (const query of queries) {
    const check = checkTop10(index, all, query);
    within += check.withinTenth;
    same += check.sameIds;
    if (check.tiesAtTenth > 0) tied++;
  }
  const expected = queries.length * Math.min(10, all.length);
  return { recall: within / expected, recallById: same / expected, queriesWithTies: tied };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

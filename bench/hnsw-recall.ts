import type { VectorIndex } from '../src/index/vector-index.ts';

/** How many of the exact 10 nearest stored vectors (by cosine: all are unit length) HNSW returns for one query. */
export function foundOfTop10(index: VectorIndex, all: Float32Array[], query: Float32Array): number {
  const exact = all
    .map((vector, doc) => ({ doc, score: dot(query, vector) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 10)
    .map((hit) => hit.doc);
  const approximate = new Set(index.search(query, 10).map((hit) => hit.doc));
  return exact.filter((doc) => approximate.has(doc)).length;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

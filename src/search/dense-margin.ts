/**
 * How far the best passage stands out from the corpus for a question: its cosine minus the
 * median cosine of the question to a background sample of passages. e5's cosines are
 * compressed into a narrow band whose height depends on the question (its language, its
 * length), so an absolute threshold says little; the distance above the corpus's own middle
 * separates "one passage is about this" from "everything is vaguely alike".
 */
export function denseMargin(bestSimilarity: number, query: Float32Array, background: readonly Float32Array[]): number {
  if (background.length === 0) return 0;
  const similarities = background.map((vector) => dot(query, vector)).sort((a, b) => a - b);
  return bestSimilarity - median(similarities);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Of an ascending, non-empty list. */
function median(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

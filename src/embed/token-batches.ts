/**
 * Which texts go into one inference call. A batch is padded to its longest text, so texts of
 * like length go together (sorted by length), and its size is bounded by tokens, not only by
 * texts: the model's activations grow with texts × length (and attention with length squared),
 * and 16 texts of 450 tokens would take several hundred MB where 16 of 60 take a few.
 */

export interface BatchLimits {
  /** Most texts in one call. */
  maxTexts: number;
  /** Most tokens in one call, padding included (texts × longest). A longer text goes alone. */
  maxTokens: number;
}

/** Indexes of `lengths` grouped into batches, shortest texts first. */
export function planBatches(lengths: readonly number[], limits: BatchLimits): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let batch: number[] = [];
  for (const index of order) {
    // Sorted ascending: this text is the longest of the batch it joins.
    const padded = (batch.length + 1) * lengths[index]!;
    if (batch.length > 0 && (batch.length >= limits.maxTexts || padded > limits.maxTokens)) {
      batches.push(batch);
      batch = [];
    }
    batch.push(index);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

import { createHash } from 'node:crypto';
import type { Embedder } from '../embed/embedder.ts';

export interface RandomEmbedderOptions {
  /** @default 384 (multilingual-e5-small) */
  dimension?: number;
  /** Topic clusters the vectors gather around. @default 1000 */
  clusters?: number;
  /** Spread around the cluster centre, relative to the centre's length. @default 1 */
  spread?: number;
}

/**
 * Unit vectors derived from a hash of the text: stands in for the model where only the cost of
 * the vector index matters (HNSW at 100k passages). Deterministic, so runs are comparable.
 *
 * Not uniform on the sphere: uniformly random 384-d vectors are all nearly orthogonal to each
 * other, so "the 10 nearest" is noise and no index can find it (hnswlib reaches recall 0.58 at
 * ef 512 on them). Real sentence embeddings gather in topics; so do these, around `clusters`
 * random centres, which gives nearest-neighbour search a real answer to find.
 * Benchmarks only: its vectors mean nothing, and it says so (isFixture).
 */
export function randomEmbedder(options: RandomEmbedderOptions = {}): Embedder {
  const dimension = options.dimension ?? 384;
  const clusters = options.clusters ?? 1000;
  const spread = options.spread ?? 1;
  const centres = Array.from({ length: clusters }, (_, c) => gaussianVector(`centre:${c}`, dimension, 1));
  const embed = (text: string) => {
    const seed = createHash('sha256').update(text).digest();
    const centre = centres[seed.readUInt32LE(4) % clusters]!;
    const noise = gaussianVector(text, dimension, spread);
    const vector = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) vector[i] = centre[i]! + noise[i]!;
    return normalize(vector);
  };
  return {
    modelId: `synthetic-clustered-${dimension}`,
    dimension,
    isFixture: true,
    async embedPassages(texts, onProgress) {
      const out = texts.map(embed);
      onProgress?.(texts.length, texts.length);
      return out;
    },
    async embedQuery(text) {
      return embed(text);
    },
    async dispose() {},
  };
}

/** Gaussian-ish components (sum of uniforms) from a text-seeded xorshift32, scaled so the vector's length is about `scale`. */
function gaussianVector(seedText: string, dimension: number, scale: number): Float32Array {
  let state = createHash('sha256').update(seedText).digest().readUInt32LE(0) || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const vector = new Float32Array(dimension);
  const perComponent = scale / Math.sqrt(dimension);
  for (let i = 0; i < dimension; i++) vector[i] = (next() + next() + next() - 1.5) * 2 * perComponent;
  return vector;
}

function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return vector;
}

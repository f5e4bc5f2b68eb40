import { createHash } from 'node:crypto';
import type { Embedder } from '../src/embed/embedder.ts';

export interface RandomEmbedderOptions {
  /** @default 384 (multilingual-e5-small) */
  dimension?: number;
  /**
   * Dimensions of the latent space the vectors really vary in. At 32, HNSW (M 16) needs ef 128
   * for recall@10 above 0.99 at 20k passages, a realistic difficulty; at 16 any ef finds all.
   * @default 32
   */
  intrinsicDimension?: number;
  /** Isotropic noise added in the full space, relative to the signal. @default 0.3 */
  noise?: number;
}

/**
 * Unit vectors derived from a hash of the text: stands in for the model where only the cost of
 * the vector index matters (HNSW at 100k passages). Deterministic, so runs are comparable.
 *
 * Not uniform on the sphere: uniformly random 384-d vectors are all nearly orthogonal to each
 * other, so "the 10 nearest" is noise that no index can find (hnswlib reaches recall 0.58 at
 * ef 512 on 100k of them). Sentence embeddings vary along far fewer directions than they have
 * dimensions; so do these: a random point of a `intrinsicDimension`-dimensional space, mapped
 * into the full space by a fixed random projection, plus a little noise.
 * Benchmarks only: its vectors mean nothing, and it says so (isFixture).
 */
export function randomEmbedder(options: RandomEmbedderOptions = {}): Embedder {
  const dimension = options.dimension ?? 384;
  const intrinsic = options.intrinsicDimension ?? 32;
  const noise = options.noise ?? 0.3;
  const projection = Array.from({ length: intrinsic }, (_, k) => gaussianVector(`axis:${k}`, dimension, 1));
  const embed = (text: string) => {
    const latent = gaussianVector(`latent:${text}`, intrinsic, 1);
    const vector = gaussianVector(`noise:${text}`, dimension, noise);
    for (let k = 0; k < intrinsic; k++) {
      const axis = projection[k]!;
      const weight = latent[k]!;
      for (let i = 0; i < dimension; i++) vector[i] = vector[i]! + weight * axis[i]!;
    }
    return normalize(vector);
  };
  return {
    modelId: `synthetic-${intrinsic}d-in-${dimension}d`,
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

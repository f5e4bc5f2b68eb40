import hnswlib from 'hnswlib-node';
import { defaultSettings, type HnswSettings } from '../settings.ts';


export interface VectorHit {
  /** The passage's position in passages.json. */
  doc: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

/** Approximate nearest neighbours by cosine similarity over passage embeddings (hnswlib). */
export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimension: number,
    readonly size: number,
  ) {}

  static build(vectors: Float32Array[], dimension: number, params: HnswSettings = defaultSettings.hnsw): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    // Fixed seed: the same corpus gives the same graph, so results are reproducible.
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: params.m, efConstruction: params.efConstruction, randomSeed: 100 });
    vectors.forEach((vector, doc) => hnsw.addPoint(Array.from(vector), doc));
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimension, vectors.length);
  }

  static load(file: string, dimension: number, params: HnswSettings = defaultSettings.hnsw): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    hnsw.readIndexSync(file);
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimension, hnsw.getCurrentCount());
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  /** The stored (normalised) vector of a passage: lets an incremental build reuse it. */
  vector(doc: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(doc));
  }

  /** Up to `count` stored vectors spread evenly over the passages: a background for dense-margin.ts. */
  sample(count: number): Float32Array[] {
    const step = Math.max(1, this.size / Math.max(1, count));
    const sample: Float32Array[] = [];
    for (let position = 0; position < this.size && sample.length < count; position += step) sample.push(this.vector(Math.floor(position)));
    return sample;
  }

  search(query: Float32Array, limit: number, accept?: (doc: number) => boolean): VectorHit[] {
    const k = Math.min(limit, this.size);
    if (k === 0) return [];
    const result = this.hnsw.searchKnn(Array.from(query), k, accept);
    return result.neighbors.map((doc, i) => ({ doc, similarity: 1 - result.distances[i]! }));
  }
}

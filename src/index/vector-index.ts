import hnswlib from 'hnswlib-node';
import type { HnswSettings } from '../settings.ts';
import type { DenseRetriever, VectorHit } from './dense-retriever.ts';

/** What the graph knows of each passage, to restrict a search to one file. */
export type PassageFiles = readonly { readonly file: string }[];

/** Approximate nearest neighbours by cosine similarity over passage embeddings (hnswlib), in this process. */
export class VectorIndex implements DenseRetriever {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimension: number,
    readonly size: number,
    /** The passages, by position: needed only by nearest() restricted to a file. */
    private readonly passages?: PassageFiles,
  ) {}

  static build(vectors: Float32Array[], dimension: number, params: HnswSettings, passages?: PassageFiles): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    // Fixed seed: the same corpus gives the same graph, so results are reproducible.
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: params.m, efConstruction: params.efConstruction, randomSeed: 100 });
    vectors.forEach((vector, doc) => hnsw.addPoint(Array.from(vector), doc));
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimension, vectors.length, passages);
  }

  static load(file: string, dimension: number, params: HnswSettings, passages?: PassageFiles): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimension);
    hnsw.readIndexSync(file);
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimension, hnsw.getCurrentCount(), passages);
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  /** The stored (normalised) vector of a passage: lets an incremental build reuse it. */
  vector(doc: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(doc));
  }

  /** Up to `count` stored vectors spread evenly over the passages: the background a question's median cosine is taken over (src/index/relevance-null.ts). */
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

  async nearest(query: Float32Array, limit: number, file?: string): Promise<VectorHit[]> {
    if (file === undefined) return this.search(query, limit);
    const passages = this.passages;
    if (!passages) throw new Error('VectorIndex: built without its passages, so it cannot restrict a search to a file');
    return this.search(query, limit, (doc) => passages[doc]?.file === file);
  }

  async background(count: number): Promise<Float32Array[]> {
    return this.sample(count);
  }

  async storedVectors(docs: readonly number[]): Promise<(Float32Array | undefined)[]> {
    return docs.map((doc) => (doc >= 0 && doc < this.size ? this.vector(doc) : undefined));
  }
}

export interface VectorHit {
  /** The passage's position in the index (passages.jsonl order). */
  doc: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

/**
 * The dense half of retrieval, wherever the vectors live: an hnswlib graph in this process
 * (VectorIndex, the local store) or pgvector's HNSW index in PostgreSQL (PgvectorRetriever),
 * which the process asks per question instead of holding any vector.
 */
export interface DenseRetriever {
  readonly dimension: number;
  /** Passages with a vector. */
  readonly size: number;
  /** The `limit` passages nearest to `query` by cosine, best first; only passages of `file` (relative path) when set. */
  nearest(query: Float32Array, limit: number, file?: string): Promise<VectorHit[]>;
  /** Up to `count` passage vectors spread evenly over the passages: the background a question's median cosine is taken over (src/index/relevance-null.ts). */
  background(count: number): Promise<Float32Array[]>;
  /**
   * The stored vectors of the passages at these positions, for a build to reuse instead of
   * embedding them again; undefined where the store no longer holds that passage's vector.
   */
  storedVectors(docs: readonly number[]): Promise<(Float32Array | undefined)[]>;
}

import type pg from 'pg';
import type { Passage } from '../../corpus/passages.ts';
import type { DenseRetriever, VectorHit } from '../dense-retriever.ts';
import { nearestPassagesAt, parseVector } from './pgvector-search.ts';
import type { QuestionPools } from './question-pools.ts';
import type { HnswSettings } from '../../settings.ts';

/** Ids per query when reading vectors back: a few MB of text per round trip. */
const READ_BATCH = 2000;
/** How a question searches the HNSW index (settings.hnsw): its ef_search, and up to what size it searches exactly instead. */
export type PgvectorSearchSettings = Pick<HnswSettings, 'efSearch' | 'exactSearchUpTo'>;

/**
 * Dense search in PostgreSQL: every question is a pgvector HNSW query, so the process holds no
 * vector and no graph, only the passages of the index it loaded (to name the hits).
 */
export class PgvectorRetriever implements DenseRetriever {
  private positionById: Map<string, number> | undefined;

  constructor(
    private readonly pools: QuestionPools,
    private readonly indexKey: string,
    /** The generation of the index these passages are: hits are read from that one only. */
    private readonly generation: number,
    readonly dimension: number,
    private readonly passages: readonly Passage[],
    private readonly search: PgvectorSearchSettings,
  ) {}

  get size(): number {
    return this.passages.length;
  }

  async nearest(query: Float32Array, limit: number, file?: string): Promise<VectorHit[]> {
    const hits = await this.pools.read(this.indexKey, this.generation, async (pool) => {
      const client = await pool.connect();
      try {
        const read = await nearestPassagesAt(client, this.indexKey, query, limit, { efSearch: this.search.efSearch, file, exact: this.size <= this.search.exactSearchUpTo });
        return { value: read.hits, generation: read.generation };
      } finally {
        client.release();
      }
    });
    // The hits are of this generation (the pools checked), so their positions are this index's;
    // by id all the same, at no cost, should that ever not hold.
    const found: VectorHit[] = [];
    for (const hit of hits) {
      const doc = this.passages[hit.doc]?.id === hit.passageId ? hit.doc : this.positionOf(hit.passageId);
      if (doc !== undefined) found.push({ doc, similarity: hit.similarity });
    }
    return found;
  }

  /** Read once per loaded index (the engine keeps it): a few hundred rows by primary key. */
  async background(count: number): Promise<Float32Array[]> {
    const step = Math.max(1, this.size / Math.max(1, count));
    const docs: number[] = [];
    for (let position = 0; position < this.size && docs.length < count; position += step) docs.push(Math.floor(position));
    return (await this.storedVectors(docs)).filter((vector): vector is Float32Array => vector !== undefined);
  }

  /** By passage id and text hash, so a save by another process meanwhile cannot hand back the wrong vector. */
  async storedVectors(docs: readonly number[]): Promise<(Float32Array | undefined)[]> {
    const vectorById = new Map<string, Float32Array>();
    for (let start = 0; start < docs.length; start += READ_BATCH) {
      const batch = docs.slice(start, start + READ_BATCH).map((doc) => this.passages[doc]).filter((p): p is Passage => p !== undefined);
      const { rows } = await this.pools.primary.query<{ passage_id: string; hash: string; embedding: string }>(
        `SELECT passage_id, hash, embedding::text AS embedding FROM passages
         WHERE index_key = $1 AND passage_id = ANY($2::text[]) AND dimension = $3 AND embedding IS NOT NULL`,
        [this.indexKey, batch.map((p) => p.id), this.dimension],
      );
      const hashById = new Map(batch.map((p) => [p.id, p.hash]));
      for (const row of rows) if (hashById.get(row.passage_id) === row.hash) vectorById.set(row.passage_id, parseVector(row.embedding));
    }
    return docs.map((doc) => {
      const id = this.passages[doc]?.id;
      return id === undefined ? undefined : vectorById.get(id);
    });
  }

  private positionOf(passageId: string): number | undefined {
    this.positionById ??= new Map(this.passages.map((passage, doc) => [passage.id, doc]));
    return this.positionById.get(passageId);
  }
}

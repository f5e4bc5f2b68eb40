import type pg from 'pg';
import type { VectorHit } from '../vector-index.ts';

/** A vector in pgvector's text form, `[0.1,0.2,…]`: how vectors are sent and read back. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.prototype.join.call(vector, ',')}]`;
}

export interface NearestOptions {
  /** Candidates the HNSW search keeps (pgvector's hnsw.ef_search, 1..1000); raised to `limit` when below it. */
  efSearch: number;
  /** Only passages of this file (relative path), when set. */
  file?: string;
}

/**
 * The passages of one corpus index nearest to `query` by cosine, through pgvector's HNSW index
 * (see hnswIndexSql: the column is cast to the vector's length, and only rows of that length
 * are indexed). Several corpora share the table, so the index key and the file are filters
 * applied during the scan: the iterative scan keeps walking the graph until `limit` rows pass
 * them, instead of returning fewer. Runs in its own transaction so the settings stay local.
 */
export async function nearestPassages(client: pg.ClientBase, indexKey: string, query: Float32Array, limit: number, options: NearestOptions): Promise<VectorHit[]> {
  if (limit <= 0) return [];
  const dimension = Math.trunc(query.length);
  const efSearch = Math.min(1000, Math.max(Math.trunc(options.efSearch), limit));
  const cast = `embedding::vector(${dimension})`;
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL hnsw.ef_search = ${efSearch}`);
    await client.query(`SET LOCAL hnsw.iterative_scan = strict_order`);
    const params: unknown[] = [vectorLiteral(query), indexKey, limit];
    if (options.file !== undefined) params.push(options.file);
    const { rows } = await client.query<{ position: number; distance: number }>(
      `SELECT position, ${cast} <=> $1::vector(${dimension}) AS distance
       FROM passages
       WHERE dimension = ${dimension} AND index_key = $2${options.file !== undefined ? ' AND file = $4' : ''}
       ORDER BY ${cast} <=> $1::vector(${dimension})
       LIMIT $3`,
      params,
    );
    await client.query('COMMIT');
    return rows.map((row) => ({ doc: row.position, similarity: 1 - Number(row.distance) }));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

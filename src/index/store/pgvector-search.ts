import type pg from 'pg';
import type { VectorHit } from '../dense-retriever.ts';

/** A vector in pgvector's text form, `[0.1,0.2,…]`: how vectors are sent and read back. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.prototype.join.call(vector, ',')}]`;
}

export interface NearestOptions {
  /** Candidates the HNSW search keeps (pgvector's hnsw.ef_search, 1..1000); raised to `limit` when below it. */
  efSearch: number;
  /** Only passages of this file (relative path), when set. */
  file?: string;
  /**
   * Compare the query with every row of the corpus (or file) instead of walking the graph: for
   * small corpora, where it is quick and exact. @default false (always true with `file`)
   */
  exact?: boolean;
}

/** A hit with the id of its passage: positions move when the index is saved again, ids do not. */
export interface PassageHit extends VectorHit {
  passageId: string;
}

/**
 * The passages of one corpus index nearest to `query` by cosine. Without a file, through
 * pgvector's HNSW index (see hnswIndexSql: the column is cast to the vector's length, and only
 * rows of that length are indexed); several corpora share the table, so the index key is a
 * filter applied during the scan: the iterative scan keeps walking the graph until `limit` rows
 * pass it, instead of returning fewer. The planner is told to avoid sorting, which is what
 * makes it take the graph: it underrates the cost of an exact scan (each vector is read from
 * TOAST), and chose one at a few thousand rows, ten times slower than the graph.
 * Within one file (or with `exact`), an exact scan of those rows (found by their own index): a
 * graph walk filtered down to a few dozen rows out of millions would give up at
 * hnsw.max_scan_tuples with fewer than `limit`, or none.
 * Runs in its own transaction so the settings stay local.
 */
export async function nearestPassages(client: pg.ClientBase, indexKey: string, query: Float32Array, limit: number, options: NearestOptions): Promise<PassageHit[]> {
  return (await nearestPassagesAt(client, indexKey, query, limit, options)).hits;
}

/**
 * nearestPassages, with the generation of the corpus's index the hits were read from (one
 * snapshot for both; null when the corpus has no index there): a process that holds another
 * generation must not take these hits as positions of its own.
 */
export async function nearestPassagesAt(
  client: pg.ClientBase,
  indexKey: string,
  query: Float32Array,
  limit: number,
  options: NearestOptions,
): Promise<{ hits: PassageHit[]; generation: number | null }> {
  if (limit <= 0) return { hits: [], generation: null };
  const dimension = Math.trunc(query.length);
  const efSearch = Math.min(1000, Math.max(Math.trunc(options.efSearch), limit));
  const cast = `embedding::vector(${dimension})`;
  // Values are written into the text (numbers, and literals escaped by the client) so that the
  // transaction, its settings and the query go in one round trip: the simple protocol takes
  // several statements but no parameters. Each round trip counts on a busy server.
  const queryVector = `${client.escapeLiteral(vectorLiteral(query))}::vector(${dimension})`;
  const key = client.escapeLiteral(indexKey);
  const count = Math.trunc(limit);
  const exact = options.exact === true || options.file !== undefined;
  const fileFilter = options.file === undefined ? '' : ` AND file = ${client.escapeLiteral(options.file)}`;
  const select = !exact
    ? `SELECT position, passage_id, ${cast} <=> ${queryVector} AS distance
       FROM passages
       WHERE dimension = ${dimension} AND index_key = ${key}
       ORDER BY ${cast} <=> ${queryVector}
       LIMIT ${count}`
    : `WITH in_file AS MATERIALIZED (
         SELECT position, passage_id, embedding FROM passages WHERE index_key = ${key}${fileFilter} AND dimension = ${dimension}
       )
       SELECT position, passage_id, ${cast} <=> ${queryVector} AS distance
       FROM in_file
       ORDER BY distance, position
       LIMIT ${count}`;
  try {
    const results = (await client.query(
      // Repeatable read: the generation and the hits come from one snapshot.
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT generation::text AS generation FROM corpus_indexes WHERE index_key = ${key}; ` +
        `SET LOCAL hnsw.ef_search = ${efSearch}; SET LOCAL hnsw.iterative_scan = strict_order; SET LOCAL enable_sort = ${exact ? 'on' : 'off'}; ${select}; COMMIT`,
    )) as unknown as pg.QueryResult[];
    const generation = (results[1]!.rows[0] as { generation: string } | undefined)?.generation;
    const rows = results[5]!.rows as { position: number; passage_id: string; distance: number }[];
    return {
      hits: rows.map((row) => ({ doc: row.position, passageId: row.passage_id, similarity: 1 - Number(row.distance) })),
      generation: generation === undefined ? null : Number(generation),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The inverse of vectorLiteral: a vector as PostgreSQL prints it (`embedding::text`). */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(JSON.parse(text) as number[]);
}

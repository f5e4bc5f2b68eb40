import type pg from 'pg';

/**
 * The tables of the PostgreSQL store, as numbered migrations: a database is brought to the
 * latest version on open and records it in schema_version. Never edit a released migration;
 * add the next one. The same SQL runs on any PostgreSQL 13+ with the pgvector extension.
 */
const MIGRATIONS: string[] = [
  `CREATE EXTENSION IF NOT EXISTS vector;
   -- json, not jsonb: the manifest is read back byte for byte, key order included (settings are compared).
   -- One row per corpus index; generation grows with every save, so a reader can tell it is stale.
   CREATE TABLE corpus_indexes (
     index_key text PRIMARY KEY,
     generation bigint NOT NULL,
     saved_at timestamptz NOT NULL DEFAULT now(),
     manifest json NOT NULL,
     titles json NOT NULL,
     articles json NOT NULL,
     groups json NOT NULL,
     vocabulary json NOT NULL,
     bigrams json NOT NULL,
     bm25 json NOT NULL
   );
   -- Passages verbatim with their line spans; position is the document number the postings use.
   CREATE TABLE passages (
     index_key text NOT NULL,
     position integer NOT NULL,
     passage_id text NOT NULL,
     file text NOT NULL,
     line_start integer NOT NULL,
     line_end integer NOT NULL,
     text text NOT NULL,
     hash text NOT NULL,
     is_title boolean NOT NULL,
     sentences json NOT NULL,
     term_count integer NOT NULL,
     -- The vector's length, so each model size gets its own HNSW index (see hnswIndexSql).
     dimension integer,
     embedding vector,
     PRIMARY KEY (index_key, position)
   );
   -- BM25 postings, one row per term: documents ascending, with the term's frequency in each.
   CREATE TABLE postings (
     index_key text NOT NULL,
     term text NOT NULL,
     docs integer[] NOT NULL,
     tfs integer[] NOT NULL,
     PRIMARY KEY (index_key, term)
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any fixed number shared by every copy of the project: serialises migrations between processes. */
const MIGRATION_LOCK = 0x6e657773;

/** Brings the database to SCHEMA_VERSION; safe when several processes start at once. */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${current}, newer than this program's ${SCHEMA_VERSION}: update the program`);
    }
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[version - 1]!);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/**
 * The HNSW index for vectors of one length: pgvector indexes only columns of a fixed dimension,
 * so the column is cast and the index covers only rows of that length.
 */
export function hnswIndexSql(dimension: number, m: number, efConstruction: number): string {
  const size = Math.trunc(dimension);
  return `CREATE INDEX IF NOT EXISTS passages_embedding_hnsw_${size} ON passages
    USING hnsw ((embedding::vector(${size})) vector_cosine_ops) WITH (m = ${Math.trunc(m)}, ef_construction = ${Math.trunc(efConstruction)})
    WHERE dimension = ${size}`;
}

import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Passage } from '../../corpus/passages.ts';
import type { Manifest } from '../manifest.ts';
import type { ContentVectors } from './index-store.ts';
import { vectorLiteral } from './pgvector-search.ts';
import { encodePostings } from './postgres-postings.ts';
import { hnswIndexName, hnswIndexSql } from '../../db/postgres-schema.ts';

/** Rows sent per statement: large enough to be quick, small enough for one message. */
const BATCH = 2000;
/** Keys and digests sent per statement (a few dozen bytes a row). */
const KEY_BATCH = 10_000;

/** A short fingerprint: equal inputs, equal digests; 128 bits are plenty to tell two rows apart. */
function digestOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('base64url').slice(0, 22);
}

/** Everything a passage row holds but its position and vector (the text through its hash). */
function passageDigest(passage: Passage, termCount: number): string {
  return digestOf(JSON.stringify([passage.file, passage.lineStart, passage.lineEnd, passage.hash, passage.isTitle, passage.sentences, termCount]));
}

/**
 * Brings the corpus's passage rows to `passages`: a row whose id and digest are unchanged stays
 * (only its position is set, a HOT update), a changed or new one is written (its vector taken
 * from `vectors` only when its text is new to that row), a vanished one is deleted.
 */
export async function writePassages(
  client: pg.ClientBase,
  indexKey: string,
  passages: readonly Passage[],
  termCounts: ArrayLike<number>,
  vectors: ContentVectors | null,
): Promise<{ written: number; deleted: number }> {
  await client.query('CREATE TEMPORARY TABLE incoming_passages (passage_id text PRIMARY KEY, position integer NOT NULL, hash text NOT NULL, digest text NOT NULL) ON COMMIT DROP');
  for (let start = 0; start < passages.length; start += KEY_BATCH) {
    const batch = passages.slice(start, start + KEY_BATCH);
    await client.query('INSERT INTO incoming_passages SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[])', [
      batch.map((p) => p.id),
      batch.map((_, i) => start + i),
      batch.map((p) => p.hash),
      batch.map((p, i) => passageDigest(p, termCounts[start + i]!)),
    ]);
  }
  const deleted = await client.query('DELETE FROM passages p WHERE p.index_key = $1 AND NOT EXISTS (SELECT 1 FROM incoming_passages i WHERE i.passage_id = p.passage_id)', [indexKey]);
  const { rows: changed } = await client.query<{ position: number; needs_vector: boolean }>(
    `SELECT i.position, (p.passage_id IS NULL OR p.hash <> i.hash OR p.embedding IS NULL) AS needs_vector
     FROM incoming_passages i LEFT JOIN passages p ON p.index_key = $1 AND p.passage_id = i.passage_id
     WHERE p.passage_id IS NULL OR p.digest IS DISTINCT FROM i.digest
     ORDER BY i.position`,
    [indexKey],
  );
  for (let start = 0; start < changed.length; start += BATCH) {
    const batch = changed.slice(start, start + BATCH);
    const docs = batch.map((row) => row.position);
    const needing = vectors ? batch.filter((row) => row.needs_vector).map((row) => row.position) : [];
    const fetched = vectors && needing.length > 0 ? await vectors.of(needing) : [];
    const vectorOf = new Map(needing.map((doc, i) => [doc, fetched[i]!]));
    await client.query(
      `INSERT INTO passages (index_key, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, dimension, embedding, digest)
       SELECT $1, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences::json, term_count, $2::integer, embedding::vector, digest
       FROM unnest($3::integer[], $4::text[], $5::text[], $6::integer[], $7::integer[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::integer[], $13::text[], $14::text[])
         AS t(position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, embedding, digest)
       ON CONFLICT (index_key, passage_id) DO UPDATE SET
         position = EXCLUDED.position, file = EXCLUDED.file, line_start = EXCLUDED.line_start, line_end = EXCLUDED.line_end,
         text = EXCLUDED.text, hash = EXCLUDED.hash, is_title = EXCLUDED.is_title, sentences = EXCLUDED.sentences,
         term_count = EXCLUDED.term_count, dimension = EXCLUDED.dimension, digest = EXCLUDED.digest,
         -- The same text keeps its vector: no new HNSW entry, and the update can stay on its page.
         embedding = CASE WHEN EXCLUDED.embedding IS NULL AND passages.hash = EXCLUDED.hash AND EXCLUDED.dimension IS NOT NULL
                          THEN passages.embedding ELSE EXCLUDED.embedding END`,
      [
        indexKey,
        vectors ? vectors.dimension : null,
        docs,
        docs.map((doc) => passages[doc]!.id),
        docs.map((doc) => passages[doc]!.file),
        docs.map((doc) => passages[doc]!.lineStart),
        docs.map((doc) => passages[doc]!.lineEnd),
        docs.map((doc) => passages[doc]!.text),
        docs.map((doc) => passages[doc]!.hash),
        docs.map((doc) => passages[doc]!.isTitle),
        docs.map((doc) => JSON.stringify(passages[doc]!.sentences)),
        docs.map((doc) => termCounts[doc]!),
        docs.map((doc) => {
          const vector = vectorOf.get(doc);
          return vector ? vectorLiteral(vector) : null;
        }),
        docs.map((doc) => passageDigest(passages[doc]!, termCounts[doc]!)),
      ],
    );
  }
  // Passages before which others were added or removed move: only their position changes.
  await client.query(
    'UPDATE passages p SET position = i.position FROM incoming_passages i WHERE p.index_key = $1 AND p.passage_id = i.passage_id AND p.position <> i.position',
    [indexKey],
  );
  return { written: changed.length, deleted: deleted.rowCount ?? 0 };
}

/** Postings rows per statement at most, and bytes of postings (the commonest terms' lists run to megabytes at a million passages). */
const POSTINGS_BYTES = 32 * 2 ** 20;

/** Brings the corpus's postings rows to `lists`: rows are written only for terms whose list changed. */
export async function writePostings(client: pg.ClientBase, indexKey: string, lists: readonly [term: string, docs: Int32Array, tfs: Uint16Array][]): Promise<void> {
  await client.query('CREATE TEMPORARY TABLE incoming_postings (term text PRIMARY KEY, digest text NOT NULL) ON COMMIT DROP');
  const digests = lists.map(([, docs, tfs]) => digestOf(new Uint8Array(docs.buffer, docs.byteOffset, docs.byteLength), new Uint8Array(tfs.buffer, tfs.byteOffset, tfs.byteLength)));
  for (let start = 0; start < lists.length; start += KEY_BATCH) {
    await client.query('INSERT INTO incoming_postings SELECT * FROM unnest($1::text[], $2::text[])', [
      lists.slice(start, start + KEY_BATCH).map(([term]) => term),
      digests.slice(start, start + KEY_BATCH),
    ]);
  }
  await client.query('DELETE FROM postings p WHERE p.index_key = $1 AND NOT EXISTS (SELECT 1 FROM incoming_postings i WHERE i.term = p.term)', [indexKey]);
  const { rows } = await client.query<{ term: string }>(
    `SELECT i.term FROM incoming_postings i LEFT JOIN postings p ON p.index_key = $1 AND p.term = i.term
     WHERE p.digest IS DISTINCT FROM i.digest`,
    [indexKey],
  );
  const changed = new Set(rows.map((row) => row.term));
  const toWrite = lists.map((list, i) => ({ list, digest: digests[i]! })).filter(({ list }) => changed.has(list[0]));
  let batch: typeof toWrite = [];
  let bytes = 0;
  const flush = async () => {
    const encoded = batch.map(({ list: [, docs, tfs] }) => encodePostings(docs, tfs));
    await client.query(
      `INSERT INTO postings (index_key, term, docs, tfs, digest)
       SELECT $1, term, docs, tfs, digest FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(term, docs, tfs, digest)
       ON CONFLICT (index_key, term) DO UPDATE SET docs = EXCLUDED.docs, tfs = EXCLUDED.tfs, digest = EXCLUDED.digest`,
      [indexKey, batch.map(({ list: [term] }) => term), encoded.map((e) => e.docs), encoded.map((e) => e.tfs), batch.map(({ digest }) => digest)],
    );
    batch = [];
    bytes = 0;
  };
  for (const item of toWrite) {
    batch.push(item);
    bytes += item.list[1].length * 8;
    if (batch.length === BATCH || bytes >= POSTINGS_BYTES) await flush();
  }
  if (batch.length > 0) await flush();
}

/** Memory for building an HNSW graph of `rows` vectors at once (pgvector slows down past it), within 64 MB..1 GB. */
function buildMemoryMb(rows: number, dimension: number, m: number): number {
  const bytesPerRow = dimension * 4 + m * 2 * 8 + 200;
  return Math.round(Math.min(1024, Math.max(64, (rows * bytesPerRow * 1.2) / 2 ** 20)));
}

/** Builds the HNSW index over the rows just inserted (the first save of vectors of this length). */
export async function createHnswIndex(client: pg.ClientBase, dimension: number, rows: number, manifest: Manifest): Promise<void> {
  const { m, efConstruction } = manifest.settings.hnsw;
  await client.query(`SET LOCAL maintenance_work_mem = '${buildMemoryMb(rows, dimension, m)}MB'`);
  await client.query(hnswIndexSql(dimension, m, efConstruction));
}

/**
 * The `m` and `ef_construction` the HNSW index of this vector length was built with, read from
 * the database's catalogue (pgvector's defaults, 16 and 64, where the index names none).
 */
export async function hnswIndexParameters(client: pg.ClientBase, dimension: number): Promise<{ m: number; efConstruction: number }> {
  const { rows } = await client.query<{ options: string[] | null }>('SELECT reloptions AS options FROM pg_class WHERE relname = $1', [hnswIndexName(dimension)]);
  const option = (name: string, fallback: number) => {
    const found = rows[0]?.options?.find((entry) => entry.startsWith(`${name}=`));
    return found ? Number(found.slice(name.length + 1)) : fallback;
  };
  return { m: option('m', 16), efConstruction: option('ef_construction', 64) };
}

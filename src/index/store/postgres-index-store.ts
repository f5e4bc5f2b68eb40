import pg from 'pg';
import type { ArticleMetadata } from '../../corpus/front-matter.ts';
import type { SentenceSpan } from '../../text/sentences.ts';
import type { Passage } from '../../corpus/passages.ts';
import { defaultSettings, type Bm25Settings, type HnswSettings } from '../../settings.ts';
import { duplicatesByPassage, type IndexLoadResult } from '../corpus-index.ts';
import { LexicalIndex } from '../lexical-index.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from '../manifest.ts';
import { VectorIndex } from '../vector-index.ts';
import type { IndexContent, IndexStore } from './index-store.ts';
import { hnswIndexSql, migrate } from './postgres-schema.ts';

/** Rows sent per INSERT: large enough to be quick, small enough for one message. */
const BATCH = 2000;

interface IndexRow {
  generation: string;
  manifest: Manifest;
  titles: Record<string, string>;
  articles: Record<string, ArticleMetadata>;
  groups: number[][];
  vocabulary: [string, number][];
  bigrams: [string, number][];
  bm25: Bm25Settings;
}

interface PassageRow {
  passage_id: string;
  file: string;
  line_start: number;
  line_end: number;
  text: string;
  hash: string;
  is_title: boolean;
  sentences: SentenceSpan[];
  term_count: number;
  embedding: string | null;
}

/**
 * The index in PostgreSQL with pgvector, shared by every process given the same DATABASE_URL.
 * One row per corpus (its key is the local index folder's name, so each corpus folder has its
 * own index), passages verbatim, BM25 postings (scored in process by the same LexicalIndex as
 * the local store, so answers are the same), vectors in a pgvector column with an HNSW index.
 * A save replaces the corpus's rows in one transaction: readers see the old index or the new one.
 */
export class PostgresIndexStore implements IndexStore {
  /** The generation this process last loaded or saved. */
  private seenGeneration: number | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    readonly indexKey: string,
    readonly location: string,
  ) {}

  /** Connects and brings the schema up to date. Throws with the server's reason when it cannot. */
  static async open(databaseUrl: string, indexKey: string): Promise<PostgresIndexStore> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    const url = new URL(databaseUrl);
    return new PostgresIndexStore(pool, indexKey, `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname} (index ${indexKey})`);
  }

  /** How many times this corpus's index has been saved; null before the first save. */
  async generation(): Promise<number | null> {
    const { rows } = await this.pool.query<{ generation: string }>('SELECT generation FROM corpus_indexes WHERE index_key = $1', [this.indexKey]);
    return rows[0] ? Number(rows[0].generation) : null;
  }

  async hasNewer(): Promise<boolean> {
    const current = await this.generation();
    return current !== null && current !== this.seenGeneration;
  }

  async load(vectorParams: HnswSettings = defaultSettings.hnsw): Promise<IndexLoadResult> {
    const client = await this.pool.connect();
    try {
      // One snapshot for the three reads: a save committed meanwhile is not half seen.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const head = await client.query<IndexRow>('SELECT generation, manifest, titles, articles, groups, vocabulary, bigrams, bm25 FROM corpus_indexes WHERE index_key = $1', [this.indexKey]);
      const row = head.rows[0];
      if (!row) return { ok: false, problem: 'missing', message: `no index in ${this.location} yet` };
      if (row.manifest.formatVersion !== INDEX_FORMAT_VERSION) {
        return { ok: false, problem: 'outdated', message: `the index in ${this.location} has format version ${row.manifest.formatVersion}; this version reads ${INDEX_FORMAT_VERSION}` };
      }
      const dense = row.manifest.model !== null;
      const passageRows = await client.query<PassageRow>(
        `SELECT passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, ${dense ? 'embedding::text AS embedding' : 'NULL AS embedding'}
         FROM passages WHERE index_key = $1 ORDER BY position`,
        [this.indexKey],
      );
      const postingRows = await client.query<{ term: string; docs: number[]; tfs: number[] }>('SELECT term, docs, tfs FROM postings WHERE index_key = $1', [this.indexKey]);
      if (passageRows.rows.length !== row.manifest.passageCount) {
        return { ok: false, problem: 'corrupt', message: `the index in ${this.location} holds ${passageRows.rows.length} passages; its manifest says ${row.manifest.passageCount}` };
      }
      const passages: Passage[] = passageRows.rows.map((p) => ({
        id: p.passage_id,
        file: p.file,
        lineStart: p.line_start,
        lineEnd: p.line_end,
        text: p.text,
        sentences: p.sentences,
        hash: p.hash,
        isTitle: p.is_title,
      }));
      const postings: Record<string, number[]> = {};
      for (const { term, docs, tfs } of postingRows.rows) {
        const flat = new Array<number>(docs.length * 2);
        docs.forEach((doc, i) => {
          flat[2 * i] = doc;
          flat[2 * i + 1] = tfs[i]!;
        });
        postings[term] = flat;
      }
      const lexical = LexicalIndex.fromJSON({ params: row.bm25, lengths: passageRows.rows.map((p) => p.term_count), postings });
      // The vectors come back into an in-process HNSW graph, so dense answers are those of the local store.
      const vectors = dense && row.manifest.model
        ? VectorIndex.build(passageRows.rows.map((p) => Float32Array.from(JSON.parse(p.embedding!) as number[])), row.manifest.model.dimension, vectorParams)
        : null;
      this.seenGeneration = Number(row.generation);
      return {
        ok: true,
        index: {
          dir: this.location,
          manifest: row.manifest,
          passages,
          titles: row.titles,
          articles: row.articles,
          duplicatesOf: duplicatesByPassage(row.groups),
          vocabulary: new Map(row.vocabulary),
          bigrams: new Map(row.bigrams),
          lexical,
          vectors,
        },
      };
    } catch (error) {
      return { ok: false, problem: 'corrupt', message: `the index in ${this.location} could not be read (${(error as Error).message})` };
    } finally {
      // Ends the read-only snapshot on every path, so the connection goes back to the pool clean.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async save(content: IndexContent): Promise<Manifest> {
    const manifest: Manifest = { ...content.manifest, checksums: {} };
    const { stored, lexical, vectors } = content;
    const serialized = lexical.toJSON();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One writer per corpus at a time; the lock is released with the transaction.
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('news-quote-bot index ' || $1, 0))`, [this.indexKey]);
      if (vectors) {
        const { m, efConstruction } = manifest.settings.hnsw;
        await client.query(hnswIndexSql(vectors.dimension, m, efConstruction));
      }
      await client.query('DELETE FROM passages WHERE index_key = $1', [this.indexKey]);
      await client.query('DELETE FROM postings WHERE index_key = $1', [this.indexKey]);
      for (let start = 0; start < stored.passages.length; start += BATCH) {
        const batch = stored.passages.slice(start, start + BATCH);
        await client.query(
          `INSERT INTO passages (index_key, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, dimension, embedding)
           SELECT $1, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences::json, term_count, $2::integer, embedding::vector
           FROM unnest($3::integer[], $4::text[], $5::text[], $6::integer[], $7::integer[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::integer[], $13::text[])
             AS t(position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, embedding)`,
          [
            this.indexKey,
            vectors ? vectors.dimension : null,
            batch.map((_, i) => start + i),
            batch.map((p) => p.id),
            batch.map((p) => p.file),
            batch.map((p) => p.lineStart),
            batch.map((p) => p.lineEnd),
            batch.map((p) => p.text),
            batch.map((p) => p.hash),
            batch.map((p) => p.isTitle),
            batch.map((p) => JSON.stringify(p.sentences)),
            batch.map((_, i) => serialized.lengths[start + i]!),
            batch.map((_, i) => (vectors ? `[${Array.from(vectors.vector(start + i)).join(',')}]` : null)),
          ],
        );
      }
      const terms = [...lexical.postingLists()];
      for (let start = 0; start < terms.length; start += BATCH) {
        const batch = terms.slice(start, start + BATCH);
        await client.query(
          `INSERT INTO postings (index_key, term, docs, tfs)
           SELECT $1, term, docs::integer[], tfs::integer[] FROM unnest($2::text[], $3::text[], $4::text[]) AS t(term, docs, tfs)`,
          [
            this.indexKey,
            batch.map(([term]) => term),
            batch.map(([, docs]) => `{${docs.join(',')}}`),
            batch.map(([, , tfs]) => `{${tfs.join(',')}}`),
          ],
        );
      }
      const saved = await client.query<{ generation: string }>(
        `INSERT INTO corpus_indexes (index_key, generation, manifest, titles, articles, groups, vocabulary, bigrams, bm25)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (index_key) DO UPDATE SET generation = corpus_indexes.generation + 1, saved_at = now(),
           manifest = EXCLUDED.manifest, titles = EXCLUDED.titles, articles = EXCLUDED.articles, groups = EXCLUDED.groups,
           vocabulary = EXCLUDED.vocabulary, bigrams = EXCLUDED.bigrams, bm25 = EXCLUDED.bm25
         RETURNING generation`,
        [
          this.indexKey,
          JSON.stringify(manifest),
          JSON.stringify(stored.titles),
          JSON.stringify(stored.articles ?? {}),
          JSON.stringify(stored.groups),
          JSON.stringify(stored.vocabulary),
          JSON.stringify(stored.bigrams),
          JSON.stringify(serialized.params),
        ],
      );
      await client.query('COMMIT');
      this.seenGeneration = Number(saved.rows[0]!.generation);
      return manifest;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

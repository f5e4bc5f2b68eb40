import type pg from 'pg';
import { ensureCorpus } from '../../db/corpus-row.ts';
import { Database } from '../../db/database.ts';
import type { ArticleMetadata } from '../../corpus/front-matter.ts';
import type { SentenceSpan } from '../../text/sentences.ts';
import type { Passage } from '../../corpus/passages.ts';
import type { Bm25Settings, HnswSettings } from '../../settings.ts';
import { assembleCorpusIndex, type IndexLoadResult } from '../corpus-index.ts';
import { LexicalIndex } from '../lexical-index.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from '../manifest.ts';
import type { IndexContent, IndexStore, SavedIndex, StoreChanges } from './index-store.ts';
import { createHnswIndex, hnswIndexParameters, writePassages, writePostings } from './postgres-rows.ts';
import { HNSW_CREATION_LOCK, hnswIndexName } from '../../db/postgres-schema.ts';
import { PgvectorRetriever, type PgvectorSearchSettings } from './pgvector-retriever.ts';
import { nearestInTransaction, parseVector } from './pgvector-search.ts';
import { PostgresPostings } from './postgres-postings.ts';
import { QuestionPools } from './question-pools.ts';
import type { VectorSearch } from '../relevance-null.ts';

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
  position: number;
  passage_id: string;
  file: string;
  line_start: number;
  line_end: number;
  text: string;
  hash: string;
  is_title: boolean;
  sentences: SentenceSpan[];
  term_count: number;
  has_vector: boolean;
}

/**
 * The index in PostgreSQL with pgvector, shared by every process given the same DATABASE_URL.
 * One row per corpus (its key is the local index folder's name, so each corpus folder has its
 * own index), passages verbatim, BM25 postings (a question fetches its own terms' lists, scored
 * in process by the same LexicalIndex code as the local store, so answers are the same), vectors
 * in a pgvector column with an HNSW index, searched there per question. A process holds the
 * passages and the terms, no postings and no vector. A save rewrites only the rows that changed,
 * in one transaction: readers see the old index or the new one.
 */
export class PostgresIndexStore implements IndexStore {
  readonly searchesVectors = true;
  /** The generation this process last loaded or saved. */
  private seenGeneration: number | null = null;

  private constructor(
    private readonly database: Database,
    /** Where questions read: the replica of DATABASE_READ_URL when there is one, else the primary. */
    private readonly questions: QuestionPools,
    /** The corpus's name (corpora), the same on every machine. */
    readonly corpus: string,
    /** Its index's row in corpus_indexes: the name, or the key of an index adopted from before corpora were named. */
    readonly indexKey: string,
    readonly location: string,
  ) {}

  private get pool(): pg.Pool {
    return this.database.pool;
  }

  /**
   * Connects (sharing the process's connections to this database) and brings the schema up to
   * date; throws with the server's reason when it cannot. `corpus` names the corpus the same on
   * every machine; `legacyIndexKey`, the key this machine's folder had before, is adopted when no
   * corpus has that name yet (see ensureCorpus). With `readUrl` (a read replica), questions read
   * there; saves and loads use `databaseUrl`.
   */
  static async open(databaseUrl: string, corpus: string, readUrl?: string, { legacyIndexKey }: { legacyIndexKey?: string } = {}): Promise<PostgresIndexStore> {
    const database = await Database.open(databaseUrl);
    let indexKey: string;
    try {
      indexKey = await ensureCorpus(database.pool, corpus, legacyIndexKey);
    } catch (error) {
      await database.release();
      throw error;
    }
    const replica = readUrl ? new URL(readUrl) : null;
    const reads = replica ? `, questions read from ${replica.hostname}:${replica.port || 5432}${replica.pathname}` : '';
    return new PostgresIndexStore(database, QuestionPools.open(database.pool, readUrl), corpus, indexKey, `PostgreSQL ${database.name} (index ${indexKey}${reads})`);
  }

  /** How many times this corpus's index has been saved; null before the first save. */
  async generation(): Promise<number | null> {
    const { rows } = await this.pool.query<{ generation: string }>('SELECT generation FROM corpus_indexes WHERE index_key = $1', [this.indexKey]);
    return rows[0] ? Number(rows[0].generation) : null;
  }

  async changes(): Promise<StoreChanges> {
    const { rows } = await this.pool.query<{ generation: string | null; indexed: string | null; current: string }>(
      `SELECT i.generation, i.articles_version AS indexed, c.articles_version AS current
       FROM corpora c LEFT JOIN corpus_indexes i ON i.index_key = c.index_key WHERE c.corpus = $1`,
      [this.corpus],
    );
    const row = rows[0];
    if (!row) return { newerIndex: false, articlesAhead: false };
    const generation = row.generation === null ? null : Number(row.generation);
    return {
      newerIndex: generation !== null && generation !== this.seenGeneration,
      articlesAhead: Number(row.current) > Number(row.indexed ?? 0),
    };
  }

  async recordArticlesVersion(version: number): Promise<void> {
    await this.pool.query('UPDATE corpus_indexes SET articles_version = $2 WHERE index_key = $1 AND (articles_version IS NULL OR articles_version < $2)', [this.indexKey, version]);
  }

  async load(vectorParams: HnswSettings): Promise<IndexLoadResult> {
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
      // No vectors: questions search them in the database (PgvectorRetriever). Rows come in any
      // order (position is in no index, so that renumbering stays cheap) and are placed by it.
      const passageRows = await client.query<PassageRow>(
        `SELECT position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, embedding IS NOT NULL AS has_vector
         FROM passages WHERE index_key = $1`,
        [this.indexKey],
      );
      // The terms only: each question fetches its own terms' postings (PostgresPostings).
      const termRows = await client.query<{ term: string }>('SELECT term FROM postings WHERE index_key = $1', [this.indexKey]);
      const count = row.manifest.passageCount;
      if (passageRows.rows.length !== count) {
        return { ok: false, problem: 'corrupt', message: `the index in ${this.location} holds ${passageRows.rows.length} passages; its manifest says ${count}` };
      }
      const passages = new Array<Passage>(count);
      const lengths = new Array<number>(count);
      for (const p of passageRows.rows) {
        if (!(p.position >= 0 && p.position < count) || passages[p.position]) {
          return { ok: false, problem: 'corrupt', message: `the index in ${this.location} has a passage at position ${p.position} of ${count} twice or out of range` };
        }
        if (row.manifest.model && !p.has_vector) {
          return { ok: false, problem: 'corrupt', message: `passage ${p.passage_id} in ${this.location} has no vector` };
        }
        passages[p.position] = {
          id: p.passage_id,
          file: p.file,
          lineStart: p.line_start,
          lineEnd: p.line_end,
          text: p.text,
          sentences: p.sentences,
          hash: p.hash,
          isTitle: p.is_title,
        };
        lengths[p.position] = p.term_count;
      }
      const lexical = LexicalIndex.withoutPostings(row.bm25, Uint32Array.from(lengths), new Set(termRows.rows.map((term) => term.term)));
      const model = row.manifest.model;
      this.seenGeneration = Number(row.generation);
      return {
        ok: true,
        index: assembleCorpusIndex({
          dir: this.location,
          manifest: row.manifest,
          stored: { passages, groups: row.groups, titles: row.titles, articles: row.articles, vocabulary: row.vocabulary, bigrams: row.bigrams },
          lexical,
          vectors: model ? new PgvectorRetriever(this.questions, this.indexKey, Number(row.generation), model.dimension, passages, vectorParams) : null,
          postingsSource: new PostgresPostings(this.questions, this.indexKey, Number(row.generation)),
        }),
      };
    } catch (error) {
      return { ok: false, problem: 'corrupt', message: `the index in ${this.location} could not be read (${(error as Error).message})` };
    } finally {
      // Ends the read-only snapshot on every path, so the connection goes back to the pool clean.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /**
   * Writes only what changed since the saved index: passages whose id and content are unchanged
   * keep their rows (their vectors and HNSW entries), at most renumbered; vanished ones are
   * deleted, new or changed ones written; postings rows only for terms whose list changed.
   * One transaction under the corpus's advisory lock: readers see the old index or the new one.
   */
  async save(content: IndexContent): Promise<SavedIndex> {
    let manifest: Manifest = { ...content.manifest, checksums: {} };
    const { stored, lexical, vectors } = content;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One writer per corpus at a time; the lock is released with the transaction.
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('news-quote-bot index ' || $1, 0))`, [this.indexKey]);
      const head = await client.query<{ manifest: Manifest }>('SELECT manifest FROM corpus_indexes WHERE index_key = $1', [this.indexKey]);
      // Vectors of another model (or none, or of none before) are all replaced: no row is worth keeping.
      const savedModel = head.rows[0]?.manifest.model;
      if (savedModel === undefined || JSON.stringify(savedModel) !== JSON.stringify(manifest.model)) {
        await client.query('DELETE FROM passages WHERE index_key = $1', [this.indexKey]);
        await client.query('DELETE FROM postings WHERE index_key = $1', [this.indexKey]);
      }
      const createHnsw = vectors ? await this.mustCreateHnsw(client, vectors.dimension) : false;
      const rows = await writePassages(client, this.indexKey, stored.passages, lexical.lengths, vectors);
      await writePostings(client, this.indexKey, [...lexical.postingLists()]);
      if (vectors && createHnsw) await createHnswIndex(client, vectors.dimension, stored.passages.length, manifest);
      if (vectors) manifest = { ...manifest, databaseGraph: await hnswIndexParameters(client, vectors.dimension) };
      if (vectors && content.relevanceNull) {
        // Over the rows this transaction wrote, before anyone can read them without it.
        const search = searchWithin(client, this.indexKey, vectors.dimension, stored.passages, manifest.settings.hnsw);
        manifest = { ...manifest, relevanceNull: await content.relevanceNull(search) };
      }
      const saved = await client.query<{ generation: string }>(
        `INSERT INTO corpus_indexes (index_key, generation, manifest, titles, articles, groups, vocabulary, bigrams, bm25, articles_version)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (index_key) DO UPDATE SET generation = corpus_indexes.generation + 1, saved_at = now(),
           manifest = EXCLUDED.manifest, titles = EXCLUDED.titles, articles = EXCLUDED.articles, groups = EXCLUDED.groups,
           vocabulary = EXCLUDED.vocabulary, bigrams = EXCLUDED.bigrams, bm25 = EXCLUDED.bm25, articles_version = EXCLUDED.articles_version
         RETURNING generation`,
        [
          this.indexKey,
          JSON.stringify(manifest),
          JSON.stringify(stored.titles),
          JSON.stringify(stored.articles ?? {}),
          JSON.stringify(stored.groups),
          JSON.stringify(stored.vocabulary),
          JSON.stringify(stored.bigrams),
          JSON.stringify(lexical.params),
          content.articlesVersion ?? null,
        ],
      );
      await client.query('COMMIT');
      const generation = Number(saved.rows[0]!.generation);
      this.seenGeneration = generation;
      if (rows.written + rows.deleted > Math.max(1000, stored.passages.length / 10)) {
        // Fresh statistics at once, not at autovacuum's next round: without them the planner
        // takes a corpus's many new rows for a few and scans them all instead of the HNSW index.
        // The save is committed either way; autovacuum will do it later if this fails.
        await client.query('ANALYZE passages').catch(() => undefined);
      }
      const retriever = vectors ? new PgvectorRetriever(this.questions, this.indexKey, generation, vectors.dimension, stored.passages, manifest.settings.hnsw) : null;
      // The build's postings are let go: questions fetch theirs, as in any process that loads this index.
      const terms = new Set([...lexical.postingLists()].map(([term]) => term));
      return {
        manifest,
        vectors: retriever,
        postings: { lexical: LexicalIndex.withoutPostings(lexical.params, lexical.lengths, terms), source: new PostgresPostings(this.questions, this.indexKey, generation) },
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * True when no HNSW index covers vectors of this length yet: this save then inserts its rows
   * first and builds the index over them after (far quicker than inserting into the graph one
   * row at a time). A lock makes a second corpus's first save wait for the first one's index.
   */
  private async mustCreateHnsw(client: pg.PoolClient, dimension: number): Promise<boolean> {
    const exists = async () => (await client.query<{ name: string | null }>('SELECT to_regclass($1) AS name', [hnswIndexName(dimension)])).rows[0]?.name != null;
    if (await exists()) return false;
    await client.query('SELECT pg_advisory_xact_lock($1)', [HNSW_CREATION_LOCK]);
    return !(await exists());
  }

  async close(): Promise<void> {
    await this.questions.close();
    await this.database.release();
  }
}

/**
 * Dense search over the rows of an unfinished save, through the transaction that wrote them:
 * the same passages, positions and background as PgvectorRetriever will use once it commits.
 */
function searchWithin(client: pg.PoolClient, indexKey: string, dimension: number, passages: readonly Passage[], search: PgvectorSearchSettings): VectorSearch {
  const size = passages.length;
  return {
    nearest: (query, limit) => nearestInTransaction(client, indexKey, query, limit, { efSearch: search.efSearch, exact: size <= search.exactSearchUpTo }),
    async background(count) {
      const step = Math.max(1, size / Math.max(1, count));
      const ids: string[] = [];
      for (let position = 0; position < size && ids.length < count; position += step) ids.push(passages[Math.floor(position)]!.id);
      const { rows } = await client.query<{ passage_id: string; embedding: string }>(
        'SELECT passage_id, embedding::text AS embedding FROM passages WHERE index_key = $1 AND passage_id = ANY($2::text[]) AND dimension = $3 AND embedding IS NOT NULL',
        [indexKey, ids, dimension],
      );
      const vectorById = new Map(rows.map((row) => [row.passage_id, parseVector(row.embedding)]));
      return ids.flatMap((id) => vectorById.get(id) ?? []);
    },
  };
}

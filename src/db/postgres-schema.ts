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
  // Row-level saves: a passage's row lives as long as its id and text do, so its vector and HNSW
  // entry are written once. Renumbering the passages after an edit must then be a HOT update
  // (the new row version on the same page, no index touched; otherwise every moved row is
  // inserted into the HNSW graph again): position is in no index, the text, sentences and vector
  // live out of line (TOAST) so a row in the table is a few hundred bytes, and pages are filled
  // only half, leaving room for a new version of every row on them. The digests let a save tell
  // unchanged rows from changed ones without reading them back.
  `ALTER TABLE passages DROP CONSTRAINT passages_pkey;
   ALTER TABLE passages ADD PRIMARY KEY (index_key, passage_id);
   ALTER TABLE passages SET (fillfactor = 50, toast_tuple_target = 256);
   -- Vectors do not compress: stored out of line as they are.
   ALTER TABLE passages ALTER COLUMN embedding SET STORAGE EXTERNAL;
   ALTER TABLE passages ADD COLUMN digest text;
   -- Dense search within one file is an exact scan of that file's rows (see nearestPassages).
   CREATE INDEX passages_file ON passages (index_key, file);
   ALTER TABLE postings ADD COLUMN digest text;`,
  // Postings read per question instead of loaded whole by every process (src/index/store/
  // postgres-postings.ts): each list as raw big-endian integers, 4 bytes a document and 2 a
  // frequency, kept as base64 text, stored out of line and uncompressed. Text because node-pg
  // reads every value as text (its binary mode decodes bytes as UTF-8); base64 stored, not
  // encoded per question, because PostgreSQL's encode() took 2.5 times as long as reading the
  // stored text (13-21 ms against 6-9 ms for four lists of 180k passages). The integer arrays
  // of migration 1 are converted in place (int4send is PostgreSQL's own big-endian form; a
  // frequency is at most 65535, the low two bytes of it; encode() breaks lines, which are
  // removed); the old values are set to NULL first so that the rows rewritten here do not carry
  // them on as dropped columns.
  `CREATE FUNCTION pg_temp.int4_base64(numbers integer[]) RETURNS text LANGUAGE sql IMMUTABLE AS
     $$ SELECT translate(encode(coalesce(string_agg(int4send(n), ''::bytea ORDER BY i), ''::bytea), 'base64'), chr(10), '') FROM unnest(numbers) WITH ORDINALITY AS u(n, i) $$;
   CREATE FUNCTION pg_temp.uint2_base64(numbers integer[]) RETURNS text LANGUAGE sql IMMUTABLE AS
     $$ SELECT translate(encode(coalesce(string_agg(substring(int4send(n) FROM 3 FOR 2), ''::bytea ORDER BY i), ''::bytea), 'base64'), chr(10), '') FROM unnest(numbers) WITH ORDINALITY AS u(n, i) $$;
   ALTER TABLE postings RENAME COLUMN docs TO doc_array;
   ALTER TABLE postings RENAME COLUMN tfs TO tf_array;
   ALTER TABLE postings ALTER COLUMN doc_array DROP NOT NULL, ALTER COLUMN tf_array DROP NOT NULL;
   ALTER TABLE postings ADD COLUMN docs text, ADD COLUMN tfs text;
   ALTER TABLE postings ALTER COLUMN docs SET STORAGE EXTERNAL, ALTER COLUMN tfs SET STORAGE EXTERNAL;
   UPDATE postings SET docs = pg_temp.int4_base64(doc_array), tfs = pg_temp.uint2_base64(tf_array), doc_array = NULL, tf_array = NULL;
   ALTER TABLE postings DROP COLUMN doc_array, DROP COLUMN tf_array;
   ALTER TABLE postings ALTER COLUMN docs SET NOT NULL, ALTER COLUMN tfs SET NOT NULL;`,
  // What the bot keeps for the teams using it (src/team/postgres-team-store.ts): each server's
  // settings, the conversation of each thread, the answers given and the votes on them. Every
  // key starts with the server, so a server's rows are read and bounded on their own.
  `CREATE TABLE team_settings (
     server text PRIMARY KEY,
     settings jsonb NOT NULL,
     last_briefing timestamptz
   );
   CREATE TABLE team_threads (
     server text NOT NULL,
     thread_id text NOT NULL,
     context jsonb NOT NULL,
     updated_at timestamptz NOT NULL,
     PRIMARY KEY (server, thread_id)
   );
   CREATE INDEX team_threads_by_age ON team_threads (server, updated_at);
   -- rated: the answer has a vote or an escalation (kept longer than the others, see TeamStoreLimits).
   CREATE TABLE team_answers (
     server text NOT NULL,
     answer_id text NOT NULL,
     asked_at timestamptz NOT NULL,
     record jsonb NOT NULL,
     rated boolean NOT NULL DEFAULT false,
     escalation jsonb,
     PRIMARY KEY (server, answer_id)
   );
   CREATE INDEX team_answers_by_age ON team_answers (server, rated, asked_at);
   -- One vote per member per answer; removed with its answer.
   CREATE TABLE team_votes (
     server text NOT NULL,
     answer_id text NOT NULL,
     user_id text NOT NULL,
     vote jsonb NOT NULL,
     voted_at timestamptz NOT NULL,
     PRIMARY KEY (server, answer_id, user_id),
     FOREIGN KEY (server, answer_id) REFERENCES team_answers (server, answer_id) ON DELETE CASCADE
   );`,
  // The database as the one source of truth (src/db/database-articles.ts and the stores beside
  // it): each corpus's articles verbatim, its feeds and what became of their items, and the
  // scheduled briefings, so that bot processes on several machines share nothing but this
  // database. A corpus is named by its folder's name, or server-<id> for a Discord server's own
  // articles, the same on every machine (the corpora table).
  `-- One row per corpus, named the same on every machine. index_key is its row in corpus_indexes:
   -- the corpus's own name, or, for an index saved before this migration under the key its
   -- folder's path gave it, that key (adopted as it is, so nothing is re-embedded). articles_version
   -- grows with every change to its articles, and the index records the version it was built
   -- from, so a process can tell that an index is behind its articles (a writer that died between
   -- saving an article and indexing it) and bring it up to date.
   CREATE TABLE corpora (
     corpus text PRIMARY KEY,
     index_key text NOT NULL UNIQUE,
     articles_version bigint NOT NULL DEFAULT 0,
     changed_at timestamptz NOT NULL DEFAULT now()
   );
   ALTER TABLE corpus_indexes ADD COLUMN articles_version bigint;
   -- The articles: text is the file's text verbatim (front matter included), so line numbers
   -- are those of the original file and every quote is read from here. content_hash is the
   -- sha256 of the file's bytes (what the index's manifest records); body_hash that of its
   -- non-blank lines without the front matter, and canonical_url its link without fragment or
   -- tracking parameters: the same article can never be saved twice into one corpus, whichever
   -- processes race to save it. uploaded: the row came from a folder (npm run index), so a later
   -- upload of that folder without the file removes it; articles saved by /add, feeds or
   -- npm run add are never removed by an upload.
   CREATE TABLE articles (
     corpus text NOT NULL REFERENCES corpora (corpus),
     file text NOT NULL,
     text text NOT NULL,
     content_hash text NOT NULL,
     body_hash text NOT NULL,
     canonical_url text,
     metadata json NOT NULL,
     uploaded boolean NOT NULL DEFAULT false,
     added_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (corpus, file)
   );
   ALTER TABLE articles ALTER COLUMN text SET STORAGE EXTENDED;
   CREATE UNIQUE INDEX articles_canonical_url ON articles (corpus, canonical_url) WHERE canonical_url IS NOT NULL;
   CREATE UNIQUE INDEX articles_body_hash ON articles (corpus, body_hash);
   -- Feeds added with /feeds add or npm run feeds -- add (FEEDS from the configuration are not stored).
   CREATE TABLE feeds (
     corpus text NOT NULL,
     canonical_url text NOT NULL,
     url text NOT NULL,
     added_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (corpus, canonical_url)
   );
   -- What became of each feed item: delivered (saved, or found in the corpus already: never
   -- fetched again) or refused at that many polls (tried again up to FEED_ITEM_ATTEMPTS).
   CREATE TABLE feed_items (
     corpus text NOT NULL,
     feed text NOT NULL,
     link text NOT NULL,
     delivered boolean NOT NULL,
     refusals integer NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (corpus, feed, link)
   );
   -- One row per scheduled briefing: the process that inserts it posts it, so a briefing is posted
   -- once per channel and time however many processes run the schedule. generated_at of the last
   -- posted one is what the next marks new articles since.
   CREATE TABLE briefings (
     channel_id text NOT NULL,
     scheduled_for timestamptz NOT NULL,
     claimed_by text NOT NULL,
     claimed_at timestamptz NOT NULL DEFAULT now(),
     posted_at timestamptz,
     generated_at timestamptz,
     PRIMARY KEY (channel_id, scheduled_for)
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any fixed number shared by every copy of the project: serialises migrations between processes. */
const MIGRATION_LOCK = 0x6e657773;

/** Serialises the creation of an HNSW index between saves of different corpora (see PostgresIndexStore.save). */
export const HNSW_CREATION_LOCK = 0x686e7377;

/**
 * Brings the database to SCHEMA_VERSION (or to `target`, which only tests of a migration ask
 * for); safe when several processes start at once.
 */
export async function migrate(client: pg.ClientBase, target = SCHEMA_VERSION): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${current}, newer than this program's ${SCHEMA_VERSION}: update the program`);
    }
    for (let version = current + 1; version <= Math.min(target, SCHEMA_VERSION); version++) {
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

/** The name of the HNSW index over vectors of one length. */
export function hnswIndexName(dimension: number): string {
  return `passages_embedding_hnsw_${Math.trunc(dimension)}`;
}

/**
 * The HNSW index for vectors of one length: pgvector indexes only columns of a fixed dimension,
 * so the column is cast and the index covers only rows of that length.
 */
export function hnswIndexSql(dimension: number, m: number, efConstruction: number): string {
  const size = Math.trunc(dimension);
  return `CREATE INDEX IF NOT EXISTS ${hnswIndexName(size)} ON passages
    USING hnsw ((embedding::vector(${size})) vector_cosine_ops) WITH (m = ${Math.trunc(m)}, ef_construction = ${Math.trunc(efConstruction)})
    WHERE dimension = ${size}`;
}

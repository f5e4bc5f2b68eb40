import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createConsola } from 'consola';
import pg from 'pg';
import { indexDirFor, loadConfig } from '../../../src/config.ts';
import { Engine, IndexStoreUnavailable } from '../../../src/engine.ts';
import { loadEmbedder } from '../../../src/embed/embedder.ts';
import { readEvalSet } from '../../../src/eval/eval-set.ts';
import { migrate, SCHEMA_VERSION } from '../../../src/db/postgres-schema.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { fixtureWordListPath } from '../../support/fixture-word-list.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';
import { openTestEngine } from '../../support/seeds-engine.ts';
import { ensureTinyModel } from '../../support/tiny-model.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SEEDS = join(PROJECT_ROOT, 'seeds');
const ARCD_CORPUS = join(PROJECT_ROOT, '..', 'shared', 'eval', 'arcd-corpus');
const ARCD_QUESTIONS = join(PROJECT_ROOT, '..', 'shared', 'eval', 'arcd-qa.json');

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';

const quiet = createConsola({ level: -999 });

/** Spelled and glossed with the same fixtures as openTestEngine, so both engines' answers compare whatever is installed. */
async function openEngine(env: Record<string, string>, corpusDir: string, embedder: 'auto' | null = null): Promise<Engine> {
  const result = loadConfig({ LOG_LEVEL: 'silent', DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath(), ...env });
  if (!result.ok) assert.fail(result.problems.join('\n'));
  return Engine.open({ config: result.config, corpusDir, embedder, logger: quiet });
}

describe('the PostgreSQL index store', { skip }, () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pg-store-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('GIVEN the ARCD corpus indexed in both stores THEN the top 10 of every test question is the same, lexical-only', { skip: existsSync(ARCD_QUESTIONS) ? false : `no ARCD evaluation set at ${ARCD_QUESTIONS}` }, async () => {
    const local = await openTestEngine({ corpusDir: ARCD_CORPUS });
    const built = await openEngine({ INDEX_DIR: join(scratch, 'arcd'), DATABASE_URL: databaseUrl }, ARCD_CORPUS);
    await built.close();
    // A second process: its index comes from the database, not from the build it did itself.
    const shared = await openEngine({ INDEX_DIR: join(scratch, 'arcd'), DATABASE_URL: databaseUrl }, ARCD_CORPUS);
    try {
      assert.equal(shared.openReport.upToDate, true, 'the second engine loads the saved index instead of building one');
      assert.equal(existsSync(join(scratch, 'arcd')), false, 'nothing was written to INDEX_DIR');
      const questions = (await readEvalSet(ARCD_QUESTIONS)).filter((q) => q.split === 'test');
      assert.ok(questions.length > 100, `expected the ARCD test split, got ${questions.length} questions`);
      let answered = 0;
      for (const question of questions) {
        const [fromFiles, fromDatabase] = await Promise.all([local.engine.ask(question.q, { k: 10 }), shared.ask(question.q, { k: 10 })]);
        const ranked = (answer: typeof fromFiles) => answer.passages.map((p) => `${p.file}:${p.lineStart}-${p.lineEnd} ${p.score.toFixed(12)}`);
        assert.deepEqual(ranked(fromDatabase), ranked(fromFiles), `question ${question.id}: ${question.q}`);
        assert.equal(fromDatabase.abstained, fromFiles.abstained, `question ${question.id}: abstention differs`);
        if (fromFiles.passages.length > 0) answered++;
      }
      assert.ok(answered > questions.length / 2, `only ${answered} of ${questions.length} questions had passages: the comparison would prove little`);
    } finally {
      await shared.close();
      await local.close();
    }
  });

  it('GIVEN the seeds in both stores, lexical-only THEN every route gives the same answer, and the PostgreSQL engine holds no postings', async () => {
    const local = await openTestEngine({ corpusDir: SEEDS });
    await (await openEngine({ INDEX_DIR: join(scratch, 'routes'), DATABASE_URL: databaseUrl }, SEEDS)).close();
    const shared = await openEngine({ INDEX_DIR: join(scratch, 'routes'), DATABASE_URL: databaseUrl }, SEEDS);
    try {
      assert.equal(shared.index.lexical.holdsPostings, false, 'the process holds the terms only; questions fetch their postings');
      const file = local.engine.index.passages[0]!.file;
      const questions: [string, { k?: number; file?: string }][] = [
        ['الغاز الطبيعي', {}], // a topic, in Arabic
        ['How much did trade grow?', { k: 10 }], // English, through the dictionary: concepts of several alternatives
        ['What did Ushakov say?', {}], // a speaker's quotes
        ['What did Putin say about sanctions?', {}], // a speaker about a topic: the topic's words weighed
        ['What did Lavrov say?', {}], // a person the articles name but may not quote: the passages naming him
        ['Who is Igor Sechin?', { k: 3 }],
        ['What did Sechin say?', {}],
        ['Who said the two leaders would sign a joint statement?', {}], // who said: a search, then attribution
        ['ماذا قال أوشاكوف؟', { file }],
        ['روسيا الصين', { k: 10, file }], // within one file
        ['What is the boiling point of water?', {}], // nothing answers it
      ];
      for (const [question, options] of questions) {
        const [fromFiles, fromDatabase] = await Promise.all([local.engine.ask(question, options), shared.ask(question, options)]);
        assert.deepEqual(fromDatabase, fromFiles, `${question} ${JSON.stringify(options)}`);
      }
    } finally {
      await shared.close();
      await local.close();
    }
  });

  it('GIVEN an index saved before migration 3 (postings as integer arrays) THEN the migration converts them, and it loads as it is and answers the same', async () => {
    const old = await createTestDatabase();
    if (!('url' in old)) assert.fail(old.skip);
    const local = await openTestEngine({ corpusDir: SEEDS });
    const client = new pg.Client({ connectionString: old.url });
    await client.connect();
    try {
      await migrate(client, 2);
      // What the store of schema version 2 wrote for this index, row for row.
      const index = local.engine.index;
      const config = loadConfig({ INDEX_DIR: join(scratch, 'migrated') });
      if (!config.ok) assert.fail(config.problems.join('\n'));
      const key = basename(indexDirFor(config.config, SEEDS));
      const groups = [...new Set([...index.duplicatesOf].map(([doc, others]) => JSON.stringify([doc, ...others].sort((a, b) => a - b))))].map((group) => JSON.parse(group) as number[]);
      const lengths = index.lexical.lengths;
      await client.query(
        `INSERT INTO passages (index_key, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count)
         SELECT $1, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences::json, term_count
         FROM unnest($2::integer[], $3::text[], $4::text[], $5::integer[], $6::integer[], $7::text[], $8::text[], $9::boolean[], $10::text[], $11::integer[])
           AS t(position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count)`,
        [
          key,
          index.passages.map((_, doc) => doc),
          index.passages.map((p) => p.id),
          index.passages.map((p) => p.file),
          index.passages.map((p) => p.lineStart),
          index.passages.map((p) => p.lineEnd),
          index.passages.map((p) => p.text),
          index.passages.map((p) => p.hash),
          index.passages.map((p) => p.isTitle),
          index.passages.map((p) => JSON.stringify(p.sentences)),
          index.passages.map((_, doc) => lengths[doc]!),
        ],
      );
      const lists = [...index.lexical.postingLists()];
      await client.query(
        'INSERT INTO postings (index_key, term, docs, tfs) SELECT $1, term, docs::integer[], tfs::integer[] FROM unnest($2::text[], $3::text[], $4::text[]) AS t(term, docs, tfs)',
        [key, lists.map(([term]) => term), lists.map(([, docs]) => `{${docs.join(',')}}`), lists.map(([, , tfs]) => `{${tfs.join(',')}}`)],
      );
      await client.query(
        `INSERT INTO corpus_indexes (index_key, generation, manifest, titles, articles, groups, vocabulary, bigrams, bm25) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)`,
        [key, JSON.stringify({ ...index.manifest, checksums: {} }), JSON.stringify(index.titles), JSON.stringify(index.articles), JSON.stringify(groups), JSON.stringify([...index.vocabulary]), JSON.stringify([...index.bigrams]), JSON.stringify(index.lexical.params)],
      );

      const migrated = await openEngine({ INDEX_DIR: join(scratch, 'migrated'), DATABASE_URL: old.url }, SEEDS);
      try {
        assert.equal(migrated.openReport.upToDate, true, 'the converted index is used as it is: nothing rebuilt, nothing embedded');
        const { rows } = await client.query<{ version: number; type: string }>(`SELECT (SELECT max(version) FROM schema_version) AS version, pg_typeof(docs)::text AS type FROM postings LIMIT 1`);
        assert.deepEqual(rows[0], { version: SCHEMA_VERSION, type: 'text' });
        const fetched = await migrated.index.postingsSource!.fetch(lists.map(([term]) => term));
        for (const [term, docs, tfs] of lists) assert.deepEqual([...fetched.get(term)!.docs, ...fetched.get(term)!.tfs], [...docs, ...tfs], `the postings of ${term}`);
        for (const question of ['الغاز الطبيعي', 'What did Ushakov say?', 'How much did trade grow?']) {
          assert.deepEqual(await migrated.ask(question), await local.engine.ask(question), question);
        }
      } finally {
        await migrated.close();
      }
    } finally {
      await client.end();
      await local.close();
      await old.drop();
    }
  });

  it('GIVEN two engines on one database WHEN one reindexes THEN the other answers from the new index without a restart', async () => {
    const corpus = join(scratch, 'corpus');
    await cp(SEEDS, corpus, { recursive: true });
    const env = { INDEX_DIR: join(scratch, 'reindex'), DATABASE_URL: databaseUrl };
    const writer = await openEngine(env, corpus);
    const reader = await openEngine(env, corpus);
    try {
      assert.equal(reader.openReport.upToDate, true, 'the reader loads the saved index');
      const before = await reader.ask('كوزموبولسكي');
      assert.ok(before.passages.every((p) => p.file !== 'zz-new.txt'), 'no such article yet');
      await writeFile(join(corpus, 'zz-new.txt'), 'عنوان جديد\n\nأعلن المتحدث كوزموبولسكي عن اتفاق جديد للتعاون في مجال الطاقة.\n');
      const report = await writer.reindex();
      assert.deepEqual(report.added, ['zz-new.txt']);
      const answer = await reader.ask('كوزموبولسكي');
      assert.equal(answer.passages[0]?.file, 'zz-new.txt', `expected the new article first, got ${JSON.stringify(answer.passages[0])}`);
      assert.equal(answer.passages[0]?.lineStart, 3);
      assert.equal(reader.stats().passages, writer.index.passages.length, 'the reader holds the whole new index');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ generation: string; passages: string }>(
          `SELECT generation, (SELECT count(*) FROM passages p WHERE p.index_key = c.index_key) AS passages FROM corpus_indexes c WHERE index_key = 'corpus'`,
        );
        assert.equal(rows.length, 1, 'one index for the corpus folder');
        assert.equal(Number(rows[0]!.generation), 2, 'one save when built, one when reindexed');
        assert.equal(Number(rows[0]!.passages), writer.index.passages.length, 'the rows of the first save were replaced, not added to');
      } finally {
        await client.end();
      }
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('GIVEN vectors from a model THEN they are stored in pgvector, indexed by HNSW, and read back exactly', async () => {
    const tiny = await ensureTinyModel(join(PROJECT_ROOT, '.cache', 'test-models'));
    const env = { INDEX_DIR: join(scratch, 'dense'), DATABASE_URL: databaseUrl, MODEL_DIR: tiny.modelDir, MODEL_ID: tiny.modelId, ALLOW_MODEL_DOWNLOAD: 'false' };
    const built = await openEngine(env, SEEDS, 'auto');
    const loaded = await openEngine(env, SEEDS, 'auto');
    try {
      assert.equal(loaded.openReport.upToDate, true, 'the saved index is used as it is');
      assert.ok(loaded.index.vectors, 'the loaded index has vectors');
      const embedded = await loadEmbedder({ modelId: tiny.modelId, modelDir: tiny.modelDir, cacheDir: join(scratch, 'cache') });
      if (!embedded.ok) assert.fail(`the generated model did not load: ${embedded.reason}`);
      try {
        for (const doc of [0, 3, built.index.passages.length - 1]) {
          const [expected] = await embedded.embedder.embedPassages([built.index.passages[doc]!.text]);
          const stored: Float32Array | undefined = (await loaded.index.vectors!.storedVectors([doc]))[0];
          assert.ok(expected && stored, `passage ${doc} has a vector`);
          assert.equal(stored.length, expected.length);
          const drift = Math.max(...expected.map((value, i) => Math.abs(value - stored[i]!)));
          assert.ok(drift < 1e-6, `passage ${doc}: stored and embedded vectors differ by ${drift}`);
        }
      } finally {
        await embedded.embedder.dispose();
      }
      // The relevance reference is computed inside the save, over its own rows, as the local store computes it.
      const local = await openEngine({ ...env, DATABASE_URL: '', INDEX_DIR: join(scratch, 'dense-local') }, SEEDS, 'auto');
      try {
        const inDatabase = loaded.index.manifest.relevanceNull;
        const inFiles = local.index.manifest.relevanceNull;
        assert.ok(inDatabase && inFiles, 'both stores record a relevance reference');
        assert.deepEqual(inDatabase.margins.crossLingual.length, inFiles.margins.crossLingual.length);
        for (const group of ['sameLanguage', 'crossLingual'] as const) {
          const drift = Math.max(...inDatabase.margins[group].map((m, i) => Math.abs(m - inFiles.margins[group][i]!)));
          assert.ok(drift < 1e-4, `${group}: the stores' references differ by ${drift}`);
        }
      } finally {
        await local.close();
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'passages' AND indexdef LIKE '%hnsw%'`);
        assert.equal(rows.length, 1, 'one HNSW index');
        assert.match(rows[0]!.indexdef, /vector_cosine_ops/);
      } finally {
        await client.end();
      }
    } finally {
      await loaded.close();
      await built.close();
    }
  });

  it('GIVEN a fresh database THEN the schema version is recorded; GIVEN a newer schema THEN opening says to update the program', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM schema_version');
      assert.equal(rows[0]!.version, SCHEMA_VERSION);
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
      await assert.rejects(openEngine({ INDEX_DIR: join(scratch, 'newer'), DATABASE_URL: databaseUrl }, SEEDS), (error: Error) => {
        assert.ok(error instanceof IndexStoreUnavailable, `expected IndexStoreUnavailable, got ${error.name}`);
        assert.match(error.message, /newer than this program's/);
        return true;
      });
      await client.query('DELETE FROM schema_version WHERE version = $1', [SCHEMA_VERSION + 1]);
    } finally {
      await client.end();
    }
  });
});

describe('an unreachable index database', () => {
  it('GIVEN DATABASE_URL pointing at a closed port THEN opening fails with a message naming DATABASE_URL', async () => {
    await assert.rejects(openEngine({ INDEX_DIR: join(tmpdir(), 'never-written'), DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' }, SEEDS), (error: Error) => {
      assert.ok(error instanceof IndexStoreUnavailable, `expected IndexStoreUnavailable, got ${error.name}: ${error.message}`);
      assert.match(error.message, /Check DATABASE_URL/);
      assert.doesNotMatch(error.message, /secret/, 'the password is never shown');
      return true;
    });
  });
});

import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createConsola } from 'consola';
import pg from 'pg';
import { describeReport } from '../../../src/app/describe-report.ts';
import { loadConfig } from '../../../src/config.ts';
import { Engine, IndexStoreUnavailable } from '../../../src/engine.ts';
import { readEvalSet } from '../../../src/eval/eval-set.ts';
import { PgvectorRetriever } from '../../../src/index/store/pgvector-retriever.ts';
import { nearestPassages, parseVector } from '../../../src/index/store/pgvector-search.ts';
import { PostgresIndexStore } from '../../../src/index/store/postgres-index-store.ts';
import { VectorIndex } from '../../../src/index/vector-index.ts';
import type { Answer } from '../../../src/search/answer.ts';
import type { SettingsOverrides } from '../../../src/settings.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';
import { ensureTinyModel, type TinyModel } from '../../support/tiny-model.ts';
import { waitFor } from '../../support/wait-for.ts';
import { defaultSettings } from '../../../src/settings.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SEEDS = join(PROJECT_ROOT, 'seeds');
const SEED_QUESTIONS = join(PROJECT_ROOT, 'test', 'fixtures', 'seed-qa-dev.json');

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';
const quiet = createConsola({ level: -999 });

/** Questions of every kind: the seed dev set when present, else a few written here. */
async function questions(): Promise<string[]> {
  try {
    return (await readEvalSet(SEED_QUESTIONS)).map((q) => q.q);
  } catch {
    return ['ماذا قال أوشاكوف؟', 'What did Xi Jinping say?', 'الغاز الطبيعي', 'Ukraine'];
  }
}

const ranked = (answer: Answer) => answer.passages.map((p) => `${p.file}:${p.lineStart}-${p.lineEnd} ${p.score.toFixed(12)}`);

describe('dense retrieval through pgvector', { skip }, () => {
  let scratch: string;
  let tiny: TinyModel;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pg-dense-'));
    tiny = await ensureTinyModel(join(PROJECT_ROOT, '.cache', 'test-models'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  /** An engine with the generated model (its vectors mean nothing, but are the same in both stores). */
  async function openEngine(corpusDir: string, indexName: string, options: { postgres: boolean; settings?: SettingsOverrides }): Promise<Engine> {
    const result = loadConfig({
      LOG_LEVEL: 'silent',
      DICTIONARY_PATH: fixtureDictionaryPath(),
      INDEX_DIR: join(scratch, indexName),
      MODEL_DIR: tiny.modelDir,
      MODEL_ID: tiny.modelId,
      ALLOW_MODEL_DOWNLOAD: 'false',
      ...(options.postgres ? { DATABASE_URL: databaseUrl } : {}),
    });
    if (!result.ok) assert.fail(result.problems.join('\n'));
    return Engine.open({ config: result.config, corpusDir, embedder: 'auto', settings: options.settings, logger: quiet });
  }

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  it('GIVEN the seeds indexed in both stores THEN dense and hybrid answers are the same, also restricted to one file, and the PostgreSQL engine holds no graph', async () => {
    for (const mode of ['dense', 'hybrid'] as const) {
      const settings: SettingsOverrides = { retrieval: { mode } };
      const local = await openEngine(SEEDS, 'local', { postgres: false, settings });
      // Built by one engine, loaded by another: the second answers from what the database holds.
      await (await openEngine(SEEDS, 'shared', { postgres: true, settings })).close();
      const shared = await openEngine(SEEDS, 'shared', { postgres: true, settings });
      try {
        assert.equal(shared.openReport.upToDate, true, 'the second engine loads the saved index');
        assert.ok(local.index.vectors instanceof VectorIndex, 'the local engine searches an in-process graph');
        assert.ok(shared.index.vectors instanceof PgvectorRetriever, 'the PostgreSQL engine asks the database');
        assert.equal(shared.retrieval.mode, mode);
        const file = (await readdir(SEEDS)).sort()[2]!;
        for (const question of await questions()) {
          const [fromFiles, fromDatabase] = await Promise.all([local.ask(question, { k: 10 }), shared.ask(question, { k: 10 })]);
          assert.deepEqual(ranked(fromDatabase), ranked(fromFiles), `${mode}: ${question}`);
          assert.equal(fromDatabase.abstained, fromFiles.abstained, `${mode}: abstention differs for ${question}`);
          const [inFileLocal, inFileShared] = await Promise.all([local.ask(question, { k: 10, file }), shared.ask(question, { k: 10, file })]);
          assert.ok(inFileShared.passages.every((p) => p.file === file), `${mode}: a passage from another file for ${question}`);
          assert.deepEqual(ranked(inFileShared), ranked(inFileLocal), `${mode}, in ${file}: ${question}`);
        }
      } finally {
        await shared.close();
        await local.close();
      }
    }
  });

  it('GIVEN a reindex after one file is edited THEN the other files keep their rows, and the index equals one built afresh', async () => {
    const corpus = join(scratch, 'edited');
    await cp(SEEDS, corpus, { recursive: true });
    const engine = await openEngine(corpus, 'edited', { postgres: true });
    try {
      const [key] = (await query<{ index_key: string }>(`SELECT index_key FROM corpus_indexes WHERE index_key = 'edited'`)).map((r) => r.index_key);
      assert.ok(key, 'the corpus has an index');
      const rowsBefore = new Map((await query<{ passage_id: string; xmin: string; file: string; position: number }>('SELECT passage_id, xmin::text, file, position FROM passages WHERE index_key = $1', [key])).map((r) => [r.passage_id, r]));
      const files = (await readdir(corpus)).sort();
      // The middle file: passages before it stay where they are, those after it move.
      const edited = files[2]!;
      await appendFile(join(corpus, edited), '\n\nوأضاف المتحدث كوزموبولسكي أن الاتفاق الجديد يشمل بناء خط أنابيب ثالث للغاز.\n');
      const report = await engine.reindex();
      assert.deepEqual(report.changed, [edited]);
      assert.equal(report.saveError, undefined);
      assert.ok(report.embedded >= 1 && report.embedded <= 3, `only the new text is embedded, not ${report.embedded} passages`);

      const rowsAfter = await query<{ passage_id: string; xmin: string; file: string; position: number }>('SELECT passage_id, xmin::text, file, position FROM passages WHERE index_key = $1', [key]);
      const untouched = rowsAfter.filter((r) => r.file < edited);
      assert.ok(untouched.length > 10, 'files before the edited one have passages');
      for (const row of untouched) assert.equal(row.xmin, rowsBefore.get(row.passage_id)?.xmin, `passage ${row.passage_id} of an unchanged file was rewritten`);
      const moved = rowsAfter.filter((r) => r.file > edited);
      assert.ok(moved.length > 0 && moved.every((r) => rowsBefore.get(r.passage_id)!.position < r.position), 'passages after the edited file moved down');
      const editedRows = rowsAfter.filter((r) => r.file === edited);
      assert.ok(editedRows.some((r) => rowsBefore.get(r.passage_id)?.xmin === r.xmin), 'the unchanged passages of the edited file kept their rows too');

      const answer = await engine.ask('كوزموبولسكي خط أنابيب ثالث');
      assert.equal(answer.passages[0]?.file, edited, `the new paragraph first, got ${JSON.stringify(answer.passages[0])}`);

      // What the database now holds is what a build from scratch would hold.
      const fresh = await openEngine(corpus, 'edited-afresh', { postgres: false });
      const reloaded = await PostgresIndexStore.open(databaseUrl, key);
      try {
        const loaded = await reloaded.load(defaultSettings.hnsw);
        assert.ok(loaded.ok, 'the saved index loads');
        assert.deepEqual(loaded.index.passages, fresh.index.passages);
        // The postings stay in the database: every term's list, read back as a question reads it.
        const built = Object.fromEntries([...fresh.index.lexical.postingLists()].map(([term, docs, tfs]) => [term, [...docs, ...tfs]]));
        const fetched = await loaded.index.postingsSource!.fetch(Object.keys(built));
        assert.deepEqual(Object.fromEntries([...fetched].map(([term, { docs, tfs }]) => [term, [...docs, ...tfs]])), built);
        assert.ok(Object.keys(built).every((term) => loaded.index.lexical.has(term)), 'the loaded index knows every term');
        assert.deepEqual([...loaded.index.lexical.lengths], [...fresh.index.lexical.lengths]);
        const [stored] = await loaded.index.vectors!.storedVectors([loaded.index.passages.length - 1]);
        const [expected] = await fresh.index.vectors!.storedVectors([fresh.index.passages.length - 1]);
        const drift = Math.max(...expected!.map((value, i) => Math.abs(value - stored![i]!)));
        assert.ok(drift < 1e-5, `the last passage's vector differs by ${drift}`);
      } finally {
        await reloaded.close();
        await fresh.close();
      }
    } finally {
      await engine.close();
    }
  });

  it('GIVEN a save in progress THEN a reader sees the whole old index until it commits, then the whole new one', async () => {
    const corpus = join(scratch, 'concurrent');
    await cp(SEEDS, corpus, { recursive: true });
    const writer = await openEngine(corpus, 'concurrent', { postgres: true });
    const reader = await openEngine(corpus, 'concurrent', { postgres: true });
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    try {
      const [key] = (await query<{ index_key: string }>(`SELECT index_key FROM corpus_indexes WHERE index_key = 'concurrent'`)).map((r) => r.index_key);
      const oldCount = reader.index.passages.length;
      // The save writes every row, then waits on the index's head row, held here: it is mid-transaction.
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM corpus_indexes WHERE index_key = $1 FOR UPDATE', [key]);
      const files = (await readdir(corpus)).sort();
      await writeFile(join(corpus, files[0]!), (await readFile(join(corpus, files[0]!), 'utf8')) + '\n\nأعلن كوزموبولسكي افتتاح محطة جديدة للطاقة الشمسية في سيبيريا.\n');
      await rm(join(corpus, files[4]!));
      const saving = writer.reindex();
      await waitFor(async () => (await query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO corpus_indexes%'`)).length > 0, {
        timeoutMs: 60_000,
        intervalMs: 50,
        message: 'the save to reach its last statement (waiting on the held head row)',
      });
      const during = await PostgresIndexStore.open(databaseUrl, key!);
      try {
        const loaded = await during.load(defaultSettings.hnsw);
        assert.ok(loaded.ok, `the old index loads during the save: ${loaded.ok ? '' : loaded.message}`);
        assert.equal(loaded.index.passages.length, oldCount, 'the old passages, all of them');
        assert.ok(loaded.index.passages.some((p) => p.file === files[4]), 'the removed file is still there');
      } finally {
        await during.close();
      }
      const answerDuring = await reader.ask('كوزموبولسكي الطاقة الشمسية سيبيريا', { k: 10 });
      assert.ok(answerDuring.passages.every((p) => !p.text.includes('كوزموبولسكي')), 'the new paragraph is not seen before the save commits');
      await blocker.query('COMMIT');
      const report = await saving;
      assert.equal(report.saveError, undefined);
      const answerAfter = await reader.ask('كوزموبولسكي الطاقة الشمسية سيبيريا', { k: 10 });
      assert.ok(answerAfter.passages[0]?.text.includes('كوزموبولسكي'), `the new paragraph is seen after the save, got ${JSON.stringify(answerAfter.passages[0])}`);
      assert.equal(reader.index.passages.length, writer.index.passages.length, 'the reader holds the whole new index');
      assert.ok(reader.index.passages.every((p) => p.file !== files[4]), 'the removed file is gone');
    } finally {
      await blocker.end();
      await reader.close();
      await writer.close();
    }
  });

  it('GIVEN the HNSW index built by an earlier save WHEN a corpus asks for other m and ef_construction THEN its manifest records what the database uses, and the report says so', async () => {
    const engine = await openEngine(SEEDS, 'other-graph', { postgres: true, settings: { hnsw: { m: 8, efConstruction: 40 } } });
    try {
      const [built] = await query<{ options: string[] }>(`SELECT reloptions AS options FROM pg_class WHERE relname = 'passages_embedding_hnsw_32'`);
      const used = { m: Number(built!.options.find((o) => o.startsWith('m='))!.slice(2)), efConstruction: Number(built!.options.find((o) => o.startsWith('ef_construction='))!.slice(16)) };
      assert.notDeepEqual(used, { m: 8, efConstruction: 40 }, 'the index was built by an earlier save with the default settings');
      assert.deepEqual(engine.openReport.index.manifest.databaseGraph, used);
      assert.match(describeReport(engine.openReport), new RegExp(`HNSW index keeps m ${used.m}, ef_construction ${used.efConstruction} .*the settings ask for 8, 40`));
    } finally {
      await engine.close();
    }
  });

  it('GIVEN vectors of a length THEN one HNSW index covers them, and the nearest-passage query matches it', async () => {
    const indexes = await query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'passages' AND indexdef LIKE '%hnsw%'`);
    assert.deepEqual(indexes.map((r) => r.indexname), ['passages_embedding_hnsw_32']);
    const [key] = (await query<{ index_key: string }>(`SELECT index_key FROM corpus_indexes WHERE index_key = 'edited'`)).map((r) => r.index_key);
    const [row] = await query<{ embedding: string }>('SELECT embedding::text AS embedding FROM passages WHERE index_key = $1 LIMIT 1', [key]);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // A table this small is read whole; without that choice, the query's expression must match the index's.
      await client.query('BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT position FROM passages WHERE dimension = 32 AND index_key = $2 ORDER BY embedding::vector(32) <=> $1::vector(32) LIMIT 10`,
        [row!.embedding, key],
      );
      assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), /passages_embedding_hnsw_32/, 'the nearest-passage query can scan the HNSW index');
    } finally {
      await client.end();
    }
  });

  it('GIVEN a corpus searched through the graph THEN it finds the exact top 10, among the rows of other corpora too', async () => {
    const [key] = (await query<{ index_key: string }>(`SELECT index_key FROM corpus_indexes WHERE index_key = 'edited'`)).map((r) => r.index_key);
    const others = await query<{ count: string }>('SELECT count(*) FROM passages WHERE index_key <> $1', [key]);
    assert.ok(Number(others[0]!.count) > 0, 'the table holds other corpora, which the graph walk must skip');
    const rows = await query<{ embedding: string }>('SELECT embedding::text AS embedding FROM passages WHERE index_key = $1 ORDER BY position LIMIT 5', [key]);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const row of rows) {
        // A passage vector nudged a little: near its passage, not equal to it.
        const vector = parseVector(row.embedding).map((x, i) => x + (i % 5 === 0 ? 0.05 : 0));
        const [graph, exact] = [await nearestPassages(client, key!, vector, 10, { efSearch: 128 }), await nearestPassages(client, key!, vector, 10, { efSearch: 128, exact: true })];
        assert.equal(graph.length, 10, 'the graph walk finds 10 passages of this corpus');
        assert.deepEqual(graph.map((hit) => hit.passageId), exact.map((hit) => hit.passageId));
      }
    } finally {
      await client.end();
    }
  });
  it('GIVEN the database goes away after the index is loaded THEN a question fails with a message naming the database, and is answered again once it is back', async () => {
    const result = loadConfig({
      LOG_LEVEL: 'warn',
      DICTIONARY_PATH: fixtureDictionaryPath(),
      INDEX_DIR: join(scratch, 'away'),
      MODEL_DIR: tiny.modelDir,
      MODEL_ID: tiny.modelId,
      ALLOW_MODEL_DOWNLOAD: 'false',
      DATABASE_URL: databaseUrl,
    });
    if (!result.ok) assert.fail(result.problems.join('\n'));
    const engine = await Engine.open({ config: result.config, corpusDir: SEEDS, embedder: 'auto', logger: quiet });
    const name = new URL(databaseUrl).pathname.slice(1);
    // From the server's maintenance database: a database cannot lock itself out.
    const adminUrl = new URL(databaseUrl);
    adminUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    try {
      const before = await engine.ask('الغاز الطبيعي', {});
      assert.equal(before.status, 'answered', 'answered while the database is up');
      // Nobody may connect any more, and the engine's open connections are closed.
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      // The postings stay in the database: without it no question can be scored, and the asker is told why.
      await assert.rejects(engine.ask('الغاز الطبيعي', {}), (error: Error) => {
        assert.ok(error instanceof IndexStoreUnavailable, `expected IndexStoreUnavailable, got ${error.name}: ${error.message}`);
        assert.match(error.message, /index database/);
        assert.match(error.message, /Check that the server is up, or DATABASE_URL/);
        assert.ok(!error.message.includes(new URL(databaseUrl).password), 'the password is never shown');
        return true;
      });
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      const after = await engine.ask('الغاز الطبيعي', {});
      assert.deepEqual(after.passages.map((p) => p.id), before.passages.map((p) => p.id), 'the same answer once the database is back');
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end().catch(() => undefined);
      await engine.close().catch(() => undefined);
    }
  });
});

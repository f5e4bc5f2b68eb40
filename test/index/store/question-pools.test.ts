import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createConsola } from 'consola';
import pg from 'pg';
import { loadConfig } from '../../../src/config.ts';
import { Engine } from '../../../src/engine.ts';
import type { Answer } from '../../../src/search/answer.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';
import { ensureTinyModel, type TinyModel } from '../../support/tiny-model.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SEEDS = join(PROJECT_ROOT, 'seeds');

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';
const quiet = createConsola({ level: -999 });
const ranked = (answer: Answer) => answer.passages.map((p) => `${p.file}:${p.lineStart}-${p.lineEnd} ${p.score.toFixed(12)}`);

/** A statement run from the server's maintenance database (a database cannot be copied while connected to). */
async function onServer(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('questions read from a replica (DATABASE_READ_URL)', { skip }, () => {
  let scratch: string;
  let tiny: TinyModel;
  const replicaName = `test_replica_${randomBytes(6).toString('hex')}`;
  const primaryName = new URL(databaseUrl || 'postgres://x/none').pathname.slice(1);
  const replicaUrl = Object.assign(new URL(databaseUrl || 'postgres://x/none'), { pathname: `/${replicaName}` }).toString();

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pg-replica-'));
    tiny = await ensureTinyModel(join(PROJECT_ROOT, '.cache', 'test-models'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    await onServer(`DROP DATABASE IF EXISTS ${replicaName} WITH (FORCE)`).catch(() => undefined);
    if ('drop' in database) await database.drop();
  });

  /** An engine with the generated model (its vectors mean nothing, but are the same everywhere). */
  async function openEngine(corpusDir: string, env: Record<string, string>): Promise<Engine> {
    const result = loadConfig({
      LOG_LEVEL: 'silent',
      DICTIONARY_PATH: fixtureDictionaryPath(),
      INDEX_DIR: join(scratch, 'index'),
      MODEL_DIR: tiny.modelDir,
      MODEL_ID: tiny.modelId,
      ALLOW_MODEL_DOWNLOAD: 'false',
      ...env,
    });
    if (!result.ok) assert.fail(result.problems.join('\n'));
    return Engine.open({ config: result.config, corpusDir, embedder: 'auto', logger: quiet });
  }

  it('GIVEN a replica THEN questions read it and answer as the primary would; GIVEN it falls behind a save THEN they read the primary', async () => {
    const corpus = join(scratch, 'corpus');
    await cp(SEEDS, corpus, { recursive: true });
    await (await openEngine(corpus, { DATABASE_URL: databaseUrl })).close();
    // The replica: a copy of the primary as it is now (a streaming replica is such a copy, kept up to date).
    await onServer(`CREATE DATABASE ${replicaName} TEMPLATE ${primaryName}`);

    const local = await openEngine(corpus, { INDEX_DIR: join(scratch, 'local') });
    const reader = await openEngine(corpus, { DATABASE_URL: databaseUrl, DATABASE_READ_URL: replicaUrl });
    try {
      assert.equal(reader.openReport.upToDate, true, 'the index saved on the primary is loaded');
      for (const question of ['الغاز الطبيعي', 'What did Ushakov say?', 'How much did trade grow?']) {
        assert.deepEqual(ranked(await reader.ask(question, { k: 10 })), ranked(await local.ask(question, { k: 10 })), question);
      }
      const onReplica = await onServer(`SELECT query FROM pg_stat_activity WHERE datname = $1 AND (query LIKE '%encode(p.docs%' OR query LIKE '%hnsw.ef_search%')`, [replicaName]);
      assert.ok(onReplica.rows.length > 0, 'the replica served the questions\' postings and dense searches');

      // A save the replica has not received: the reader loads it from the primary, and its questions must not read the replica's older rows.
      await writeFile(join(corpus, 'zz-new.txt'), 'عنوان جديد\n\nأعلن المتحدث كوزموبولسكي عن اتفاق جديد للتعاون في مجال الطاقة.\n');
      // With DATABASE_URL the folder is uploaded by a reindex (or npm run index), not by every open.
      const writer = await openEngine(corpus, { DATABASE_URL: databaseUrl });
      await writer.reindex();
      await writer.close();
      const answer = await reader.ask('كوزموبولسكي الطاقة');
      assert.equal(answer.passages[0]?.file, 'zz-new.txt', `the new article first, got ${JSON.stringify(answer.passages[0])}`);
      await local.reindex();
      for (const question of ['كوزموبولسكي الطاقة', 'الغاز الطبيعي']) {
        assert.deepEqual(ranked(await reader.ask(question, { k: 10 })), ranked(await local.ask(question, { k: 10 })), `${question}, with the replica behind`);
      }
    } finally {
      await reader.close();
      await local.close();
    }
  });

  it('GIVEN DATABASE_READ_URL without DATABASE_URL THEN the configuration is refused with a reason', () => {
    const result = loadConfig({ DATABASE_READ_URL: 'postgres://reader:secret@replica.example:5432/news' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.problems.join('\n'), /DATABASE_READ_URL: a read replica needs its primary in DATABASE_URL/);
    assert.doesNotMatch(result.problems.join('\n'), /secret/, 'the URL is never shown');
  });
});

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import { ServerCorpora } from '../../src/corpora/server-corpora.ts';
import { Engine } from '../../src/engine.ts';
import { testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createConsola } from 'consola';

const SERVER = '400000000000000001';
const OTHER = '500000000000000001';
const quiet = createConsola({ level: -999 });

/** The same behaviour with local files and with PostgreSQL, where each server's index is a row of its own. */
async function scenario(config: Config, site: NewsSite): Promise<{ sharedFiles: number; serverFiles: number }> {
  const shared = await Engine.open({ config, embedder: null, logger: quiet });
  const corpora = new ServerCorpora({ shared, config, logger: quiet });
  try {
    const before = await (await corpora.readerFor(OTHER)).ask('موجة الحر في المناطق الساحلية');
    const outcome = await corpora.updatesFor({ kind: 'server', guildId: SERVER }).addUrl(site.url(`/articles/${testArticles[1]!.slug}`));
    assert.equal(outcome.status, 'added', JSON.stringify(outcome));
    const inServer = await (await corpora.readerFor(SERVER)).ask('محصول القمح هذا العام');
    assert.ok(inServer.passages.some((p) => p.article?.url?.endsWith(testArticles[1]!.slug)), 'the server is not answered from its article');
    const inOther = await (await corpora.readerFor(OTHER)).ask('محصول القمح هذا العام');
    assert.ok(!inOther.passages.some((p) => p.article?.url?.endsWith(testArticles[1]!.slug)), 'another server is answered from it');
    assert.deepEqual(await (await corpora.readerFor(OTHER)).ask('موجة الحر في المناطق الساحلية'), before, 'another server’s answer changed');
    return { sharedFiles: shared.stats().files.length, serverFiles: (await corpora.readerFor(SERVER)).stats().files.length };
  } finally {
    await corpora.close();
    await shared.close();
  }
}

describe('ServerCorpora', { timeout: 120_000 }, () => {
  let site: NewsSite;
  let tmp: string;
  const database: Promise<TestDatabase> = createTestDatabase();
  const configFor = async (name: string, extra: Record<string, string> = {}): Promise<Config> => {
    const corpus = path.join(tmp, name, 'shared');
    await mkdir(corpus, { recursive: true });
    await writeFile(path.join(corpus, 'weather.txt'), 'قالت هيئة الأرصاد إن موجة الحر ستستمر حتى نهاية الأسبوع في المناطق الساحلية.\n');
    const result = loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(tmp, name, 'index'), MODEL_DIR: '/nonexistent', LOG_LEVEL: 'silent', FETCH_ALLOW_PRIVATE_ADDRESSES: 'true', ...extra });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    return result.config;
  };
  before(async () => {
    site = await startNewsSite();
    tmp = await mkdtemp(path.join(tmpdir(), 'server-corpora-test-'));
  });
  after(async () => {
    await site.close();
    await rm(tmp, { recursive: true, force: true });
    const db = await database;
    if ('drop' in db) await db.drop();
  });

  it('GIVEN local files THEN a server’s article is answered there only, and other servers’ answers do not change', async () => {
    const counts = await scenario(await configFor('local'), site);
    assert.deepEqual([counts.sharedFiles, counts.serverFiles], [1, 2]);
  });

  it('GIVEN DATABASE_URL THEN the server’s index is its own row in PostgreSQL, found again by the next process', async (t) => {
    const db = await database;
    if ('skip' in db) return t.skip(db.skip);
    const config = await configFor('postgres', { DATABASE_URL: db.url });
    await scenario(config, site);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ index_key: string }>('SELECT index_key FROM corpus_indexes ORDER BY index_key');
      assert.ok(rows.some((r) => r.index_key === `server-${SERVER}`), `no index row for the server: ${JSON.stringify(rows)}`);
      assert.ok(!rows.some((r) => r.index_key === `server-${OTHER}`), 'a server that added nothing got an index');
      const { rows: files } = await client.query<{ index_key: string; file: string }>('SELECT DISTINCT index_key, file FROM passages ORDER BY index_key');
      assert.ok(files.filter((f) => f.index_key === `server-${SERVER}`).every((f) => f.file.includes('127.0.0.1')), JSON.stringify(files));
      assert.ok(!files.some((f) => f.index_key !== `server-${SERVER}` && f.file.includes('127.0.0.1')), 'the server’s article is in the shared index');
    } finally {
      await client.end();
    }
    // A restarted bot opens the server's index from the database: nothing to rebuild.
    const shared = await Engine.open({ config, embedder: null, logger: quiet });
    const corpora = new ServerCorpora({ shared, config, logger: quiet });
    try {
      const reader = await corpora.readerFor(SERVER);
      assert.equal(reader.stats().files.length, 2);
    } finally {
      await corpora.close();
      await shared.close();
    }
  });
});

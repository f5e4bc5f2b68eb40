/**
 * What a bot of an earlier version kept in files with DATABASE_URL (a server's articles folder, the
 * feed files, the briefing file) is taken over by the database on first use, so an upgrade loses
 * nothing; and from then on nothing is written to those files.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createConsola } from 'consola';
import pg from 'pg';
import { briefingStatePath } from '../../src/corpora/briefing-state.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ServerCorpora } from '../../src/corpora/server-corpora.ts';
import { serverCorpusPaths } from '../../src/corpora/server-corpus-paths.ts';
import { Engine } from '../../src/engine.ts';
import { feedStorePath } from '../../src/sources/feed-store.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';
const SERVER = '400000000000000001';
const quiet = createConsola({ level: -999 });

describe('DatabaseCorpusStorage taking over the files of an earlier version', { skip, timeout: 120_000 }, () => {
  let scratch: string;
  let config: Config;
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'db-storage-'));
    const shared = path.join(scratch, 'shared');
    await mkdir(shared, { recursive: true });
    await writeFile(path.join(shared, 'weather.txt'), 'قالت هيئة الأرصاد إن موجة الحر ستستمر حتى نهاية الأسبوع في المناطق الساحلية.\n');
    const result = loadConfig({ CORPUS_DIR: shared, INDEX_DIR: path.join(scratch, 'index'), DATABASE_URL: databaseUrl, MODEL_DIR: '/nonexistent', LOG_LEVEL: 'silent', DICTIONARY_PATH: fixtureDictionaryPath() });
    if (!result.ok) assert.fail(result.problems.join('\n'));
    config = result.config;
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('GIVEN a server’s articles folder, the feed files and the briefing file THEN the server is answered from its articles, its feeds are listed with what they delivered, and the briefing time stands', async () => {
    const paths = serverCorpusPaths(config, SERVER);
    await mkdir(paths.corpusDir, { recursive: true });
    await writeFile(path.join(paths.corpusDir, '2025-03-04-news.example-1a2b3c4d.md'), '---\ntitle: "محصول القمح"\nurl: "https://news.example/wheat"\n---\n\nمحصول القمح\n\nتوقعت وزارة الزراعة أن يتجاوز محصول القمح هذا العام أربعة ملايين طن.\n');
    const feed = 'https://news.example/rss.xml';
    await writeFile(paths.feedStoreFile, JSON.stringify({ feeds: [feed], seen: { [feed]: ['https://news.example/wheat'] }, refusals: { [feed]: { 'https://news.example/gone': 2 } } }));
    const sharedFeed = 'https://shared.example/atom.xml';
    await mkdir(path.dirname(feedStorePath(config, config.CORPUS_DIR)), { recursive: true });
    await writeFile(feedStorePath(config, config.CORPUS_DIR), JSON.stringify({ feeds: [sharedFeed], seen: {}, refusals: {} }));
    await writeFile(briefingStatePath(config, config.CORPUS_DIR), JSON.stringify({ lastBriefingAt: '2026-01-01T08:00:00.000Z' }));
    const filesBefore = await Promise.all([paths.feedStoreFile, feedStorePath(config, config.CORPUS_DIR)].map((file) => readFile(file, 'utf8')));

    const shared = await Engine.open({ config, embedder: null, logger: quiet });
    const corpora = new ServerCorpora({ shared, config, logger: quiet });
    try {
      const reader = await corpora.readerFor(SERVER);
      assert.ok(reader.stats().files.some((f) => f.file === '2025-03-04-news.example-1a2b3c4d.md' && f.addedHere), 'the server’s own article is read');
      const answer = await reader.ask('محصول القمح هذا العام');
      assert.equal(answer.passages[0]?.article?.url, 'https://news.example/wheat');
      assert.deepEqual((await corpora.updatesFor({ kind: 'server', guildId: SERVER }).feeds()).map((f) => f.url), [feed]);
      assert.deepEqual((await corpora.updatesFor({ kind: 'shared' }).feeds()).map((f) => f.url), [sharedFeed]);
      assert.deepEqual(await corpora.storage.serversWithFeeds(), [SERVER]);
      assert.equal(await corpora.storage.briefings.lastBriefingAt(), '2026-01-01T08:00:00.000Z');

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT link, delivered, refusals FROM feed_items WHERE corpus = $1 ORDER BY link', [`server-${SERVER}`]);
        assert.deepEqual(rows, [
          { link: 'https://news.example/gone', delivered: false, refusals: 2 },
          { link: 'https://news.example/wheat', delivered: true, refusals: 0 },
        ]);
        const articles = await client.query('SELECT corpus, file FROM articles ORDER BY corpus');
        assert.deepEqual(articles.rows, [
          { corpus: 'server-400000000000000001', file: '2025-03-04-news.example-1a2b3c4d.md' },
          { corpus: 'shared', file: 'weather.txt' },
        ]);
      } finally {
        await client.end();
      }
      // Changes go to the database now, the files stay as they were.
      assert.equal((await corpora.updatesFor({ kind: 'server', guildId: SERVER }).addFeed('https://news.example/more.xml')).ok, true);
      assert.deepEqual(await Promise.all([paths.feedStoreFile, feedStorePath(config, config.CORPUS_DIR)].map((file) => readFile(file, 'utf8'))), filesBefore);
    } finally {
      await corpora.close();
      await shared.close();
    }
  });
});

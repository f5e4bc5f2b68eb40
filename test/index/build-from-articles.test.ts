/**
 * How an engine keeps its index in step with the articles in the database: the corpus folder is
 * uploaded on first use and by a reindex (not by every open); articles another process saved
 * but never indexed (it died in between) are indexed by a running bot in the background; and an
 * index saved before articles were kept in the database is never emptied by a machine that does
 * not have its folder.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createConsola, type LogObject } from 'consola';
import pg from 'pg';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.ts';
import { DatabaseArticles } from '../../src/db/database-articles.ts';
import { Engine } from '../../src/engine.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';

function capturingLogger() {
  const logs: LogObject[] = [];
  const logger = createConsola({ level: 4, reporters: [{ log: (entry) => void logs.push(entry) }] });
  return { logger, said: () => logs.map((entry) => entry.args.map(String).join(' ')).join('\n') };
}

describe('the index kept in step with the articles in PostgreSQL', { skip, timeout: 120_000 }, () => {
  let scratch: string;
  const configFor = (corpusDir: string, url = databaseUrl): Config => {
    const result = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: join(scratch, 'index'), DATABASE_URL: url, MODEL_DIR: '/nonexistent', LOG_LEVEL: 'silent', DICTIONARY_PATH: fixtureDictionaryPath() });
    if (!result.ok) assert.fail(result.problems.join('\n'));
    return result.config;
  };
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'build-from-articles-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('GIVEN a new file in the folder THEN opening again does not upload it; a reindex does', async () => {
    const corpus = join(scratch, 'uploads', 'news');
    await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    const first = await Engine.open({ config: configFor(corpus), embedder: null, logger: capturingLogger().logger });
    assert.equal(first.openReport.imported?.added.length, 5, 'the first use fills the corpus from its folder');
    await first.close();
    await writeFile(join(corpus, 'zz-new.txt'), 'عنوان جديد\n\nأعلن المتحدث كوزموبولسكي عن اتفاق جديد للتعاون في مجال الطاقة.\n');
    const second = await Engine.open({ config: configFor(corpus), embedder: null, logger: capturingLogger().logger });
    try {
      assert.equal(second.openReport.imported, undefined, 'a corpus that has articles is not uploaded into again at open');
      assert.equal(second.stats().files.length, 5);
      const report = await second.reindex();
      assert.deepEqual([report.imported?.added, report.added], [['zz-new.txt'], ['zz-new.txt']], 'a reindex uploads the folder, then indexes what it brought');
      assert.equal((await second.ask('كوزموبولسكي')).passages[0]?.file, 'zz-new.txt');
    } finally {
      await second.close();
    }
  });

  it('GIVEN another process saved an article and died before indexing it THEN a running bot indexes it in the background and answers from it', async () => {
    const corpus = join(scratch, 'catch-up', 'wire');
    await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    const { logger, said } = capturingLogger();
    const bot = await Engine.open({ config: configFor(corpus), embedder: null, logger, catchUp: true });
    try {
      // Another process: its own connections. It saves the article, then is gone before it indexes.
      const other = new URL(databaseUrl);
      other.searchParams.set('application_name', 'the-process-that-died');
      const articles = await DatabaseArticles.open(other.toString(), 'wire');
      const saved = await articles.write({
        metadata: { title: 'توسعة حوض بناء السفن', url: 'https://news.example/turku', fetched: '2026-01-02T00:00:00.000Z' },
        paragraphs: ['توسعة حوض بناء السفن', 'أعلن مدير حوض بناء السفن في توركو، ماتي هالونين، توسعة الحوض لبناء سفن الركاب الكبيرة.'],
      });
      await articles.close();
      assert.ok('file' in saved, JSON.stringify(saved));
      const deadline = Date.now() + 30_000;
      let answer = await bot.ask('ماذا أعلن هالونين عن حوض توركو؟');
      while (!answer.passages.some((p) => p.file === saved.file)) {
        assert.ok(Date.now() < deadline, `the article was never indexed:\n${said()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await bot.ask('ماذا أعلن هالونين عن حوض توركو؟');
      }
      assert.match(said(), /Indexed articles saved by another process that had not indexed them: 1 added, 0 changed/);
    } finally {
      await bot.close();
    }
  });

  it('GIVEN an index saved before articles were kept in the database THEN a machine without its folder answers from it and never empties it', async () => {
    const corpus = join(scratch, 'legacy', 'archive');
    await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    await (await Engine.open({ config: configFor(corpus), embedder: null, logger: capturingLogger().logger })).close();
    // As an earlier version left it: the index, and no article rows.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("DELETE FROM articles WHERE corpus = 'archive'");
      await client.query("UPDATE corpora SET articles_version = 0 WHERE corpus = 'archive'");
      await client.query("UPDATE corpus_indexes SET articles_version = NULL WHERE index_key = 'archive'");
    } finally {
      await client.end();
    }
    const { logger, said } = capturingLogger();
    const elsewhere = await Engine.open({ config: configFor(join(scratch, 'another-machine', 'archive')), embedder: null, logger });
    try {
      assert.equal(elsewhere.stats().files.length, 5, 'the index is kept as it is');
      assert.ok((await elsewhere.ask('ماذا قال أوشاكوف؟')).passages.length > 0, 'and answers');
      assert.match(said(), /holds an index of 5 files but none of their articles .* upload the folder with `npm run index -- --corpus DIR`/);
      const report = await elsewhere.reindex();
      assert.equal(report.index.passages.length, elsewhere.index.passages.length);
      assert.equal(elsewhere.stats().files.length, 5, 'a reindex without the folder does not empty it either');
    } finally {
      await elsewhere.close();
    }
    // On the machine that has the folder, the corpus without articles is filled from it at open.
    const home = await Engine.open({ config: configFor(corpus), embedder: null, logger: capturingLogger().logger });
    try {
      assert.equal(home.openReport.imported?.added.length, 5);
      assert.equal(home.openReport.upToDate, true, 'the same files as the index: nothing to index again');
      assert.equal(home.stats().files.length, 5);
    } finally {
      await home.close();
    }
  });
});

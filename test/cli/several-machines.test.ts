/**
 * Two copies of the program in two folders (two machines) that share nothing but DATABASE_URL:
 * an article added with `npm run add` in one is quoted by `npm run ask` in the other, and a
 * process killed while it saves leaves the database whole: what it committed stays, what it had
 * not committed is not there at all, and the next process brings the index up to date.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { finished, startCli } from '../bot/cli-process.ts';
import { copyCheckout } from '../support/checkout-copy.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { runCli } from '../support/run-cli.ts';

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';

// A made-up article: none of the seed files mentions the harbour or its director.
const HARBOUR = [
  '---',
  'title: "إغلاق ميناء كوتكا"',
  'url: "https://news.example/kotka-harbour"',
  'outlet: "أخبار المثال"',
  '---',
  '',
  'إغلاق ميناء كوتكا',
  '',
  'أعلنت مديرة ميناء كوتكا، إلينا فارتيانن، إغلاق الميناء أمام سفن الشحن ثلاثة أيام بسبب العاصفة الثلجية.',
  '',
  'وقالت فارتيانن إن الرافعات ستعود إلى العمل فور تحسن الطقس.',
  '',
].join('\n');
const HARBOUR_QUESTION = 'لماذا أغلقت فارتيانن ميناء كوتكا؟';

const SHIPYARD = 'توسعة حوض بناء السفن\n\nأعلن مدير حوض بناء السفن في توركو، ماتي هالونين، توسعة الحوض لبناء سفن الركاب الكبيرة.\n';
const SHIPYARD_QUESTION = 'ماذا أعلن هالونين عن حوض توركو؟';

interface AnswerJson {
  abstained: boolean;
  passages: { file: string; lineStart: number; lineEnd: number; text: string; url?: string; title?: string }[];
}

describe('two checkouts sharing only DATABASE_URL, through the CLI', { skip, timeout: 180_000 }, () => {
  let scratch: string;
  let machineA: string;
  let machineB: string;
  let client: pg.Client;
  // Only what a second machine needs: the database (and a model, here none: answers are lexical-only).
  const only = { DATABASE_URL: databaseUrl, MODEL_DIR: '/nonexistent', ALLOW_MODEL_DOWNLOAD: 'false' };

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'machines-cli-'));
    [machineA, machineB] = await Promise.all([copyCheckout(join(scratch, 'machine-a')), copyCheckout(join(scratch, 'machine-b'))]);
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('GIVEN `npm run add FILE` in one checkout THEN `npm run ask` in the other quotes it verbatim with its link, and neither keeps anything on disk', async () => {
    const file = join(scratch, 'kotka-harbour.md');
    await writeFile(file, HARBOUR);
    const add = await runCli(['add', file], only, { cwd: machineA });
    assert.equal(add.code, 0, add.stderr);
    const [, saved] = /Added (\S+): “إغلاق ميناء كوتكا”/.exec(add.stdout) ?? [];
    assert.ok(saved, `the article was added: ${add.stdout}`);
    assert.match(add.stdout, /Indexed \d+ passages from 6 files/, 'the first use uploaded the checkout’s seeds, then the article was indexed');

    const ask = await runCli(['ask', '--json', HARBOUR_QUESTION], only, { cwd: machineB });
    assert.equal(ask.code, 0, ask.stderr);
    const answer = JSON.parse(ask.stdout) as AnswerJson;
    const quoted = answer.passages.find((p) => p.file === saved);
    assert.ok(quoted, `the other checkout quotes the new article: ${JSON.stringify(answer.passages.map((p) => p.file))}`);
    assert.equal(quoted.url, 'https://news.example/kotka-harbour', 'with its link');
    assert.equal(quoted.title, 'إغلاق ميناء كوتكا');
    // Quoted from the text the database holds, at the line numbers of that text.
    const { rows } = await client.query<{ text: string }>('SELECT text FROM articles WHERE corpus = $1 AND file = $2', ['seeds', saved]);
    const lines = rows[0]!.text.split('\n');
    assert.equal(lines.slice(quoted.lineStart - 1, quoted.lineEnd).join('\n'), quoted.text, `${saved}:${quoted.lineStart} is the stored text verbatim`);
    assert.match(quoted.text, /فارتيانن/);

    for (const machine of [machineA, machineB]) {
      assert.equal(existsSync(join(machine, 'embeddings')), false, `${machine} wrote no index to disk`);
      assert.deepEqual((await readdir(join(machine, 'seeds'))).sort(), (await readdir(join(machineA, 'seeds'))).sort(), 'no article was written into a seeds folder');
    }
  });

  it('GIVEN a process killed (SIGKILL) in the middle of saving the index THEN its saved article stays, the index is the one before, and the next process indexes the article', async () => {
    const generation = async () => Number((await client.query<{ generation: string }>("SELECT generation FROM corpus_indexes WHERE index_key = 'seeds'")).rows[0]!.generation);
    const before = await generation();
    const passagesBefore = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM passages WHERE index_key = 'seeds'")).rows[0]!.n);
    const file = join(scratch, 'turku-shipyard.txt');
    await writeFile(file, SHIPYARD);
    // The index's head row, held here: the save writes its passage rows, then waits on it, mid-transaction.
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM corpus_indexes WHERE index_key = 'seeds' FOR UPDATE");
      const add = startCli(['add', file], { ...only, LOG_LEVEL: 'warn' }, { cwd: machineA });
      const deadline = Date.now() + 60_000;
      while ((await client.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO corpus_indexes%'`)).rows.length === 0) {
        assert.ok(Date.now() < deadline && add.child.exitCode === null, `the save never reached its last statement: ${add.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      add.child.kill('SIGKILL');
      assert.equal(await finished(add, 10_000), null, 'killed, not exited');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // Nothing half-written: the article was committed before the index, the index is as it was.
    const { rows } = await client.query<{ file: string }>("SELECT file FROM articles WHERE corpus = 'seeds' AND text LIKE '%هالونين%'");
    assert.equal(rows.length, 1, 'the article saved before the kill is kept, once');
    assert.equal(await generation(), before, 'no index was saved');
    assert.equal(Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM passages WHERE index_key = 'seeds'")).rows[0]!.n), passagesBefore, 'none of the killed save’s rows remain');
    const { rows: versions } = await client.query<{ indexed: string; current: string }>("SELECT i.articles_version AS indexed, c.articles_version AS current FROM corpora c JOIN corpus_indexes i ON i.index_key = c.index_key WHERE c.corpus = 'seeds'");
    assert.ok(Number(versions[0]!.current) > Number(versions[0]!.indexed), `the database shows the index behind its articles: ${JSON.stringify(versions)}`);

    // The next process, on the other machine, finds the article not indexed and indexes it before answering.
    const ask = await runCli(['ask', '--json', SHIPYARD_QUESTION], only, { cwd: machineB });
    assert.equal(ask.code, 0, ask.stderr);
    const answer = JSON.parse(ask.stdout) as AnswerJson;
    assert.ok(answer.passages.some((p) => p.file === rows[0]!.file && p.text.includes('هالونين')), `answered from the article: ${JSON.stringify(answer.passages.map((p) => p.file))}`);
    assert.equal(await generation(), before + 1, 'indexed once');
  });
});

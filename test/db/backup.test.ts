/**
 * `npm run db -- backup FILE` / `restore FILE`: a backup of one database restored into another
 * answers the same questions from the same articles; a restore over a database replaces what it
 * held; a file that is no backup, or no DATABASE_URL, is refused with a message and changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { findTool } from '../../src/db/backup.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { runCli } from '../support/run-cli.ts';

const [source, target] = [await createTestDatabase(), await createTestDatabase()];

/** pg_dump and pg_restore at least as new as the server (the server's own programs, as `npm run db -- start` installs them). */
async function toolsProblem(): Promise<string | false> {
  if ('skip' in source) return source.skip;
  const client = new pg.Client({ connectionString: source.url });
  await client.connect();
  const serverMajor = Math.floor(Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]!.server_version_num) / 10000);
  await client.end();
  for (const tool of ['pg_dump', 'pg_restore'] as const) {
    const found = findTool(tool);
    if ('missing' in found) return `${found.missing}`;
    if (found.major < serverMajor) return `${tool} is PostgreSQL ${found.major}'s, older than the test server (${serverMajor}): run \`npm run db -- start\` once to install its programs`;
  }
  return false;
}
const skip = await toolsProblem();

interface AnswerJson {
  passages: { file: string; lineStart: number; text: string }[];
}

describe('npm run db -- backup / restore', { skip, timeout: 120_000 }, () => {
  let scratch: string;
  const urlOf = (database: TestDatabase) => ('url' in database ? database.url : '');
  const env = (database: TestDatabase) => ({ DATABASE_URL: urlOf(database), INDEX_DIR: join(scratch, 'index'), MODEL_DIR: '/nonexistent', DICTIONARY_PATH: fixtureDictionaryPath() });
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'db-backup-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    for (const database of [source, target]) if ('drop' in database) await database.drop();
  });

  it('GIVEN a backup of an indexed database THEN restored into an empty one it answers the same, from the same articles, without indexing again', async () => {
    const file = join(scratch, 'newsbot.dump');
    const index = await runCli(['index'], env(source));
    assert.equal(index.code, 0, index.stderr);
    const backup = await runCli(['db', 'backup', file], env(source));
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stderr, /Backup written: .*newsbot\.dump \(\d+ KiB\)/);
    const restore = await runCli(['db', 'restore', file], env(target));
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stderr, /Restored\./);

    const again = await runCli(['index'], env(target));
    assert.match(again.stdout, /0 new, 0 changed, 0 removed, 5 unchanged file\(s\)\. Index is up to date: 5 files/, 'the restored articles and index are used as they are');
    const ask = async (database: TestDatabase) => JSON.parse((await runCli(['ask', '--json', 'ماذا قال أوشاكوف؟'], env(database))).stdout) as AnswerJson;
    const [before, after] = [await ask(source), await ask(target)];
    assert.ok(before.passages.length > 0, 'the question is answered');
    assert.deepEqual(after, before, 'the restored database gives the same answer');
  });

  it('GIVEN a restore over a database that changed since THEN it holds what the backup held again', async () => {
    const file = join(scratch, 'before-change.dump');
    assert.equal((await runCli(['db', 'backup', file], env(target))).code, 0);
    const article = join(scratch, 'extra.txt');
    await writeFile(article, 'خبر إضافي\n\nأعلنت البلدية افتتاح حديقة جديدة في حي الشاطئ بمساحة عشرين ألف متر مربع.\n');
    assert.equal((await runCli(['add', article], env(target))).code, 0);
    const count = async () => {
      const client = new pg.Client({ connectionString: urlOf(target) });
      await client.connect();
      try {
        return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM articles')).rows[0]!.n);
      } finally {
        await client.end();
      }
    };
    assert.equal(await count(), 6);
    assert.equal((await runCli(['db', 'restore', file], env(target))).code, 0);
    assert.equal(await count(), 5, 'the article added after the backup is gone');
  });

  it('GIVEN a file that is no backup, a missing file or no DATABASE_URL THEN each is refused with a message, and nothing changes', async () => {
    const junk = join(scratch, 'junk.dump');
    await writeFile(junk, 'not a backup at all');
    const refused = await runCli(['db', 'restore', junk], env(target));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is not a backup made by npm run db -- backup/);
    const missing = await runCli(['db', 'restore', join(scratch, 'nowhere.dump')], env(target));
    assert.match(missing.stderr, /no such backup file/);
    const noUrl = await runCli(['db', 'backup', join(scratch, 'x.dump')], { INDEX_DIR: join(scratch, 'index') });
    assert.match(noUrl.stderr, /DATABASE_URL is not set/);
    const noFile = await runCli(['db', 'backup'], env(target));
    assert.match(noFile.stderr, /give the backup's file/);
    const ask = JSON.parse((await runCli(['ask', '--json', 'ماذا قال أوشاكوف؟'], env(target))).stdout) as AnswerJson;
    assert.ok(ask.passages.length > 0, 'the database still answers');
  });
});

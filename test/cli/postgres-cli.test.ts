import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { PROJECT_ROOT, runCli as cli } from '../support/run-cli.ts';


const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;


describe('the CLI with DATABASE_URL', { skip }, () => {
  let scratch: string;
  let env: Record<string, string>;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pg-cli-'));
    env = { DATABASE_URL: 'url' in database ? database.url : '', INDEX_DIR: join(scratch, 'index'), MODEL_DIR: join(scratch, 'no-model-here'), DICTIONARY_PATH: fixtureDictionaryPath() };
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('GIVEN `index` THEN `ask` answers from PostgreSQL with verbatim passages, and no local index is written', async () => {
    const index = await cli(['index'], env);
    assert.equal(index.code, 0, index.stderr);
    assert.match(index.stdout, /Indexed \d+ passages from 5 files/);
    const ask = await cli(['ask', '--json', 'what did Ushakov say?'], env);
    assert.equal(ask.code, 0, ask.stderr);
    const answer = JSON.parse(ask.stdout) as { abstained: boolean; passages: { file: string; lineStart: number; lineEnd: number; text: string }[] };
    assert.equal(answer.abstained, false, 'the question is answered');
    assert.ok(answer.passages.length > 0, 'with passages');
    for (const passage of answer.passages) {
      const lines = (await readFile(join(PROJECT_ROOT, 'seeds', passage.file), 'utf8')).split('\n');
      assert.ok(lines.slice(passage.lineStart - 1, passage.lineEnd).join('\n').includes(passage.text), `${passage.file}:${passage.lineStart} is quoted verbatim`);
    }
    assert.ok(answer.passages.some((p) => p.text.includes('أوشاكوف')), 'a passage names Ushakov');
    assert.equal(existsSync(env.INDEX_DIR!), false, 'the index lives in the database, not in INDEX_DIR');
    const again = await cli(['index'], env);
    assert.match(again.stdout, /Index is up to date/, 'a second run finds the saved index');
  });

  it('GIVEN a DATABASE_URL that is not a PostgreSQL URL THEN the CLI says what it expects', async () => {
    const run = await cli(['ask', 'anything'], { ...env, DATABASE_URL: 'mysql://someone:hunter2@127.0.0.1/db' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /DATABASE_URL: expected a PostgreSQL URL/);
    assert.doesNotMatch(run.stderr, /hunter2/, 'the password is never shown');
  });
});

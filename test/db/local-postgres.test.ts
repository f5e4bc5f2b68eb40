import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runningLocalPostgresUrl } from '../../src/db/local-postgres.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const running = runningLocalPostgresUrl();

function db(action: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'db', action], { cwd: PROJECT_ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

// Starting and stopping are left to `npm run db` (and .ci/run): a test must not stop a server others use.
describe('npm run db, with the local server running', { skip: running ? false : 'no local PostgreSQL running (npm run db -- start)' }, () => {
  it('GIVEN a running server THEN `db start` prints the same DATABASE_URL again and `db status` agrees', async () => {
    const start = await db('start');
    assert.equal(start.code, 0);
    assert.equal(start.stdout.trim(), `DATABASE_URL=${running}`);
    const status = await db('status');
    assert.equal(status.stdout.trim(), `running: DATABASE_URL=${running}`);
  });

  it('GIVEN its DATABASE_URL THEN the server accepts the password and has the vector extension available', async () => {
    const client = new pg.Client({ connectionString: running! });
    await client.connect();
    try {
      const { rows } = await client.query<{ default_version: string }>(`SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`);
      assert.equal(rows.length, 1, 'pgvector is installed in the server');
      assert.match(rows[0]!.default_version, /^0\.\d+\.\d+$/);
    } finally {
      await client.end();
    }
  });

  it('GIVEN an unknown action THEN it says which ones exist', async () => {
    const run = await db('restart');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /db restart: expected start, stop, status, backup FILE or restore FILE/);
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runningLocalPostgresUrl } from '../../src/db/local-postgres.ts';

export type TestDatabase = { url: string; drop(): Promise<void> } | { skip: string };

/**
 * A fresh, empty database for one test file on the server named by TEST_DATABASE_URL (set by
 * .ci/run) or the one `npm run db -- start` left running; a reason to skip when there is none.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || runningLocalPostgresUrl();
  if (!serverUrl) return { skip: 'no PostgreSQL: run `npm run db -- start` or set TEST_DATABASE_URL' };
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

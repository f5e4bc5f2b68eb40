import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { decodePostings, encodePostings } from '../../../src/index/store/postgres-postings.ts';
import { migrate } from '../../../src/db/postgres-schema.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';

/** Documents from the first to the largest a passage position can be, frequencies up to the 16-bit cap; long enough for base64 to wrap lines. */
const DOCS = Int32Array.from([0, 1, 127, 128, 255, 256, 65535, 65536, 70000, 16777216, 2147483647, ...Array.from({ length: 120 }, (_, i) => 3_000_000 + 7 * i)]);
const TFS = Uint16Array.from([1, 2, 255, 256, 32767, 32768, 65535, ...Array.from({ length: DOCS.length - 7 }, (_, i) => 1 + (i % 9))]);

describe('postings as the PostgreSQL store keeps them', () => {
  it('GIVEN a list THEN it comes back exactly from its stored form, an empty one too', () => {
    const stored = encodePostings(DOCS, TFS);
    const back = decodePostings(stored.docs, stored.tfs);
    assert.deepEqual([...back.docs], [...DOCS]);
    assert.deepEqual([...back.tfs], [...TFS]);
    const empty = encodePostings(new Int32Array(0), new Uint16Array(0));
    assert.deepEqual(decodePostings(empty.docs, empty.tfs), { docs: new Int32Array(0), tfs: new Uint16Array(0) });
  });

  it('GIVEN stored forms that do not pair up THEN decoding says so', () => {
    const stored = encodePostings(DOCS, TFS);
    assert.throws(() => decodePostings(stored.docs, encodePostings(DOCS.subarray(1), TFS.subarray(1)).tfs), /do not pair up/);
  });

  describe('migration 3', async () => {
    const database: TestDatabase = await createTestDatabase();
    after(async () => {
      if ('drop' in database) await database.drop();
    });

    it('GIVEN postings saved as integer arrays (schema 2) THEN the migration stores exactly what the program writes', { skip: 'skip' in database ? database.skip : false }, async () => {
      const client = new pg.Client({ connectionString: 'url' in database ? database.url : '' });
      await client.connect();
      try {
        await migrate(client, 2);
        await client.query(`INSERT INTO postings (index_key, term, docs, tfs) VALUES ('k', 'edge', $1::integer[], $2::integer[]), ('k', 'none', '{}', '{}')`, [
          `{${DOCS.join(',')}}`,
          `{${TFS.join(',')}}`,
        ]);
        await migrate(client);
        const { rows } = await client.query<{ term: string; docs: string; tfs: string }>('SELECT term, docs, tfs FROM postings ORDER BY term');
        assert.deepEqual(rows, [
          { term: 'edge', ...encodePostings(DOCS, TFS) },
          { term: 'none', ...encodePostings(new Int32Array(0), new Uint16Array(0)) },
        ]);
      } finally {
        await client.end();
      }
    });
  });
});

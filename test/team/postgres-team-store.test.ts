import { after, describe } from 'node:test';
import { PostgresTeamStore } from '../../src/team/postgres-team-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { teamStoreContract } from '../support/team-store-contract.ts';

const database: TestDatabase = await createTestDatabase();

describe('PostgresTeamStore', { timeout: 60_000, skip: 'skip' in database ? database.skip : false }, () => {
  after(async () => {
    if ('url' in database) await database.drop();
  });

  teamStoreContract(async (options) => PostgresTeamStore.open((database as { url: string }).url, options));
});

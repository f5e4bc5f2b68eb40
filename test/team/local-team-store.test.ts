import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalTeamStore } from '../../src/team/local-team-store.ts';
import { answerRecord, SERVER_A, teamStoreContract } from '../support/team-store-contract.ts';

describe('LocalTeamStore', { timeout: 30_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'team-store-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  teamStoreContract(async (options) => new LocalTeamStore(path.join(dir, 'team'), options));

  it('GIVEN a damaged file THEN it is moved aside and reported, and the store starts afresh', async () => {
    const folder = path.join(dir, 'damaged', SERVER_A);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'feedback.json'), '{"answers": [');
    const problems: string[] = [];
    const store = new LocalTeamStore(path.join(dir, 'damaged'), { onProblem: (message) => problems.push(message) });
    assert.equal(await store.answer(SERVER_A, 'x'), null);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /feedback\.json was not valid JSON .* moved it to .*feedback\.json\.corrupt-/);
    const names = await readdir(folder);
    const aside = names.find((name) => name.startsWith('feedback.json.corrupt-'));
    assert.ok(aside, `the damaged file is kept aside: ${names.join(', ')}`);
    assert.equal(await readFile(path.join(folder, aside), 'utf8'), '{"answers": [');
    await store.recordAnswer(answerRecord(SERVER_A, 'fresh', '2025-03-07T10:00:00.000Z'));
    await store.close();
  });

  it('GIVEN a key that is not a server id THEN refused before any path is made of it', async () => {
    const store = new LocalTeamStore(path.join(dir, 'keys'));
    await assert.rejects(store.settings('../../etc'), /not a server key/);
    await assert.rejects(store.recordAnswer(answerRecord('../x', 'a', '2025-03-07T10:00:00.000Z')), /not a server key/);
    await store.close();
  });

  it('GIVEN an answer file copied into another server folder THEN its answers are not read there', async () => {
    const base = path.join(dir, 'copied');
    const first = new LocalTeamStore(base);
    await first.recordAnswer(answerRecord(SERVER_A, 'mine', '2025-03-07T10:00:00.000Z'));
    await first.close();
    const other = '400000000000000005';
    await mkdir(path.join(base, other), { recursive: true });
    await writeFile(path.join(base, other, 'feedback.json'), await readFile(path.join(base, SERVER_A, 'feedback.json')));
    const second = new LocalTeamStore(base);
    assert.equal(await second.answer(other, 'mine'), null);
    await second.close();
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalTeamStore } from '../../src/team/local-team-store.ts';
import { runCli } from '../support/run-cli.ts';
import { answerRecord, SERVER_A } from '../support/team-store-contract.ts';

describe('npm run feedback', { timeout: 120_000 }, () => {
  let scratch: string;
  let env: Record<string, string>;
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'feedback-cli-'));
    env = { INDEX_DIR: path.join(scratch, 'index') };
    const store = new LocalTeamStore(path.join(env.INDEX_DIR!, 'team'));
    await store.recordAnswer(answerRecord(SERVER_A, 'a1', '2025-03-02T10:00:00.000Z', 'What did Ushakov say?'));
    await store.vote(SERVER_A, 'a1', 'u1', { kind: 'down', reason: 'wrong-passage' });
    await store.vote(SERVER_A, 'a1', 'u2', { kind: 'up' });
    await store.close();
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  it('GIVEN report THEN the questions most often marked wrong, in the terminal', async () => {
    const run = await runCli(['feedback', 'report'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `1. What did Ushakov say? — 👎 1 (wrong-passage ×1) · 👍 1 · server ${SERVER_A}\n`);
  });

  it('GIVEN export --json THEN the evaluation file on stdout, the counts on stderr', async () => {
    const run = await runCli(['feedback', 'export', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const { questions } = JSON.parse(run.stdout) as { questions: { kind: string; gold: unknown[] }[] };
    assert.deepEqual(questions.map((q) => [q.kind, q.gold]), [['any', [{ file: '000_a.txt', contains: 'وقال يوري أوشاكوف' }]]]);
    assert.match(run.stderr, /^1 question\(s\) from the feedback of every server \(1 with 👍 passages as gold, 0 that should not have been answered\)\.$/m);
  });

  it('GIVEN a wrong action, no --json or a bad server id THEN a message saying what to type, exit 1', async () => {
    for (const [args, message] of [
      [['feedback', 'send'], 'Error: Unknown action "send": use export or report.'],
      [['feedback', 'export'], 'Error: export writes an evaluation file in JSON: add --json (and --out FILE to write it to a file).'],
      [['feedback', 'report', '--server', '../x'], 'Error: --server ../x: expected a Discord server id (15 to 21 digits).'],
    ] as const) {
      const run = await runCli([...args], env);
      assert.deepEqual([run.code, run.stderr.trim()], [1, message], args.join(' '));
    }
  });
});

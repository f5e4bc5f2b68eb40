import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { observed } from '../support/observed.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const module = (path: string) => JSON.stringify(pathToFileURL(`${PROJECT_ROOT}${path}`).href);

/** Runs `body` as an entry point would (top-level try, reportFailure in the catch) in a node process of its own. */
function runEntryPoint(body: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = [
    `import { reportFailure } from ${module('src/app/report-failure.ts')};`,
    `import { UserError } from ${module('src/util/user-error.ts')};`,
    `import { EvalSetError } from ${module('src/eval/eval-set.ts')};`,
    `try { ${body} } catch (error) { reportFailure(error, process.env.PREFIX); }`,
  ].join('\n');
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', PREFIX: process.env.PREFIX_FOR_TEST ?? '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

describe('reportFailure: what an entry point prints for an error that reached its top', () => {
  it('GIVEN a UserError THEN one line "Error: <message>" on stderr, no stack trace, exit code 1', { timeout: 60_000 }, async () => {
    const run = await runEntryPoint(`throw new UserError('DATABASE_URL: the server at 127.0.0.1:1 refused the connection.');`);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'Error: DATABASE_URL: the server at 127.0.0.1:1 refused the connection.\n' });
  });

  it('GIVEN an expected failure of a lower layer (EvalSetError extends UserError) THEN the same one line, no list of classes needed', { timeout: 60_000 }, async () => {
    const run = await runEntryPoint(`throw new EvalSetError('questions.json: not an evaluation file');`);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'Error: questions.json: not an evaluation file\n' });
  });

  it('GIVEN a prefix (a shard names itself) THEN it leads the line', { timeout: 60_000 }, async () => {
    process.env.PREFIX_FOR_TEST = '[shard 1/2] ';
    try {
      const run = await runEntryPoint(`throw new UserError('Configuration problem');`);
      assert.deepEqual(run, { code: 1, stdout: '', stderr: '[shard 1/2] Error: Configuration problem\n' });
    } finally {
      delete process.env.PREFIX_FOR_TEST;
    }
  });

  it('GIVEN any other error (a bug) THEN it is thrown again: node prints the whole stack and exits with 1', { timeout: 60_000 }, async () => {
    const run = await runEntryPoint(`(function brokenInvariant() { throw new TypeError('passage 7 has no lines'); })();`);
    assert.equal(run.code, 1, observed(run));
    assert.match(run.stderr, /TypeError: passage 7 has no lines\n\s+at brokenInvariant/, observed(run.stderr));
    assert.doesNotMatch(run.stderr, /^Error: passage 7/m, observed(run.stderr));
  });
});

/**
 * The command line as people use it in a shell: piped into `head`, fed questions on stdin that
 * then closes, interrupted with Ctrl-C, given a --k outside the range. Each runs the real CLI in a
 * child process (lexical-only, fixture dictionary) and checks what a user would see.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureDictionaryPath } from './support/fixture-dictionary.ts';
import { PROJECT_ROOT, runCli } from './support/run-cli.ts';

interface Piped {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the reader took before it went away. */
  read: string;
  stderr: string;
}

/**
 * The CLI with its stdout read by a reader that closes the pipe after `lines` lines, as `head`
 * does; `input` is written to its stdin, which then closes.
 */
async function pipedToHead(args: string[], env: Record<string, string>, input: string, lines: number): Promise<Piped> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let read = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The reader goes (the pipe closes) after `lines` lines; with 0, before anything is written.
  if (lines === 0) child.stdout.destroy();
  child.stdout.on('data', (chunk: Buffer) => {
    read += chunk.toString();
    if (read.split('\n').length > lines) child.stdout.destroy();
  });
  child.stdin.end(input);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal, read, stderr };
}

/** Nothing on stderr but the one line about the missing model (these runs are lexical-only): no stack, no EPIPE. */
function assertQuiet(stderr: string): void {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  assert.ok(lines.every((line) => /^\[warn\] No embedding model \(/.test(line)), `stderr: ${stderr}`);
}

describe('the CLI in a shell pipeline', { timeout: 180_000 }, () => {
  let scratch: string;
  const env = (name: string) => ({ INDEX_DIR: join(scratch, name), MODEL_DIR: join(scratch, 'no-model-here'), DICTIONARY_PATH: fixtureDictionaryPath() });

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cli-pipes-'));
    // Built once, so the runs below only answer.
    assert.equal((await runCli(['index'], env('index'))).code, 0);
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN `ask …` piped into a reader that has already gone (head -0) THEN ends quietly with code 0', async () => {
    const run = await pipedToHead(['ask', 'What did Ushakov say?'], env('index'), '', 0);
    assert.equal(run.code, 0, run.stderr);
    assertQuiet(run.stderr);
  });

  it('GIVEN questions on stdin into the prompt, piped into head THEN ends quietly with code 0', async () => {
    const run = await pipedToHead(['start'], env('index'), 'What did Ushakov say?\nWhat did Xi say?\n', 3);
    assert.equal(run.code, 0, run.stderr);
    assertQuiet(run.stderr);
  });

  it('GIVEN questions on stdin that then closes THEN answers each and exits with code 0', async () => {
    const run = await pipedToHead(['start'], env('index'), 'What did Ushakov say?\n', 10_000);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.read, /أوشاكوف/);
    assertQuiet(run.stderr);
  });

  it('GIVEN Ctrl-C at the prompt (SIGINT) THEN the prompt ends without a stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env('index') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Wait for the prompt, then interrupt.
    const deadline = Date.now() + 120_000;
    while (!stdout.includes('? ') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(stdout.includes('? '), `the prompt never appeared: ${stdout} ${stderr}`);
    child.kill('SIGINT');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    assert.ok(code === 0 || code === 130 || signal === 'SIGINT', `exit ${code} ${signal}`);
    assertQuiet(stderr);
  });

  it('GIVEN --k 11 THEN refuses with the range every front end uses (1 to 10)', async () => {
    const run = await runCli(['ask', '--k', '11', 'What did Ushakov say?'], env('index'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /argument '11' is invalid\. expected a whole number from 1 to 10/);
    assert.equal(run.stdout, '');
  });
});

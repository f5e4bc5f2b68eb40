import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import { workerScript } from '../../src/embed/worker-script.ts';

// Under the project, like the real bundle folder, so the bundle finds the project's packages.
const SCRATCH = join(PROJECT_ROOT, '.cache', 'test-worker-script');

describe('workerScript', { timeout: 60_000 }, () => {
  let dir: string;
  let worker: URL;

  before(async () => {
    await mkdir(SCRATCH, { recursive: true });
    dir = await mkdtemp(join(SCRATCH, 'case-'));
    // A TypeScript worker with a type annotation, a relative .ts import and a package (zod).
    await writeFile(join(dir, 'double.ts'), 'export function double(n: number): number {\n  return n * 2;\n}\n');
    await writeFile(
      join(dir, 'worker.ts'),
      "import { z } from 'zod';\nimport { double } from './double.ts';\nconst n: number = z.number().parse(21);\nprocess.send!({ answer: double(n) });\n",
    );
    worker = pathToFileURL(join(dir, 'worker.ts'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('bundles a TypeScript worker into one JavaScript file that plain node runs (no tsx loader)', async () => {
    const script = await workerScript(worker, join(dir, 'bundles'));
    assert.match(script.path, /\.mjs$/, `expected a .mjs bundle, got ${script.path}`);
    assert.deepEqual(script.execArgv, [], `the bundle should need no loader, got ${JSON.stringify(script.execArgv)}`);
    assert.doesNotMatch(readFileSync(script.path, 'utf8'), /: number/, 'the bundle still holds TypeScript annotations');
    const child = fork(script.path, [], { execArgv: script.execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => [undefined])])) as [unknown];
    child.kill();
    assert.deepEqual(message, { answer: 42 }, `the bundled worker did not answer; stderr: ${stderr.slice(-500)}`);
  });

  it('names the bundle after its contents, so every process of one version runs the same file', async () => {
    const first = await workerScript(worker, join(dir, 'one'));
    const second = await workerScript(worker, join(dir, 'two'));
    assert.equal(basename(second.path), basename(first.path), `two names for one worker: ${first.path}, ${second.path}`);
    assert.match(basename(first.path), /^embed-worker-[0-9a-f]{16}\.mjs$/, `unexpected name ${first.path}`);
  });

  it('runs the TypeScript under tsx when no bundle can be written', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the bundle folder should be');
    const script = await workerScript(worker, join(blocker, 'bundles'));
    assert.equal(script.path, join(dir, 'worker.ts'), `expected the .ts itself, got ${script.path}`);
    assert.ok(script.execArgv.includes('--import') && script.execArgv.some((arg) => arg.includes('tsx')), `expected tsx's loader, got ${JSON.stringify(script.execArgv)}`);
    assert.ok(!existsSync(join(blocker, 'bundles')), 'a bundle folder appeared under a file');
  });

  it('leaves a JavaScript worker as it is', async () => {
    const script = await workerScript(pathToFileURL(join(dir, 'compiled.js')));
    assert.deepEqual(script, { path: join(dir, 'compiled.js'), execArgv: [] }, `got ${JSON.stringify(script)}`);
  });
});

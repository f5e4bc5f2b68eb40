import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { measureEventLoopStall } from '../../src/util/event-loop-stall.ts';
import { loadEmbedder, type Embedder, type EmbedderLoadResult } from '../../src/embed/embedder.ts';
import { loadWorkerEmbedder } from '../../src/embed/worker-embedder.ts';
import { ensureTinyModel, type TinyModel } from '../support/tiny-model.ts';
import { SAMPLE_TEXTS } from '../support/embedder-texts.ts';
import { observed } from '../support/observed.ts';

// Git-ignored, so the fixture is generated once and reused across runs.
const FIXTURE_ROOT = fileURLToPath(new URL('../../.cache/test-models', import.meta.url));
const WORKER_EMBEDDER_URL = new URL('../../src/embed/worker-embedder.ts', import.meta.url).href;

function expectLoaded(result: EmbedderLoadResult): Embedder {
  if (!result.ok) assert.fail(`expected the model to load, got: ${result.reason} (fix: ${result.fix})`);
  return result.embedder;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((max, x, i) => Math.max(max, Math.abs(x - (b[i] ?? Number.NaN))), 0);
}

const TEXTS = SAMPLE_TEXTS;

/** Whether the embedder's worker process runs now (WorkerEmbedder's own getter; not on the Embedder interface). */
function isRunning(embedder: Embedder): boolean {
  return (embedder as Embedder & { running: boolean }).running;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Passages of a realistic length, all different. */
const manyPassages = (count: number) => Array.from({ length: count }, (_, i) =>
  `${i}: قال وزير الخارجية إن المحادثات ستستأنف يوم الاثنين في العاصمة، وأضاف أن الوفدين سيلتقيان. The talks resume.`);

describe('loadWorkerEmbedder', () => {
  let tiny: TinyModel;
  let scratch: string;
  let worker: Embedder;
  let inProcess: Embedder;
  const options = () => ({ modelId: tiny.modelId, modelDir: tiny.modelDir, cacheDir: join(scratch, 'cache'), batchSize: 2 });

  before(async () => {
    tiny = await ensureTinyModel(FIXTURE_ROOT);
    scratch = await mkdtemp(join(tmpdir(), 'worker-embedder-test-'));
    worker = expectLoaded(await loadWorkerEmbedder(options()));
    inProcess = expectLoaded(await loadEmbedder(options()));
  });

  after(async () => {
    await worker?.dispose();
    await inProcess?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('GIVEN the tiny fixture model in MODEL_DIR', () => {
    it('reports the same id, dimension and fixture marker as the in-process embedder', () => {
      assert.deepEqual(
        { modelId: worker.modelId, dimension: worker.dimension, isFixture: worker.isFixture },
        { modelId: inProcess.modelId, dimension: inProcess.dimension, isFixture: inProcess.isFixture },
      );
      assert.equal(worker.dimension, 32);
    });

    it('returns the same passage vectors as the in-process embedder, within 1e-5', async () => {
      const fromWorker = await worker.embedPassages(TEXTS);
      const local = await inProcess.embedPassages(TEXTS);
      assert.equal(fromWorker.length, TEXTS.length);
      fromWorker.forEach((vector, i) => {
        assert.ok(vector instanceof Float32Array, `vector: ${observed(vector)}`);
        assert.ok(maxAbsDiff(vector, local[i]!) <= 1e-5, `passage ${i} differs by ${maxAbsDiff(vector, local[i]!)}`);
      });
    });

    it('returns the same query vector as the in-process embedder, within 1e-5', async () => {
      const question = 'متى تستأنف المحادثات؟';
      const difference = maxAbsDiff(await worker.embedQuery(question), await inProcess.embedQuery(question));
      assert.ok(difference <= 1e-5, `largest difference ${difference}`);
    });

    it('gives every vector its own memory, as the in-process embedder does', async () => {
      const [a, b] = await worker.embedPassages(TEXTS.slice(0, 2));
      assert.notEqual(a!.buffer, b!.buffer);
      assert.equal(a!.byteLength, a!.buffer.byteLength);
    });

    it('reports progress after each batch, as (done, total)', async () => {
      const calls: Array<[number, number]> = [];
      await worker.embedPassages(TEXTS, (done, total) => calls.push([done, total]));
      assert.deepEqual(calls, [[2, 5], [4, 5], [5, 5]]);
    });

    it('returns no vectors and reports no progress for no passages', async () => {
      const calls: unknown[] = [];
      assert.deepEqual(await worker.embedPassages([], (...args) => calls.push(args)), []);
      assert.deepEqual(calls, []);
    });

    it('answers a query asked during a long embed before the embed finishes', async () => {
      const order: string[] = [];
      const passages = worker.embedPassages(manyPassages(400)).then(() => order.push('passages'));
      const query = worker.embedQuery('when?').then(() => order.push('query'));
      await Promise.all([passages, query]);
      assert.deepEqual(order, ['query', 'passages']);
    });
  });

  describe('GIVEN a model folder that does not exist', () => {
    it('fails with the same reason and fix as the in-process embedder', async () => {
      const missing = { ...options(), modelDir: join(scratch, 'no-such-model') };
      const fromWorker = await loadWorkerEmbedder(missing);
      assert.equal(fromWorker.ok, false);
      assert.deepEqual(fromWorker, await loadEmbedder(missing));
      if (!fromWorker.ok) assert.match(fromWorker.reason, /no-such-model does not exist/);
    });
  });

  describe('GIVEN a batch size that is not a positive integer', () => {
    it('rejects with the same RangeError as the in-process embedder', async () => {
      await assert.rejects(loadWorkerEmbedder({ ...options(), batchSize: 0 }), {
        name: 'RangeError',
        message: 'Embedder: batchSize must be a positive integer, got 0',
      });
    });
  });

  describe('GIVEN dispose()', () => {
    it('rejects later calls with the in-process message', async () => {
      const embedder = expectLoaded(await loadWorkerEmbedder(options()));
      await embedder.dispose();
      await embedder.dispose(); // twice is harmless
      await assert.rejects(embedder.embedQuery('x'), { message: `Embedder: ${tiny.modelId} was used after dispose()` });
      await assert.rejects(embedder.embedPassages(['x']), { message: `Embedder: ${tiny.modelId} was used after dispose()` });
    });

    it('ends the worker while it embeds, rejecting the embed', async () => {
      const embedder = expectLoaded(await loadWorkerEmbedder(options()));
      const long = assert.rejects(embedder.embedPassages(manyPassages(2_000)), {
        message: `Embedder: ${tiny.modelId} was disposed while embedding`,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await embedder.dispose();
      await long;
    });

    it('lets the process exit', async () => {
      const script = [
        `import { loadWorkerEmbedder } from ${JSON.stringify(WORKER_EMBEDDER_URL)};`,
        `const result = await loadWorkerEmbedder(${JSON.stringify(options())});`,
        `if (!result.ok) { console.error(result.reason); process.exit(2); }`,
        `const vectors = await result.embedder.embedPassages(['one', 'two', 'three']);`,
        `await result.embedder.dispose();`,
        `console.log('disposed after', vectors.length);`,
      ].join('\n');
      const { stdout } = await promisify(execFile)(
        process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script],
        { timeout: 60_000, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
      );
      assert.match(stdout, /disposed after 3/);
    });
  });

  describe('GIVEN idleStopMs', () => {
    it('stops the worker after that long without work, and starts it again for the next call, same vectors', async () => {
      const embedder = expectLoaded(await loadWorkerEmbedder({ ...options(), idleStopMs: 200 }));
      try {
        const before = await embedder.embedQuery('when do the talks resume?');
        const pid = (embedder as Embedder & { workerPid?: number }).workerPid;
        assert.ok(pid, 'a worker process runs');
        const stopped = await waitUntil(() => !isRunning(embedder) && !processExists(pid), 10_000);
        assert.ok(stopped, `the worker (pid ${pid}) should have ended after 200 ms idle`);
        const again = await embedder.embedQuery('when do the talks resume?');
        assert.ok(maxAbsDiff(before, again) <= 1e-6, `after the restart: ${maxAbsDiff(before, again)}`);
        assert.ok(isRunning(embedder), 'started again for the call');
      } finally {
        await embedder.dispose();
      }
    });

    it('does not stop it while a long embed is running', async () => {
      const embedder = expectLoaded(await loadWorkerEmbedder({ ...options(), idleStopMs: 50 }));
      try {
        const vectors = await embedder.embedPassages(manyPassages(300));
        assert.equal(vectors.length, 300);
        assert.ok(vectors.every((v) => v instanceof Float32Array && v.length === 32), 'every passage embedded');
      } finally {
        await embedder.dispose();
      }
    });
  });

  describe('GIVEN a worker that crashes', () => {
    /** A stand-in worker process: answers the load like the real one, then fails as told on the first embed. */
    const fakeWorker = async (onEmbed: string): Promise<URL> => {
      const path = join(scratch, `fake-worker-${Math.random().toString(36).slice(2)}.mjs`);
      await writeFile(path, [
        `process.send({ type: 'loaded', ok: true, modelId: 'fake', dimension: 4, isFixture: true });`,
        `process.on('message', (m) => { if (m.type === 'embed') { ${onEmbed} } });`,
      ].join('\n'));
      return pathToFileURL(path);
    };

    it('rejects the pending call and every later one with the crash', async () => {
      const workerUrl = await fakeWorker(`setTimeout(() => { throw new Error('simulated crash'); }, 10);`);
      const embedder = expectLoaded(await loadWorkerEmbedder(options(), { workerUrl }));
      const crashed = /^Embedder: the embedding worker for fake stopped unexpectedly \(exit code 1: Error: simulated crash\)$/;
      await assert.rejects(embedder.embedPassages(['a', 'b', 'c']), { message: crashed });
      await assert.rejects(embedder.embedQuery('later'), { message: crashed });
      await embedder.dispose();
    });

    it('rejects the pending call when the worker exits', async () => {
      const workerUrl = await fakeWorker(`process.exit(3);`);
      const embedder = expectLoaded(await loadWorkerEmbedder(options(), { workerUrl }));
      await assert.rejects(embedder.embedQuery('x'), {
        message: 'Embedder: the embedding worker for fake stopped unexpectedly (exit code 3)',
      });
      await embedder.dispose();
    });

    it('reports a worker that dies while loading as a failure to load', async () => {
      const path = join(scratch, 'dies-while-loading.mjs');
      await writeFile(path, `throw new Error('no runtime here');\n`);
      const result = await loadWorkerEmbedder(options(), { workerUrl: pathToFileURL(path) });
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.reason, 'the embedding worker stopped while loading (exit code 1: Error: no runtime here)');
    });
  });

  describe('GIVEN 2,000 passages to embed', () => {
    it('keeps the event loop responsive, unlike embedding in-process', async (t) => {
      const passages = manyPassages(2_000);
      const embedder = expectLoaded(await loadWorkerEmbedder({ ...options(), batchSize: 16 }));
      const local = expectLoaded(await loadEmbedder({ ...options(), batchSize: 16 }));
      try {
        const inWorker = await measureEventLoopStall(() => embedder.embedPassages(passages));
        const here = await measureEventLoopStall(() => local.embedPassages(passages));
        t.diagnostic(`longest event-loop stall: worker ${inWorker.maxStallMs.toFixed(1)} ms, in-process ${here.maxStallMs.toFixed(1)} ms`);
        assert.equal(inWorker.value.length, 2_000);
        // Generous: the worker's stalls are a few ms; in-process the loop is blocked for the whole embed.
        assert.ok(inWorker.maxStallMs < 200, `worker stall ${inWorker.maxStallMs} ms`);
      } finally {
        await embedder.dispose();
        await local.dispose();
      }
    });
  });
});

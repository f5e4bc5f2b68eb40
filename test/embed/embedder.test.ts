import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadEmbedder, type Embedder, type EmbedderLoadResult } from '../../src/embed/embedder.ts';
import { ensureTinyModel, type TinyModel } from '../support/tiny-model.ts';
import { SAMPLE_TEXTS } from '../support/embedder-texts.ts';
import { observed } from '../support/observed.ts';

// Git-ignored, so the fixture is generated once and reused across runs.
const FIXTURE_ROOT = fileURLToPath(new URL('../../.cache/test-models', import.meta.url));

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((max, x, i) => Math.max(max, Math.abs(x - (b[i] ?? Number.NaN))), 0);
}

function expectLoaded(result: EmbedderLoadResult): Embedder {
  if (!result.ok) assert.fail(`expected the model to load, got: ${result.reason} (fix: ${result.fix})`);
  return result.embedder;
}

function expectFailure(result: EmbedderLoadResult): { reason: string; fix: string } {
  if (result.ok) {
    void result.embedder.dispose();
    assert.fail('expected loading to fail, but it succeeded');
  }
  return result;
}

const TEXTS = SAMPLE_TEXTS;

describe('loadEmbedder', () => {
  let tiny: TinyModel;
  let scratch: string;
  let embedder: Embedder;

  before(async () => {
    tiny = await ensureTinyModel(FIXTURE_ROOT);
    scratch = await mkdtemp(join(tmpdir(), 'embedder-test-'));
    embedder = expectLoaded(
      await loadEmbedder({ modelId: tiny.modelId, modelDir: tiny.modelDir, cacheDir: join(scratch, 'cache'), batchSize: 2 }),
    );
  });

  after(async () => {
    await embedder?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('GIVEN the tiny fixture model in MODEL_DIR', () => {
    it('loads it and reports the id it was given', () => {
      assert.equal(embedder.modelId, tiny.modelId);
    });

    it('reads a dimension of 32 from the model output', () => {
      assert.equal(embedder.dimension, 32);
    });

    it('marks the model as a fixture whose vectors mean nothing', () => {
      assert.equal(embedder.isFixture, true);
    });

    it('returns L2-normalised passage and query vectors', async () => {
      const [passage] = await embedder.embedPassages(['The minister said the talks would resume.']);
      const query = await embedder.embedQuery('when do the talks resume?');
      assert.ok(passage, `passage: ${observed(passage)}`);
      assert.ok(Math.abs(norm(passage) - 1) < 1e-5, `passage norm ${norm(passage)}`);
      assert.ok(Math.abs(norm(query) - 1) < 1e-5, `query norm ${norm(query)}`);
      assert.equal(passage.length, 32);
      assert.equal(query.length, 32);
    });

    it('gives the same vectors in batches as one by one, across batch boundaries', async () => {
      const batched = await embedder.embedPassages(TEXTS); // batchSize 2: batches of 2, 2, 1
      assert.equal(batched.length, TEXTS.length);
      for (const [i, text] of TEXTS.entries()) {
        const [single] = await embedder.embedPassages([text]);
        assert.ok(single && batched[i], `single: ${observed(single)}; batched[i]: ${observed(batched[i])}`);
        assert.ok(maxAbsDiff(single, batched[i]) < 1e-5, `text ${i} differs by ${maxAbsDiff(single, batched[i])}`);
      }
    });

    it('embeds the same text differently as a query and as a passage', async () => {
      const text = 'the talks resume on monday';
      const query = await embedder.embedQuery(text);
      const [passage] = await embedder.embedPassages([text]);
      assert.ok(passage, `passage: ${observed(passage)}`);
      assert.ok(maxAbsDiff(query, passage) > 1e-3, 'the "query: " and "passage: " prefixes made no difference');
    });

    it('reports progress after each batch, ending at the total', async () => {
      const calls: Array<[number, number]> = [];
      await embedder.embedPassages(TEXTS, (done, total) => calls.push([done, total]));
      assert.deepEqual(calls, [[2, 5], [4, 5], [5, 5]]);
    });

    it('returns no vectors and reports no progress for no passages', async () => {
      const calls: Array<[number, number]> = [];
      assert.deepEqual(await embedder.embedPassages([], (done, total) => calls.push([done, total])), []);
      assert.deepEqual(calls, []);
    });

    it('embeds Arabic text, with and without diacritics, into distinct finite unit vectors', async () => {
      const [plain, other, voweled] = await embedder.embedPassages([
        'قال الوزير إن المحادثات ستستأنف',
        'أعلنت الحكومة عن خطة جديدة',
        'قَالَ الوَزِيرُ',
      ]);
      for (const v of [plain, other, voweled]) {
        assert.ok(v, `v: ${observed(v)}`);
        assert.ok(v.every(Number.isFinite), `v: ${observed(v)}`);
        assert.ok(Math.abs(norm(v) - 1) < 1e-5, `Math.abs(norm(v) - 1): ${observed(Math.abs(norm(v) - 1))}`);
      }
      assert.ok(maxAbsDiff(plain!, other!) > 1e-3, `maxAbsDiff(plain!, other!): ${observed(maxAbsDiff(plain!, other!))}`);
    });

    it('refuses to embed after dispose()', async () => {
      const second = expectLoaded(
        await loadEmbedder({ modelId: tiny.modelId, modelDir: tiny.modelDir, cacheDir: join(scratch, 'cache') }),
      );
      await second.dispose();
      await assert.rejects(second.embedQuery('x'), /Embedder: tiny-bert-fixture was used after dispose\(\)/);
    });
  });

  describe('GIVEN a MODEL_DIR that does not exist', () => {
    it('returns ok:false with a reason naming the folder', async () => {
      const missing = join(scratch, 'no-such-model');
      const failure = expectFailure(await loadEmbedder({ modelDir: missing, cacheDir: join(scratch, 'cache') }));
      assert.equal(failure.reason, `model folder ${missing} does not exist`);
      assert.match(failure.fix, /MODEL_DIR/);
    });
  });

  describe('GIVEN a MODEL_DIR without the ONNX file', () => {
    it('returns ok:false naming the missing file', async () => {
      const dir = join(scratch, 'no-onnx', 'tiny');
      await cp(tiny.modelDir, dir, { recursive: true });
      await rm(join(dir, 'onnx'), { recursive: true });
      const failure = expectFailure(await loadEmbedder({ modelDir: dir, cacheDir: join(scratch, 'cache') }));
      assert.equal(failure.reason, `model folder ${dir} is missing onnx/model_quantized.onnx`);
    });
  });

  describe('GIVEN a MODEL_DIR whose model.onnx is corrupt', () => {
    it('returns ok:false with the runtime\'s reason instead of throwing', async () => {
      const dir = join(scratch, 'corrupt', 'tiny');
      await cp(tiny.modelDir, dir, { recursive: true });
      await writeFile(join(dir, 'onnx', 'model.onnx'), 'this is not an onnx file');
      const failure = expectFailure(
        await loadEmbedder({ modelDir: dir, cacheDir: join(scratch, 'cache'), quantized: false }),
      );
      assert.match(failure.reason, new RegExp(`^could not load the model in ${dir}: `));
      assert.match(failure.reason, /protobuf parsing failed/i);
      assert.match(failure.fix, /copy the model files/);
    });
  });

  describe('GIVEN the default model, not cached, and downloading disabled', () => {
    it('returns ok:false at once with a reason and a fix', async () => {
      const cacheDir = join(scratch, 'empty-cache');
      const started = Date.now();
      const failure = expectFailure(await loadEmbedder({ cacheDir, allowDownload: false }));
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      assert.equal(
        failure.reason,
        `Xenova/multilingual-e5-small is not in the model cache ${cacheDir} and downloading is disabled`,
      );
      assert.equal(failure.fix, 'npm run model -- fetch, or set MODEL_DIR to a model folder');
    });
  });

  describe('GIVEN the default model, not cached, downloading allowed, and no reachable hub', () => {
    it('returns ok:false quickly, saying the download failed', async () => {
      // Point the hub at a closed local port: deterministic "offline", whatever this machine's network.
      const cacheDir = join(scratch, 'offline-cache');
      const started = Date.now();
      const failure = expectFailure(await loadEmbedder({ cacheDir, allowDownload: true, hubUrl: 'http://127.0.0.1:9' }));
      assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
      assert.match(failure.reason, /^could not download Xenova\/multilingual-e5-small: fetch failed/);
      assert.match(failure.fix, /npm run model -- fetch/);
      assert.match(failure.fix, /MODEL_DIR/);
    });
  });
});

/**
 * Downloading a model from a hub, against a real HTTP server on loopback that serves the tiny
 * fixture model the way huggingface.co does (`/<id>/resolve/main/<file>`): the files land in the
 * model cache with progress, a second start reads the cache only, and a refused or broken
 * download leaves nothing that looks like a model.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadEmbedder } from '../../src/embed/embedder.ts';
import { ensureTinyModel, type TinyModel } from '../support/tiny-model.ts';

const FIXTURE_ROOT = fileURLToPath(new URL('../../.cache/test-models', import.meta.url));
const MODEL_ID = 'test-org/tiny-model';

describe('loadEmbedder downloading from a hub', { timeout: 120_000 }, () => {
  let tiny: TinyModel;
  let scratch: string;
  let server: Server;
  let hubUrl: string;
  const requests: Array<{ url: string; authorization?: string }> = [];
  /** How the server answers the ONNX file: whole, or cut off halfway. */
  let onnxMode: 'whole' | 'cut' = 'whole';

  before(async () => {
    tiny = await ensureTinyModel(FIXTURE_ROOT);
    scratch = await mkdtemp(join(tmpdir(), 'hub-download-'));
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
      const prefix = `/${MODEL_ID}/resolve/main/`;
      if (!request.url?.startsWith(prefix)) {
        response.writeHead(404).end('Repository not found');
        return;
      }
      const file = join(tiny.modelDir, request.url.slice(prefix.length));
      void readFile(file).then(
        (bytes) => {
          response.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
          if (onnxMode === 'cut' && file.endsWith('.onnx')) {
            response.write(bytes.subarray(0, bytes.length >> 1), () => response.destroy());
          } else {
            response.end(bytes);
          }
        },
        () => response.writeHead(404).end('Entry not found'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN an empty cache THEN downloads the four files into it, with progress, and embeds', async () => {
    const cacheDir = join(scratch, 'cache');
    const progress: Array<{ file: string; loaded: number; total: number }> = [];
    process.env.HF_TOKEN = 'hf_test_token';
    try {
      const loaded = await loadEmbedder({ modelId: MODEL_ID, cacheDir, hubUrl, onDownloadProgress: (p) => progress.push(p) });
      if (!loaded.ok) assert.fail(`${loaded.reason} (${loaded.fix})`);
      assert.equal((await loaded.embedder.embedQuery('hello')).length, 32);
      await loaded.embedder.dispose();
    } finally {
      delete process.env.HF_TOKEN;
    }
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      assert.deepEqual(await readFile(join(cacheDir, MODEL_ID, file)), await readFile(join(tiny.modelDir, file)), `${file} as served`);
    }
    const last = progress.filter((p) => p.file === 'onnx/model_quantized.onnx').at(-1);
    assert.ok(last && last.loaded === last.total && last.total > 0, `progress of the ONNX file: ${JSON.stringify(last)}`);
    assert.ok(requests.every((r) => r.authorization === 'Bearer hf_test_token'), 'HF_TOKEN is sent');
  });

  it('GIVEN the files in the cache THEN a second start asks the hub nothing', async () => {
    const before = requests.length;
    const loaded = await loadEmbedder({ modelId: MODEL_ID, cacheDir: join(scratch, 'cache'), hubUrl });
    if (!loaded.ok) assert.fail(loaded.reason);
    await loaded.embedder.dispose();
    assert.equal(requests.length, before);
  });

  it('GIVEN a model the hub does not have THEN fails with the hub\'s answer and the two remedies', async () => {
    const loaded = await loadEmbedder({ modelId: 'nobody/nothing', cacheDir: join(scratch, 'cache-404'), hubUrl });
    assert.equal(loaded.ok, false);
    if (loaded.ok) return;
    assert.equal(loaded.reason, 'could not download nobody/nothing: the hub has no config.json for a model named nobody/nothing (HTTP 404)');
    assert.equal(loaded.fix, 'npm run model -- fetch, or set MODEL_DIR to a model folder');
  });

  it('GIVEN a download cut off halfway THEN fails, and leaves no file, whole or partial, under that name', async () => {
    onnxMode = 'cut';
    const cacheDir = join(scratch, 'cache-cut');
    try {
      const loaded = await loadEmbedder({ modelId: MODEL_ID, cacheDir, hubUrl });
      assert.equal(loaded.ok, false, 'a cut download must not load');
      if (!loaded.ok) assert.match(loaded.reason, /^could not download test-org\/tiny-model: /);
    } finally {
      onnxMode = 'whole';
    }
    const onnxDir = join(cacheDir, MODEL_ID, 'onnx');
    assert.deepEqual(existsSync(onnxDir) ? await readdir(onnxDir) : [], [], 'nothing left in onnx/');
  });
});

/**
 * The worker side of worker-embedder.ts, run as a child process: loads the model with
 * loadEmbedder and embeds what the parent sends, one batch per message, so tokenisation and
 * inference (which onnxruntime-node runs synchronously) never block the parent's event loop.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { defaultEmbedderOptions, loadEmbedder, type Embedder, type EmbedderOptions } from './embedder.ts';
import { EMBED_WORKER_DATA_ENV, type EmbedWorkerData, type EmbedWorkerReply, type EmbedWorkerRequest } from './worker-protocol.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('embed-worker: must be started by worker-embedder.ts (it needs an IPC channel)');
const post = (reply: EmbedWorkerReply) => send(reply);
// An orphan has nobody to answer: when the parent goes, so does the worker.
process.on('disconnect', () => process.exit(0));

const { options, reportDownloadProgress, threads } = JSON.parse(process.env[EMBED_WORKER_DATA_ENV] ?? 'null') as EmbedWorkerData;
useThreads(modelFileOf(options), threads);

let embedder: Embedder | undefined;
try {
  const result = await loadEmbedder({
    ...options,
    onDownloadProgress: reportDownloadProgress ? (p) => post({ type: 'download', ...p }) : undefined,
  });
  if (result.ok) {
    embedder = result.embedder;
    post({ type: 'loaded', ok: true, modelId: embedder.modelId, dimension: embedder.dimension, isFixture: embedder.isFixture, derivedFrom: embedder.derivedFrom });
  } else {
    post({ type: 'loaded', ok: false, reason: result.reason, fix: result.fix });
  }
} catch (error) {
  post({ type: 'load-error', message: error instanceof Error ? error.message : String(error) });
}

if (embedder) {
  const loaded = embedder;
  process.on('message', (request: EmbedWorkerRequest) => {
    if (request.type === 'dispose') {
      void loaded.dispose().finally(() => post({ type: 'disposed' }));
      return;
    }
    void embed(loaded, request);
  });
}
// Without a model there is nothing more to do: the parent ends this process.

async function embed(model: Embedder, request: Extract<EmbedWorkerRequest, { type: 'embed' }>): Promise<void> {
  try {
    const vectors = request.kind === 'query'
      ? await Promise.all(request.texts.map((text) => model.embedQuery(text)))
      : await model.embedPassages(request.texts);
    // One typed array for the whole batch: cheap to serialise and to split on the other side.
    const data = new Float32Array(vectors.length * model.dimension);
    vectors.forEach((vector, i) => data.set(vector, i * model.dimension));
    post({ type: 'vectors', id: request.id, count: vectors.length, data });
  } catch (error) {
    post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}

/** The ONNX file loadEmbedder will read for these options. */
function modelFileOf(opts: EmbedWorkerData['options']): string {
  const onnxFile = `onnx/model${(opts.quantized ?? defaultEmbedderOptions.quantized) ? '_quantized' : ''}.onnx`;
  const folder = opts.modelDir !== undefined
    ? resolve(opts.modelDir)
    : join(resolve(opts.cacheDir), opts.modelId ?? defaultEmbedderOptions.modelId);
  return join(folder, onnxFile);
}

type CreateSession = (...args: unknown[]) => Promise<unknown>;

/**
 * onnxruntime-node 1.14, the one @xenova/transformers 2.x runs on, ignores the options of a session
 * created from a buffer (its binding parses them from the byte-offset argument), and transformers.js
 * always creates sessions from buffers: models run with onnxruntime's default thread count, one
 * thread on the 2-core machines measured. So when the bytes handed to InferenceSession.create are
 * the model file, the session is created from the file's path instead, where the options are read,
 * with `threads` intra-op threads. Only this process's copy of the module is patched.
 */
function useThreads(modelFile: string, threads: number): void {
  const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'));
  const { InferenceSession } = fromTransformers('onnxruntime-node') as { InferenceSession: { create: CreateSession } };
  const create: CreateSession = InferenceSession.create.bind(InferenceSession);
  InferenceSession.create = (source: unknown, options?: unknown, ...rest: unknown[]) => {
    if (source instanceof Uint8Array && rest.length === 0 && sizeOf(modelFile) === source.byteLength) {
      // transformers.js lists ['cpu', 'wasm']; once the options are read, onnxruntime-node rejects 'wasm'.
      return create(modelFile, { ...(options as object | undefined), executionProviders: ['cpu'], intraOpNumThreads: threads });
    }
    return create(source, options, ...rest);
  };
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/**
 * The worker side of worker-embedder.ts: loads the model with loadEmbedder and embeds what the
 * main thread sends, one batch per message, so tokenisation and inference (which onnxruntime-node
 * runs synchronously) never block the main thread's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEmbedder, type Embedder, type EmbedderOptions } from './embedder.ts';

/** What the main thread passes at start-up. */
export interface EmbedWorkerData {
  options: Partial<Omit<EmbedderOptions, 'onDownloadProgress'>> & Pick<EmbedderOptions, 'cacheDir'>;
  /** Forward download progress as messages (functions cannot cross threads). */
  reportDownloadProgress: boolean;
}

export type EmbedWorkerRequest =
  | { type: 'embed'; id: number; kind: 'passage' | 'query'; texts: string[] }
  | { type: 'dispose' };

export type EmbedWorkerReply =
  | { type: 'download'; file: string; loaded: number; total: number }
  | { type: 'loaded'; ok: true; modelId: string; dimension: number; isFixture: boolean }
  | { type: 'loaded'; ok: false; reason: string; fix: string }
  /** loadEmbedder threw: a bug or bad options, not an environment problem. */
  | { type: 'load-error'; message: string }
  /** `count` vectors of the model's dimension, back to back. */
  | { type: 'vectors'; id: number; count: number; data: Float32Array }
  | { type: 'error'; id: number; message: string }
  | { type: 'disposed' };

const port = parentPort;
if (!port) throw new Error('embed-worker: must be started as a worker thread (see worker-embedder.ts)');

const post = (reply: EmbedWorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
const { options, reportDownloadProgress } = workerData as EmbedWorkerData;

let embedder: Embedder | undefined;
try {
  const result = await loadEmbedder({
    ...options,
    onDownloadProgress: reportDownloadProgress ? (p) => post({ type: 'download', ...p }) : undefined,
  });
  if (result.ok) {
    embedder = result.embedder;
    post({ type: 'loaded', ok: true, modelId: embedder.modelId, dimension: embedder.dimension, isFixture: embedder.isFixture });
  } else {
    post({ type: 'loaded', ok: false, reason: result.reason, fix: result.fix });
  }
} catch (error) {
  post({ type: 'load-error', message: error instanceof Error ? error.message : String(error) });
}

if (embedder) {
  const loaded = embedder;
  port.on('message', (request: EmbedWorkerRequest) => {
    if (request.type === 'dispose') {
      void loaded.dispose().finally(() => post({ type: 'disposed' }));
      return;
    }
    void embed(loaded, request);
  });
}

async function embed(model: Embedder, request: Extract<EmbedWorkerRequest, { type: 'embed' }>): Promise<void> {
  try {
    const vectors = request.kind === 'query'
      ? await Promise.all(request.texts.map((text) => model.embedQuery(text)))
      : await model.embedPassages(request.texts);
    // One buffer for the whole batch, moved (not copied) to the main thread.
    const data = new Float32Array(vectors.length * model.dimension);
    vectors.forEach((vector, i) => data.set(vector, i * model.dimension));
    post({ type: 'vectors', id: request.id, count: vectors.length, data }, [data.buffer]);
  } catch (error) {
    post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}

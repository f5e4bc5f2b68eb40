/**
 * The worker side of worker-embedder.ts, run as a child process: loads the model with
 * loadEmbedder and embeds what the parent sends, one batch per message, so tokenisation and
 * inference (which onnxruntime-node runs synchronously) never block the parent's event loop.
 */
import { setPriority } from 'node:os';
import { loadEmbedder, type Embedder } from './embedder.ts';
import { EMBED_WORKER_DATA_ENV, EMBED_WORKER_NICENESS, type EmbedWorkerData, type EmbedWorkerReply, type EmbedWorkerRequest } from './worker-protocol.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('embed-worker: must be started by worker-embedder.ts (it needs an IPC channel)');
const post = (reply: EmbedWorkerReply) => send(reply);
// An orphan has nobody to answer: when the parent goes, so does the worker.
process.on('disconnect', () => process.exit(0));

const { options, reportDownloadProgress, threads } = JSON.parse(process.env[EMBED_WORKER_DATA_ENV] ?? 'null') as EmbedWorkerData;
// Below the bot's own priority, before onnxruntime starts its threads (they inherit it): when
// both want the cores, the process answering Discord gets one first and the embedding waits.
try {
  setPriority(EMBED_WORKER_NICENESS);
} catch {
  // Not allowed here (some containers): the worker runs at the parent's priority.
}

let embedder: Embedder | undefined;
try {
  const result = await loadEmbedder({
    ...options,
    threads,
    onDownloadProgress: reportDownloadProgress ? (p) => post({ type: 'download', ...p }) : undefined,
  });
  if (result.ok) {
    embedder = result.embedder;
    post({
      type: 'loaded', ok: true, modelId: embedder.modelId, dimension: embedder.dimension, isFixture: embedder.isFixture,
      derivedFrom: embedder.derivedFrom, advice: result.advice,
    });
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

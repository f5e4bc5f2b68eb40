/**
 * The worker side of worker-translator.ts, run as a child process: loads the model (marian.ts) and
 * translates what the parent sends, one batch of sentences per message.
 */
import { loadMarian, type Marian } from './marian.ts';
import { TRANSLATION_WORKER_DATA_ENV, type TranslationReply, type TranslationRequest, type TranslationWorkerData } from './translation-protocol.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('translation-worker: must be started by worker-translator.ts (it needs an IPC channel)');
const post = (reply: TranslationReply) => send(reply);
// An orphan has nobody to answer: when the parent goes, so does the worker.
process.on('disconnect', () => process.exit(0));

const options = JSON.parse(process.env[TRANSLATION_WORKER_DATA_ENV] ?? 'null') as TranslationWorkerData;
let model: Marian | undefined;
try {
  model = await loadMarian(options);
  post({ type: 'loaded', ok: true });
} catch (error) {
  post({ type: 'loaded', ok: false, reason: error instanceof Error ? error.message : String(error) });
}

if (model) {
  const loaded = model;
  // One batch at a time: a second request waits for the first, as onnxruntime would make it.
  let queue: Promise<void> = Promise.resolve();
  process.on('message', (request: TranslationRequest) => {
    if (request.type === 'dispose') {
      queue = queue.then(() => loaded.dispose()).finally(() => post({ type: 'disposed' }));
      return;
    }
    queue = queue.then(async () => {
      try {
        post({ type: 'translations', id: request.id, texts: await loaded.translate(request.sentences) });
      } catch (error) {
        post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

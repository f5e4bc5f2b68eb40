/**
 * The same Embedder, run in a worker thread. onnxruntime-node runs a model synchronously on the
 * calling thread (a batch of 16 passages takes a few hundred ms on a small CPU) and loading the
 * model blocks for seconds, so in-process embedding stalls the event loop: Discord heartbeats and
 * replies wait. Here the main thread only sends text and receives vectors.
 *
 * Passages go to the worker one batch per message, so a query asked during a long reindex is
 * answered after the current batch, not after the whole reindex. While nothing is pending the
 * worker does not keep the process alive; dispose() ends it.
 */
import { Worker } from 'node:worker_threads';
import { defaultEmbedderOptions, type Embedder, type EmbedderLoadResult, type EmbedderOptions } from './embedder.ts';
import type { EmbedWorkerData, EmbedWorkerReply, EmbedWorkerRequest } from './embed-worker.ts';

export type WorkerEmbedderOptions = Partial<EmbedderOptions> & Pick<EmbedderOptions, 'cacheDir'>;

/** For tests: a different worker script (e.g. one that crashes on purpose). */
export interface WorkerEmbedderInternals {
  workerUrl?: URL;
}

/** How long dispose() lets the worker release the model before it is terminated. */
const DISPOSE_GRACE_MS = 5_000;

/**
 * Starts a worker that loads the model (see loadEmbedder for the options and the failure values)
 * and returns an Embedder that talks to it. A worker that cannot start is a failure value too.
 */
export async function loadWorkerEmbedder(
  options: WorkerEmbedderOptions,
  internals: WorkerEmbedderInternals = {},
): Promise<EmbedderLoadResult> {
  const { onDownloadProgress, ...rest } = options;
  const batchSize = rest.batchSize ?? defaultEmbedderOptions.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    // Same check and message as loadEmbedder: a bug in the caller's configuration.
    throw new RangeError(`Embedder: batchSize must be a positive integer, got ${batchSize}`);
  }

  const data: EmbedWorkerData = { options: rest, reportDownloadProgress: onDownloadProgress !== undefined };
  let worker: Worker;
  try {
    worker = spawnWorker(internals.workerUrl, data);
  } catch (error) {
    return { ok: false, reason: `could not start the embedding worker: ${messageOf(error)}`, fix: 'reinstall the dependencies (npm ci)' };
  }

  const outcome = await firstReply(worker, onDownloadProgress);
  if (outcome.kind === 'loaded') return { ok: true, embedder: new WorkerEmbedder(worker, outcome.info, batchSize) };
  await worker.terminate();
  switch (outcome.kind) {
    case 'failed':
      return { ok: false, reason: outcome.reason, fix: outcome.fix };
    case 'ended':
      return { ok: false, reason: outcome.reason, fix: 'run the same options with loadEmbedder in-process to see the error' };
    case 'threw':
      throw new Error(outcome.message);
  }
}

type ModelInfo = { modelId: string; dimension: number; isFixture: boolean };

type LoadOutcome =
  | { kind: 'loaded'; info: ModelInfo }
  | { kind: 'failed'; reason: string; fix: string }
  /** loadEmbedder threw in the worker. */
  | { kind: 'threw'; message: string }
  /** The worker died before answering. */
  | { kind: 'ended'; reason: string };

/** Waits for the worker's answer to loading, forwarding download progress meanwhile. */
function firstReply(worker: Worker, onDownloadProgress: EmbedderOptions['onDownloadProgress']): Promise<LoadOutcome> {
  return new Promise((resolve) => {
    const onMessage = (reply: EmbedWorkerReply) => {
      if (reply.type === 'download') onDownloadProgress?.({ file: reply.file, loaded: reply.loaded, total: reply.total });
      else if (reply.type === 'load-error') done({ kind: 'threw', message: reply.message });
      else if (reply.type === 'loaded' && reply.ok) done({ kind: 'loaded', info: reply });
      else if (reply.type === 'loaded') done({ kind: 'failed', reason: reply.reason, fix: reply.fix });
    };
    const onError = (error: Error) => done({ kind: 'ended', reason: `the embedding worker crashed while loading: ${error.message}` });
    const onExit = (code: number) => done({ kind: 'ended', reason: `the embedding worker exited while loading (exit code ${code})` });
    const done = (outcome: LoadOutcome) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resolve(outcome);
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/** The worker script next to this file: .ts under tsx (which the worker must load too), .js once compiled. */
function spawnWorker(workerUrl: URL | undefined, data: EmbedWorkerData): Worker {
  const isTypeScript = import.meta.url.endsWith('.ts');
  const url = workerUrl ?? new URL(isTypeScript ? './embed-worker.ts' : './embed-worker.js', import.meta.url);
  // The worker gets none of the parent's flags (which may include --test and the like).
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: data, execArgv: [] });
  // On Node 20 neither `execArgv: ['--import', 'tsx']` nor the parent's loader reach a worker's
  // entry module ("Unknown file extension .ts"); registering tsx from a small bootstrap does.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data, execArgv: [] });
}

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

class WorkerEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimension: number;
  readonly isFixture: boolean;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set once the worker is gone: every later call fails with it. */
  private gone: Error | undefined;
  private disposing: Promise<void> | undefined;

  constructor(
    private readonly worker: Worker,
    info: ModelInfo,
    private readonly batchSize: number,
  ) {
    this.modelId = info.modelId;
    this.dimension = info.dimension;
    this.isFixture = info.isFixture;
    worker.on('message', (reply: EmbedWorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.fail(new Error(`Embedder: the embedding worker for ${this.modelId} crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      this.fail(this.disposing
        ? new Error(`Embedder: ${this.modelId} was disposed while embedding`)
        : new Error(`Embedder: the embedding worker for ${this.modelId} exited unexpectedly (exit code ${code})`));
    });
    worker.unref(); // idle: let the process exit
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.request('passage', texts.slice(start, start + this.batchSize))));
      onProgress?.(vectors.length, texts.length);
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.request('query', [text]);
    if (!vector) throw new Error(`Embedder: ${this.modelId} returned no vector for the query`);
    return vector;
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      if (this.gone) return;
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      const released = new Promise<void>((resolve) => {
        this.worker.on('message', (reply: EmbedWorkerReply) => reply.type === 'disposed' && resolve());
      });
      this.send({ type: 'dispose' });
      this.worker.ref(); // until it is gone
      const grace = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_GRACE_MS).unref());
      await Promise.race([released, exited, grace]);
      await this.worker.terminate();
      await exited;
    })();
    return this.disposing;
  }

  private request(kind: 'passage' | 'query', texts: string[]): Promise<Float32Array[]> {
    if (this.disposing) return Promise.reject(new Error(`Embedder: ${this.modelId} was used after dispose()`));
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref(); // busy: the answer must be waited for
      this.send({ type: 'embed', id, kind, texts });
    });
  }

  private send(request: EmbedWorkerRequest): void {
    this.worker.postMessage(request);
  }

  private onReply(reply: EmbedWorkerReply): void {
    if (reply.type !== 'vectors' && reply.type !== 'error') return;
    const call = this.settle(reply.id);
    if (!call) return;
    if (reply.type === 'error') {
      call.reject(new Error(reply.message.startsWith('Embedder:') ? reply.message : `Embedder: ${reply.message}`));
      return;
    }
    const vectors: Float32Array[] = [];
    // slice, not subarray: each vector owns its memory, as with the in-process embedder.
    for (let i = 0; i < reply.count; i++) vectors.push(reply.data.slice(i * this.dimension, (i + 1) * this.dimension));
    call.resolve(vectors);
  }

  private settle(id: number): Pending | undefined {
    const call = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0 && !this.disposing) this.worker.unref();
    return call;
  }

  /** The worker is gone: every pending and later call fails with `error`. */
  private fail(error: Error): void {
    this.gone ??= error;
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

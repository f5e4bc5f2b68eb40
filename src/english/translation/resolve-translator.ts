/**
 * Which translation model the engine uses, from the configuration: `TRANSLATION_MODEL_DIR`, else
 * `TRANSLATION_MODEL_ID` in the model cache, else downloaded there from Hugging Face on first use
 * (when `ALLOW_MODEL_DOWNLOAD` and the hub answers). Without one the engine glosses, and says so
 * in one line of the log; it never waits long for a hub that cannot be reached.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsolaInstance } from 'consola';
import type { Config } from '../../config.ts';
import type { Translator } from './translator.ts';
import { loadWorkerTranslator } from './worker-translator.ts';

/** How long the hub may take to answer before the host counts as offline. */
const HUB_TIMEOUT_MS = 10_000;

type TranslationConfig = Pick<Config, 'TRANSLATION_MODEL_DIR' | 'TRANSLATION_MODEL_ID' | 'MODEL_CACHE_DIR' | 'ALLOW_MODEL_DOWNLOAD' | 'MODEL_QUANTIZED'>;

export async function resolveTranslator(config: TranslationConfig, logger: ConsolaInstance): Promise<Translator | null> {
  const glossing = 'quoted sentences get a word-by-word gloss instead';
  const modelDir = config.TRANSLATION_MODEL_DIR;
  const cached = join(config.MODEL_CACHE_DIR, config.TRANSLATION_MODEL_ID);
  if (modelDir !== undefined && !existsSync(join(modelDir, 'config.json'))) {
    logger.warn(`TRANSLATION_MODEL_DIR ${modelDir} holds no model (no config.json); ${glossing}.`);
    return null;
  }
  const local = modelDir !== undefined || existsSync(join(cached, 'config.json'));
  if (!local) {
    if (!config.ALLOW_MODEL_DOWNLOAD) {
      logger.info(`No translation model (${config.TRANSLATION_MODEL_ID} is not in ${config.MODEL_CACHE_DIR} and ALLOW_MODEL_DOWNLOAD is false); ${glossing}.`);
      return null;
    }
    const unreachable = await hubProblem(config.TRANSLATION_MODEL_ID);
    if (unreachable) {
      logger.info(`No translation model (${config.TRANSLATION_MODEL_ID} could not be downloaded: ${unreachable}); ${glossing}. Set TRANSLATION_MODEL_DIR to a copy of it for hosts without Hugging Face.`);
      return null;
    }
  }
  const loaded = await loadWorkerTranslator({
    modelId: config.TRANSLATION_MODEL_ID,
    ...(modelDir !== undefined ? { modelDir } : {}),
    cacheDir: config.MODEL_CACHE_DIR,
    allowDownload: config.ALLOW_MODEL_DOWNLOAD,
    quantized: config.MODEL_QUANTIZED,
  });
  if (!loaded.ok) {
    logger.warn(`The translation model ${modelDir ?? config.TRANSLATION_MODEL_ID} could not be loaded (${loaded.reason}); ${glossing}.`);
    return null;
  }
  logger.info(`Quoted sentences are machine-translated by ${modelDir ?? config.TRANSLATION_MODEL_ID}.`);
  return loaded.translator;
}

/** Why the model cannot be downloaded from the hub, or undefined when it answers. */
async function hubProblem(modelId: string): Promise<string | undefined> {
  const host = (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  const url = `${host}/${modelId}/resolve/main/config.json`;
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(HUB_TIMEOUT_MS) });
    if (response.status === 401 || response.status === 404) return `the hub has no model named ${modelId} (HTTP ${response.status})`;
    return response.ok ? undefined : `the hub answered HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer from ${new URL(host).host} within ${HUB_TIMEOUT_MS / 1000} s`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `${new URL(host).host} cannot be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`;
  }
}

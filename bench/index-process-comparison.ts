import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/config.ts';
import { alternatingRatio, type RatioSummary } from './alternating-ratio.ts';

const CLI = path.join(PROJECT_ROOT, 'src', 'cli.ts');
const MINISEARCH_MAIN = fileURLToPath(new URL('./minisearch-index-main.ts', import.meta.url));

export interface IndexProcessComparison {
  /** Wall-clock ms of `npm run index` (lexical-only) over MiniSearch's whole process: median and spread. */
  ratio: RatioSummary;
  oursMs: number;
  minisearchMs: number;
}

/**
 * `npm run index` lexical-only against a MiniSearch indexing script, each a whole Node process
 * (start-up, reading, indexing, writing), in alternating order, from an empty index folder each time.
 */
export async function compareIndexProcesses(corpusDir: string, workDir: string, rounds: number): Promise<IndexProcessComparison> {
  const indexDir = path.join(workDir, 'process-index');
  const noModels = path.join(workDir, 'no-models');
  await mkdir(noModels, { recursive: true });
  const env = { ...process.env, INDEX_DIR: indexDir, MODEL_CACHE_DIR: noModels, ALLOW_MODEL_DOWNLOAD: 'false', MODEL_DIR: '', LOG_LEVEL: 'error' };
  delete (env as Record<string, string | undefined>).MODEL_DIR;
  const ours = async () => {
    await rm(indexDir, { recursive: true, force: true });
    return timedProcess(['--import', 'tsx', CLI, 'index', '--corpus', corpusDir], env);
  };
  const minisearch = async () => timedProcess(['--import', 'tsx', MINISEARCH_MAIN, corpusDir, path.join(workDir, 'minisearch-index.json')], process.env);
  const ratio = await alternatingRatio(ours, minisearch, rounds);
  return { ratio, oursMs: ratio.aMedian, minisearchMs: ratio.bMedian };
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
      else reject(new Error(`bench: ${args.slice(2).join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

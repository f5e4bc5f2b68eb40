/**
 * A bot answering over the seeds, as a user runs it: package.json's start script (what `npm start`
 * runs, without npm's own process around it) with DISCORD_TOKEN and
 * DISCORD_API_BASE pointing at the local Discord emulator, the index built at start, the model
 * from the default folder (or none, for the lexical-only figure). It answers `questions` /ask
 * questions one after another; the RSS of the bot's process and of its embedding worker is
 * sampled every 50 ms, and each one's peak (VmHWM) read before it stops.
 *
 * `node --import tsx bench/bot-memory.ts [--questions 30] [--lexical]`, or `npm run bench -- --only bot`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.ts';
import { readEvalSet } from '../src/eval/eval-set.ts';
import { DiscordEmulator, type JsonObject } from '../test/support/discord-emulator/index.ts';
import { ALICE, addNewsroom } from '../test/support/newsroom.ts';
import { SEED_DEV_QUESTIONS as SEED_QUESTIONS } from '../src/eval/default-evaluations.ts';

export interface BotMemoryReport {
  /** Whether the bot answered with the model (hybrid) or without (lexical-only). */
  mode: 'hybrid' | 'lexical-only';
  questions: number;
  answered: number;
  /** Highest sum of the two processes' RSS over the samples. */
  peakCombinedRssMb: number;
  /** Each process's own peak (VmHWM). */
  mainPeakRssMb: number;
  workerPeakRssMb: number | null;
  /** Sum of the two peaks: an upper bound of the combined figure. */
  sumOfPeaksMb: number;
  answerMsMedian: number;
}

export async function measureBotMemory(options: { questions?: number; lexical?: boolean; log?: (line: string) => void } = {}): Promise<BotMemoryReport> {
  const log = options.log ?? (() => undefined);
  const all = (await readEvalSet(SEED_QUESTIONS)).map((q) => q.q);
  const count = options.questions ?? 30;
  const questions = Array.from({ length: count }, (_, i) => all[i % all.length]!);
  const tmp = await mkdtemp(path.join(tmpdir(), 'bot-memory-'));
  const emulator = await DiscordEmulator.start();
  addNewsroom(emulator);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DISCORD_TOKEN: emulator.token,
    DISCORD_CLIENT_ID: emulator.applicationId,
    DISCORD_API_BASE: emulator.apiBase,
    INDEX_DIR: path.join(tmp, 'embeddings'),
    LOG_LEVEL: 'info',
    ...(options.lexical ? { MODEL_DIR: '/nonexistent', ALLOW_MODEL_DOWNLOAD: 'false' } : { ALLOW_MODEL_DOWNLOAD: 'false' }),
  };
  // Exactly what `npm start` runs (package.json), without npm's own process around it.
  const [command, ...args] = startScript().split(/\s+/);
  if (command !== 'node') throw new Error(`bot-memory: expected the start script to run node, got ${command}`);
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const mainPid = child.pid!;
  let peakCombined = 0;
  let workerPid: number | undefined;
  const sampler = setInterval(() => {
    workerPid ??= childrenOf(mainPid, 'embed-worker')[0];
    const combined = rssMb(mainPid, 'VmRSS') + (workerPid ? rssMb(workerPid, 'VmRSS') : 0);
    peakCombined = Math.max(peakCombined, combined);
  }, 50);
  try {
    await emulator.waitForReady(180_000);
    log(`bot ready; asking ${questions.length} questions`);
    const times: number[] = [];
    let answered = 0;
    for (const question of questions) {
      const started = performance.now();
      const responses = await emulator.sendSlashCommand({ name: 'ask', options: { question }, user: ALICE }).settled({ timeoutMs: 60_000 });
      times.push(performance.now() - started);
      const final = responses.at(-1)?.data ?? {};
      if (((final.embeds as JsonObject[] | undefined) ?? []).length > 0 || final.content) answered += 1;
    }
    const hybrid = !/lexical-only|word matching only/.test(output);
    const worker = workerPid ? rssMb(workerPid, 'VmHWM') : null;
    const main = rssMb(mainPid, 'VmHWM');
    times.sort((a, b) => a - b);
    return {
      mode: hybrid ? 'hybrid' : 'lexical-only',
      questions: questions.length,
      answered,
      peakCombinedRssMb: peakCombined,
      mainPeakRssMb: main,
      workerPeakRssMb: worker,
      sumOfPeaksMb: main + (worker ?? 0),
      answerMsMedian: times[times.length >> 1] ?? Number.NaN,
    };
  } catch (error) {
    throw new Error(`bot-memory: ${error instanceof Error ? error.message : String(error)}\n--- bot output ---\n${output.slice(-3000)}`);
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await once(child, 'exit');
    await emulator.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

function startScript(): string {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.start!;
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // ended, or not Linux
  }
}

/** The children of `pid` whose command line contains `marker`. */
function childrenOf(pid: number, marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]) !== pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) found.push(Number(name));
    } catch {
      // ended while we looked
    }
  }
  return found;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { questions: { type: 'string', default: '30' }, lexical: { type: 'boolean', default: false } } });
  const report = await measureBotMemory({ questions: Number(values.questions), lexical: values.lexical, log: (line) => console.error(line) });
  console.log(JSON.stringify(report, null, 2));
}

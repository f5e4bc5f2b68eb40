/**
 * The bot under load, in a process of its own so its memory is measured without the emulator's
 * recordings: the real engine over seeds/ (lexical-only) and the real Bot, pointed at the
 * emulator started by bot-load.ts. Controlled over IPC:
 *   parent → { type: 'start', token, apiBase, rateLimit, serverRateLimit }
 *   child  → { type: 'ready' } | { type: 'failed', message }
 *   parent → { type: 'memory' }  child → { type: 'memory', usage, sessions }
 *   parent → { type: 'stop' }    child → { type: 'stopped', errors, warnings, firstErrors }
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { createConsola } from 'consola';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { Bot } from '../../src/bot/bot.ts';
import type { RateLimitOptions } from '../../src/bot/rate-limit.ts';

export type ToBot =
  | { type: 'start'; token: string; apiBase: string; rateLimit?: RateLimitOptions; serverRateLimit?: RateLimitOptions }
  | { type: 'memory' }
  | { type: 'stop' };

export type FromBot =
  | { type: 'ready'; lexicalOnly: boolean }
  | { type: 'failed'; message: string }
  | { type: 'memory'; usage: NodeJS.MemoryUsage; sessions: number; restHandlers: number }
  | { type: 'stopped'; errors: number; warnings: number; firstErrors: string[] };

const send = (message: FromBot): void => void process.send?.(message);

let bot: Bot | null = null;
let engine: Engine | null = null;
let scratch: string | null = null;
let errors = 0;
let warnings = 0;
const firstErrors: string[] = [];

const logger = createConsola({
  level: 3,
  reporters: [
    {
      log(entry) {
        if (entry.type === 'error' || entry.type === 'fatal') {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(entry.args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 4 }))).join(' ').slice(0, 2000));
        }
        if (entry.type === 'warn') warnings += 1;
        if (entry.level <= 1) process.stderr.write(`[bot ${entry.type}] ${entry.args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}\n`);
      },
    },
  ],
});

async function start(message: Extract<ToBot, { type: 'start' }>): Promise<void> {
  scratch = await mkdtemp(path.join(tmpdir(), 'bot-load-'));
  const result = loadConfig({ INDEX_DIR: path.join(scratch, 'embeddings'), MODEL_DIR: '/nonexistent', LOG_LEVEL: 'error', CORPUS_DIR: path.join(PROJECT_ROOT, 'seeds'), DICTIONARY_PATH: fixtureDictionaryPath() });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  engine = await Engine.open({ config: result.config, embedder: null, logger });
  bot = new Bot({
    config: result.config,
    engine,
    logger,
    settings: { token: message.token, apiBase: message.apiBase },
    ...(message.rateLimit ? { rateLimit: message.rateLimit } : {}),
    ...(message.serverRateLimit ? { serverRateLimit: message.serverRateLimit } : {}),
    briefingStateFile: path.join(scratch, 'briefing.json'),
  });
  await bot.start();
  send({ type: 'ready', lexicalOnly: !engine.dense });
}

async function stop(): Promise<void> {
  await bot?.stop();
  await engine?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  // Disconnecting once the message is out lets the process end by itself.
  process.send?.({ type: 'stopped', errors, warnings, firstErrors } satisfies FromBot, () => process.disconnect?.());
}

process.on('message', (message: ToBot) => {
  if (message.type === 'start') {
    start(message).catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      void stop();
    });
  } else if (message.type === 'memory') {
    // Two collections: what survives them is what the bot really holds.
    globalThis.gc?.();
    globalThis.gc?.();
    send({ type: 'memory', usage: process.memoryUsage(), sessions: bot?.context.sessions.size ?? 0, restHandlers: bot?.client.rest.handlers.size ?? 0 });
  } else if (message.type === 'stop') {
    void stop();
  }
});

// The parent went away: stop too, rather than linger.
process.on('disconnect', () => {
  if (bot) void bot.stop().finally(() => process.exit(0));
});

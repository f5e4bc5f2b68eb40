/**
 * Load test: the Discord emulator and the real bot (in a child process, engine over seeds/,
 * lexical-only), then `--users` concurrent users send `--questions` questions between them:
 * /ask with the English and Arabic questions of test/fixtures/seed-qa-dev.json, and every
 * `--mention-every`-th one as a mention instead. Each user waits for an answer before asking
 * again (as a person does).
 *
 *   node --import tsx test/load/bot-load.ts [--questions 1000] [--users 20] [--json]
 *                                            [--paced] [--mention-every 10] [--max-minutes 30]
 *
 * Rate limits: by default they are raised through the Bot options (rateLimit / serverRateLimit)
 * so the run measures the bot, not the limiter; `--paced` keeps the defaults (6 a minute per
 * user, 60 per server) and paces each user to stay under them, with at most 10 users per server.
 *
 * Checks: no error (every question answered, nothing refused by the API, no error logged by the
 * bot); every /ask deferred within 3 s (the emulator also refuses a later first response, as
 * Discord does) and answered within 15 minutes; memory flat after warm-up (RSS and heapUsed after
 * garbage collection, after the first 100 questions vs at the end). Stops by itself: after the
 * questions, or after --max-minutes. Exit code 0 when every check passes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deployCommands } from '../../src/bot/deploy.ts';
import { Replies } from '../../src/bot/replies.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { DiscordEmulator, type JsonObject } from '../support/discord-emulator/index.ts';
import type { FromBot, ToBot } from './bot-process.ts';
import { answerTo } from '../bot/harness.ts';

const DEFER_LIMIT_MS = 3000;
const ANSWER_LIMIT_MS = 15 * 60_000;
const WARM_UP = 100;
/** Memory may grow this much between warm-up and the end (the 500 kept answers of the page sessions fill up meanwhile). */
const HEAP_GROWTH_LIMIT_MB = 25;
const RSS_GROWTH_LIMIT_MB = 60;
/** Once the bot keeps its most answers for page buttons (PageSessions' default), its heap should stop growing. */
const SESSION_CAP = 500;
const PLATEAU_GROWTH_LIMIT_MB = 5;
const DEFAULT_LIMITS = { user: 6, server: 60, windowMs: 60_000 };

const { values: args } = parseArgs({
  options: {
    questions: { type: 'string', default: '1000' },
    users: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    paced: { type: 'boolean', default: false },
    'mention-every': { type: 'string', default: '10' },
    'max-minutes': { type: 'string', default: '30' },
  },
});
const TOTAL = positive(args.questions, 'questions');
const USERS = positive(args.users, 'users');
const MENTION_EVERY = Number(args['mention-every']);
const MAX_MS = Number(args['max-minutes']) * 60_000;
const PACED = args.paced;

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${value}`);
  return n;
}

const log = (line: string): void => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

interface Stat {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The bot process, with request/response over IPC. */
class BotProcess {
  private readonly waiting = new Map<FromBot['type'], ((message: FromBot) => void)[]>();
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: FromBot) => {
      const resolve = this.waiting.get(message.type)?.shift();
      resolve?.(message);
      if (message.type === 'failed') for (const list of this.waiting.values()) for (const r of list.splice(0)) r(message);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  request<T extends FromBot['type']>(message: ToBot, answer: T, timeoutMs = 60_000): Promise<Extract<FromBot, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bot process did not answer ${message.type} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(answer) ?? [];
      list.push((reply) => {
        clearTimeout(timer);
        if (reply.type === 'failed') reject(new Error(`the bot process failed: ${reply.message}`));
        else resolve(reply as Extract<FromBot, { type: T }>);
      });
      this.waiting.set(answer, list);
      this.child.send(message);
    });
  }
}

interface Outcome {
  kind: 'ask' | 'mention';
  deferMs?: number;
  answerMs?: number;
  passages: boolean;
  error?: string;
}

async function main(): Promise<number> {
  const started = Date.now();
  const evalSet = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-qa-dev.json'), 'utf8')) as { questions: { q: string; lang: string }[] };
  const questions = evalSet.questions.map((q) => q.q);

  const emulator = await DiscordEmulator.start({ interactionDeadlineMs: DEFER_LIMIT_MS });
  const guildCount = PACED ? Math.ceil(USERS / (DEFAULT_LIMITS.server / DEFAULT_LIMITS.user)) : 1;
  const guilds = Array.from({ length: guildCount }, (_, g) => ({ id: `3100000000000${String(g).padStart(5, '0')}`, channelId: `3200000000000${String(g).padStart(5, '0')}` }));
  for (const [g, guild] of guilds.entries()) emulator.addGuild({ id: guild.id, name: `Load ${g}`, channels: [{ id: guild.channelId, name: 'general', type: 0 }] });
  const users = Array.from({ length: USERS }, (_, u) => ({ id: `2100000000000${String(u).padStart(5, '0')}`, username: `user${u}`, global_name: `User ${u}` }));
  for (const user of users) emulator.addUser(user);

  const limits = PACED
    ? { rateLimit: undefined, serverRateLimit: undefined, note: `defaults (${DEFAULT_LIMITS.user} a minute per user, ${DEFAULT_LIMITS.server} per server); users paced, ${guildCount} server(s)` }
    : { rateLimit: { limit: 1_000_000 }, serverRateLimit: { limit: 1_000_000 }, note: 'raised to 1,000,000 a minute per user and per server through the Bot options (rateLimit, serverRateLimit), so the run measures the bot, not the limiter' };

  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = fork(path.join(here, 'bot-process.ts'), [], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: PROJECT_ROOT });
  const bot = new BotProcess(child);
  const outcomes: Outcome[] = [];
  const memory: { afterQuestions: number; rss: number; heapUsed: number; sessions: number; restHandlers: number }[] = [];
  let deadlineHit = false;
  const deadline = setTimeout(() => {
    deadlineHit = true;
  }, MAX_MS);
  let result: number;
  try {
    const ready = await bot.request({ type: 'start', token: emulator.token, apiBase: emulator.apiBase, ...(limits.rateLimit ? { rateLimit: limits.rateLimit, serverRateLimit: limits.serverRateLimit } : {}) }, 'ready', 120_000);
    await emulator.waitForReady(10_000);
    for (const guild of guilds) await deployCommands({ token: emulator.token, clientId: emulator.applicationId, guildId: guild.id, apiBase: emulator.apiBase });
    log(`bot ready (${ready.lexicalOnly ? 'lexical-only' : 'hybrid'}); ${TOTAL} questions from ${USERS} users; rate limits ${limits.note}`);

    let sampling = Promise.resolve();
    const sample = (afterQuestions: number): Promise<void> => {
      sampling = sampling.then(async () => {
        const reply = await bot.request({ type: 'memory' }, 'memory');
        memory.push({ afterQuestions, rss: reply.usage.rss, heapUsed: reply.usage.heapUsed, sessions: reply.sessions, restHandlers: reply.restHandlers });
      });
      return sampling;
    };
    await sample(0);

    let next = 0;
    let done = 0;
    const intervalMs = PACED ? DEFAULT_LIMITS.windowMs / DEFAULT_LIMITS.user + 500 : 0;

    const askOne = async (i: number, u: number): Promise<Outcome> => {
      const user = users[u]!;
      const guild = guilds[u % guilds.length]!;
      const question = questions[i % questions.length]!;
      const isMention = MENTION_EVERY > 0 && i % MENTION_EVERY === MENTION_EVERY - 1;
      const t0 = Date.now();
      if (isMention) {
        const sent = await emulator.sendMessage({ content: `<@${emulator.botUserId}> ${question}`, author: user, guildId: guild.id, channelId: guild.channelId });
        const reply = await answerTo(emulator, sent, ANSWER_LIMIT_MS);
        const outcome: Outcome = { kind: 'mention', answerMs: Date.now() - t0, passages: reply.embeds.length > 0 };
        if (reply.content.startsWith(Replies.error) || /asking faster than/.test(reply.content)) outcome.error = `mention ${i}: ${reply.content}`;
        return outcome;
      }
      const handle = emulator.sendSlashCommand({ name: 'ask', options: { question }, user, guildId: guild.id, channelId: guild.channelId });
      const callback = await handle.waitFor((r) => r.kind === 'callback', DEFER_LIMIT_MS + 2000).catch(() => undefined);
      if (!callback) return { kind: 'ask', passages: false, error: `ask ${i}: no first response within ${DEFER_LIMIT_MS} ms (${handle.errors.map((e) => `${e.status} ${JSON.stringify(e.body)}`).join(', ') || 'nothing'})` };
      const outcome: Outcome = { kind: 'ask', deferMs: callback.at - t0, passages: false };
      if (callback.callbackType !== 5) {
        outcome.error = `ask ${i}: answered without deferring: ${String(callback.data?.content).slice(0, 200)}`;
        return outcome;
      }
      const final = await handle.waitFor((r) => r.kind !== 'callback', ANSWER_LIMIT_MS);
      outcome.answerMs = final.at - t0;
      const data = final.data ?? {};
      outcome.passages = ((data.embeds as JsonObject[] | undefined) ?? []).length > 0;
      if (String(data.content ?? '').startsWith(Replies.error)) outcome.error = `ask ${i}: ${String(data.content)}`;
      else if (!outcome.passages && !data.content) outcome.error = `ask ${i}: an empty answer`;
      if (handle.errors.length > 0) outcome.error = `ask ${i}: refused by the API: ${JSON.stringify(handle.errors)}`;
      return outcome;
    };

    const runUser = async (u: number): Promise<void> => {
      let last = 0;
      while (next < TOTAL && !deadlineHit) {
        const i = next++;
        const wait = last + intervalMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        last = Date.now();
        const outcome = await askOne(i, u).catch((error: unknown): Outcome => ({ kind: 'ask', passages: false, error: `question ${i}: ${error instanceof Error ? error.message : String(error)}` }));
        outcomes.push(outcome);
        done += 1;
        if (done % 100 === 0) {
          log(`${done}/${TOTAL} answered (${Math.round((Date.now() - started) / 1000)} s)`);
          void sample(done);
        }
      }
    };
    const runStarted = Date.now();
    await Promise.all(users.map((_, u) => runUser(u)));
    const runMs = Date.now() - runStarted;
    await sampling;
    await sample(done);
    await sampling;

    const stopped = await bot.request({ type: 'stop' }, 'stopped');
    await bot.exited;

    const failedCalls = emulator.failedCalls().map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.response).slice(0, 200)}`);
    const unhandled = emulator.unhandledCalls().map((c) => `${c.method} ${c.path}`);
    const questionErrors = outcomes.filter((o) => o.error).map((o) => o.error!);
    const asks = outcomes.filter((o) => o.kind === 'ask');
    const mentions = outcomes.filter((o) => o.kind === 'mention');
    const defer = stat(asks.flatMap((o) => (o.deferMs === undefined ? [] : [o.deferMs])));
    const answer = stat(asks.flatMap((o) => (o.answerMs === undefined ? [] : [o.answerMs])));
    const mentionReply = stat(mentions.flatMap((o) => (o.answerMs === undefined ? [] : [o.answerMs])));
    const warm = memory.find((m) => m.afterQuestions >= WARM_UP) ?? memory[0]!;
    const end = memory.at(-1)!;
    const start = memory[0]!;
    const full = memory.find((m) => m.sessions >= SESSION_CAP);
    const plateauGrowth = full && end.afterQuestions - full.afterQuestions >= 200 ? mb(end.heapUsed - full.heapUsed) : null;
    const errors = questionErrors.length + failedCalls.length + unhandled.length + stopped.errors;
    const checks = {
      allAnswered: outcomes.length === TOTAL && !deadlineHit,
      noErrors: errors === 0,
      deferWithin3s: defer.count === asks.length && defer.max <= DEFER_LIMIT_MS,
      answerWithin15min: answer.count === asks.length && answer.max <= ANSWER_LIMIT_MS && mentionReply.max <= ANSWER_LIMIT_MS,
      heapFlat: mb(end.heapUsed - warm.heapUsed) <= HEAP_GROWTH_LIMIT_MB,
      rssFlat: mb(end.rss - warm.rss) <= RSS_GROWTH_LIMIT_MB,
      heapFlatOnceSessionsFull: plateauGrowth === null || plateauGrowth <= PLATEAU_GROWTH_LIMIT_MB,
    };
    const summary = {
      ok: Object.values(checks).every(Boolean),
      checks,
      questions: outcomes.length,
      users: USERS,
      servers: guildCount,
      slashAsks: asks.length,
      mentions: mentions.length,
      withPassages: outcomes.filter((o) => o.passages).length,
      rateLimits: limits.note,
      errors,
      errorSamples: [...questionErrors, ...failedCalls, ...unhandled, ...stopped.firstErrors].slice(0, 10),
      botLogged: { errors: stopped.errors, warnings: stopped.warnings },
      deferMs: defer,
      answerMs: answer,
      mentionReplyMs: mentionReply,
      throughputPerS: Math.round((outcomes.length / (runMs / 1000)) * 10) / 10,
      durationS: Math.round((Date.now() - started) / 100) / 10,
      memoryMB: {
        rss: { start: mb(start.rss), afterWarmUp: mb(warm.rss), end: mb(end.rss) },
        heapUsed: { start: mb(start.heapUsed), afterWarmUp: mb(warm.heapUsed), end: mb(end.heapUsed) },
        limits: { heapGrowth: HEAP_GROWTH_LIMIT_MB, rssGrowth: RSS_GROWTH_LIMIT_MB, heapGrowthOnceSessionsFull: PLATEAU_GROWTH_LIMIT_MB },
        heapGrowthOnceSessionsFull: full ? { fromQuestion: full.afterQuestions, mb: plateauGrowth } : null,
        samples: memory.map((m) => ({ after: m.afterQuestions, rss: mb(m.rss), heapUsed: mb(m.heapUsed), sessions: m.sessions, restHandlers: m.restHandlers })),
      },
    };
    if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const ms = (s: Stat): string => `p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms (${s.count})`;
      console.log(`${summary.ok ? 'PASS' : 'FAIL'}: ${summary.questions} questions (${asks.length} /ask, ${mentions.length} mentions) from ${USERS} users in ${summary.durationS} s, ${summary.throughputPerS}/s`);
      console.log(`rate limits: ${limits.note}`);
      console.log(`errors: ${errors}${errors ? `: ${summary.errorSamples.join(' | ')}` : ''}`);
      console.log(`time to defer:  ${ms(defer)} (limit ${DEFER_LIMIT_MS} ms)`);
      console.log(`time to answer: ${ms(answer)}; mention replies ${ms(mentionReply)}`);
      console.log(`RSS MB:      start ${summary.memoryMB.rss.start}, after ${WARM_UP} ${summary.memoryMB.rss.afterWarmUp}, end ${summary.memoryMB.rss.end} (growth limit ${RSS_GROWTH_LIMIT_MB})`);
      console.log(`heapUsed MB: start ${summary.memoryMB.heapUsed.start}, after ${WARM_UP} ${summary.memoryMB.heapUsed.afterWarmUp}, end ${summary.memoryMB.heapUsed.end} (growth limit ${HEAP_GROWTH_LIMIT_MB})`);
      if (full && plateauGrowth !== null) console.log(`heapUsed once ${SESSION_CAP} answers are kept for buttons (from question ${full.afterQuestions}): ${plateauGrowth >= 0 ? '+' : ''}${plateauGrowth} MB (limit ${PLATEAU_GROWTH_LIMIT_MB})`);
      console.log(`checks: ${Object.entries(checks).map(([k, v]) => `${k} ${v ? 'ok' : 'FAILED'}`).join(', ')}`);
    }
    result = summary.ok ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    if (child.exitCode === null && child.connected) child.send({ type: 'stop' } satisfies ToBot);
    const exited = await Promise.race([bot.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref())]);
    if (!exited) child.kill('SIGKILL');
    await emulator.stop();
  }
  return result;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

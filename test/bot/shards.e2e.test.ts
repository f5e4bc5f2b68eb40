/**
 * `npm start` with BOT_SHARDS=2 as a user runs it: a ShardingManager and two shard processes,
 * each connected to the emulator as its own gateway shard, both answering from one index in
 * PostgreSQL. A /reindex in the server of shard 0 is seen by shard 1 without a restart.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import { DiscordEmulator, shardOfGuild, type InteractionResponseRecord, type JsonObject } from '../support/discord-emulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { finished, outputMatch, startCli, type CliProcess } from './cli-process.ts';
import { ALICE, MANAGE_GUILD } from './harness.ts';

// (guild_id >> 22) % 2 puts the first server on shard 0 and the second on shard 1.
const SERVER_0 = { id: '300000000000000001', channel: '300000000000000002' };
const SERVER_1 = { id: '310000000000000001', channel: '310000000000000002' };
const NEW_FILE = 'harbour-closure.txt';
// A made-up article: none of the seed files mentions the harbour or its director.
const NEW_ARTICLE = [
  'إغلاق ميناء كوتكا',
  '',
  'أعلنت مديرة ميناء كوتكا، إلينا فارتيانن، إغلاق الميناء أمام سفن الشحن ثلاثة أيام بسبب العاصفة الثلجية.',
  'وقالت فارتيانن إن الرافعات ستعود إلى العمل فور تحسن الطقس.',
  '',
].join('\n');
const NEW_QUESTION = 'لماذا أغلقت فارتيانن ميناء كوتكا؟';

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
after(async () => {
  if ('drop' in database) await database.drop();
});

function answerEmbeds(responses: InteractionResponseRecord[]): JsonObject[] {
  return (responses.at(-1)?.data?.embeds as JsonObject[] | undefined) ?? [];
}

describe('npm start with BOT_SHARDS=2 and DATABASE_URL', { skip, timeout: 180_000 }, () => {
  let emulator: DiscordEmulator;
  let tmp: string;
  let corpus: string;
  let run: CliProcess;

  before(async () => {
    assert.equal(shardOfGuild(SERVER_0.id, 2), 0, 'the first server is on shard 0');
    assert.equal(shardOfGuild(SERVER_1.id, 2), 1, 'the second server is on shard 1');
    tmp = await mkdtemp(path.join(tmpdir(), 'bot-shards-'));
    corpus = path.join(tmp, 'corpus');
    await cp(path.join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    emulator = await DiscordEmulator.start({ shards: 2 });
    emulator.addGuild({ id: SERVER_0.id, name: 'Newsroom', channels: [{ id: SERVER_0.channel, name: 'general', type: 0 }] });
    emulator.addGuild({ id: SERVER_1.id, name: 'Desk', channels: [{ id: SERVER_1.channel, name: 'general', type: 0 }] });
    emulator.addUser(ALICE);
    run = startCli(['start'], {
      DISCORD_TOKEN: emulator.token,
      DISCORD_API_BASE: emulator.apiBase,
      DATABASE_URL: 'url' in database ? database.url : '',
      CORPUS_DIR: corpus,
      INDEX_DIR: path.join(tmp, 'embeddings'),
      BOT_SHARDS: 'auto',
      // The Newsroom is the home server: its managers re-read the shared corpus (CORPUS_DIR) from Discord.
      DISCORD_GUILD_ID: SERVER_0.id,
    });
    // Both shards connected: the second starts 5.5 s after the first is ready (Discord's identify pace).
    await emulator.waitForReady(120_000).catch((error: Error) => {
      throw new Error(`${error.message}; output:\n${run.output()}`);
    });
  });

  after(async () => {
    if (run && run.child.exitCode === null) {
      // A test failed before the graceful stop: end the manager and the shard processes it started.
      run.child.kill('SIGKILL');
      for (const [, pid] of run.output().matchAll(/process (\d+) started/g)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    await emulator?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs as many shards as /gateway/bot recommends, each holding only its own server', async () => {
    assert.deepEqual(
      emulator.gateway.shards.map((s) => ({ shard: s.shard, guilds: s.guildIds })),
      [
        { shard: [0, 2], guilds: [SERVER_0.id] },
        { shard: [1, 2], guilds: [SERVER_1.id] },
      ],
    );
    // Each shard logs in under its own name, and sees one server.
    await outputMatch(run, /\[shard 0\/2\].*Logged in to Discord as EmulatedBot .* in 1 server/, 10_000);
    await outputMatch(run, /\[shard 1\/2\].*Logged in to Discord as EmulatedBot .* in 1 server/, 10_000);
    const output = run.output();
    assert.match(output, /Indexed \d+ passages from 5 files/, 'the index was built once, before the shards');
    assert.equal(output.match(/Indexed \d+ passages/g)?.length, 1, `only the manager built the index:\n${output}`);
    for (const shard of [0, 1]) assert.match(output, new RegExp(`\\[shard ${shard}/2\\].*Index is up to date: 5 files`), `shard ${shard} found the index ready`);
  });

  it('answers /ask in the servers of both shards', async () => {
    for (const server of [SERVER_0, SERVER_1]) {
      const responses = await emulator.sendSlashCommand({ name: 'ask', guildId: server.id, options: { question: 'What did Ushakov say?' }, user: ALICE }).settled({ timeoutMs: 30_000 });
      const embeds = answerEmbeds(responses);
      assert.ok(embeds.some((e) => String(e.description).includes('أوشاكوف')), `the answer in server ${server.id} quotes Ushakov: ${JSON.stringify(responses.at(-1)?.data)}`);
    }
  });

  it('GIVEN a new article and /reindex in the server of shard 0 THEN /ask in the server of shard 1 finds it without a restart', async () => {
    await writeFile(path.join(corpus, NEW_FILE), NEW_ARTICLE);
    const ask = () => emulator.sendSlashCommand({ name: 'ask', guildId: SERVER_1.id, options: { question: NEW_QUESTION }, user: ALICE }).settled({ timeoutMs: 30_000 });
    const citesNewFile = (embeds: JsonObject[]) => embeds.some((e) => String(e.title).includes(NEW_FILE));

    const beforeReindex = answerEmbeds(await ask());
    assert.ok(!citesNewFile(beforeReindex), 'before the reindex shard 1 does not know the new article');

    const reindex = await emulator.sendSlashCommand({ name: 'reindex', guildId: SERVER_0.id, user: ALICE, memberPermissions: MANAGE_GUILD }).settled({ timeoutMs: 60_000 });
    assert.match(String(reindex.at(-1)?.data?.content), /1 added/, `shard 0 reindexed: ${JSON.stringify(reindex.at(-1)?.data)}`);
    assert.match(run.output(), /\[shard 0\/2\].*Reindex by alice/);

    // /sources reads the index without asking a question: it too must show the new one.
    const sources = await emulator.sendSlashCommand({ name: 'sources', guildId: SERVER_1.id, user: ALICE }).settled({ timeoutMs: 30_000 });
    assert.match(String(sources.at(-1)?.data?.content), /\*\*6 article\(s\)\*\*/, `shard 1 lists six articles: ${JSON.stringify(sources.at(-1)?.data)}`);

    const afterReindex = answerEmbeds(await ask());
    assert.ok(citesNewFile(afterReindex), `shard 1 answers from the new index: ${JSON.stringify(afterReindex.map((e) => e.title))}`);
    assert.ok(afterReindex.some((e) => String(e.description).includes('فارتيانن')), 'the new passage is quoted');
    assert.match(run.output(), /\[shard 1\/2\].*Loaded the index saved by another process/);
  });

  it('GIVEN a shard process dies THEN the manager says so, starts it again, and it answers', async () => {
    const [, pid] = await outputMatch(run, /Shard 1\/2: process (\d+) started/, 1000);
    const identifies = emulator.gateway.stats.identifies;
    process.kill(Number(pid), 'SIGKILL');
    await outputMatch(run, new RegExp(`Shard 1/2: process ${pid} was ended by SIGKILL; starting it again`), 10_000);
    const deadline = Date.now() + 90_000;
    while (!(emulator.gateway.stats.identifies > identifies && emulator.gateway.live) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(emulator.gateway.stats.identifies > identifies && emulator.gateway.live, `shard 1 identified again:\n${run.output()}`);
    const responses = await emulator.sendSlashCommand({ name: 'ask', guildId: SERVER_1.id, options: { question: NEW_QUESTION }, user: ALICE }).settled({ timeoutMs: 30_000 });
    assert.ok(answerEmbeds(responses).some((e) => String(e.title).includes(NEW_FILE)), 'the restarted shard answers from the shared index');
  });

  it('GIVEN SIGTERM THEN every shard stops gracefully and the manager exits 0', async () => {
    run.child.kill('SIGTERM');
    assert.equal(await finished(run, 60_000), 0, run.output());
    const output = run.output();
    assert.match(output, /SIGTERM: stopping the shards/);
    assert.match(output, /\[shard 1\/2\].*SIGTERM \(from the shard manager\): shutting down/, 'asked to stop over IPC, so running answers finish');
    assert.match(output, /\[shard 0\/2\].*Stopped\./);
    assert.match(output, /\[shard 1\/2\].*Stopped\./);
    assert.match(output, /Shard 0\/2 stopped \(exited with code 0\)/);
    assert.match(output, /Shard 1\/2 stopped \(exited with code 0\)/);
  });
});

describe('npm start with BOT_SHARDS=2 when a shard cannot start', { skip, timeout: 60_000 }, () => {
  it('GIVEN shard 0 cannot log in THEN the manager stops every shard and exits 1, and the shard says why', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'bot-shards-fail-'));
    try {
      const run = startCli(['start'], {
        DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB',
        // Nothing listens there: the shard's login fails at once.
        DISCORD_API_BASE: 'http://127.0.0.1:9/api',
        DATABASE_URL: 'url' in database ? database.url : '',
        INDEX_DIR: path.join(tmp, 'embeddings'),
        BOT_SHARDS: '2',
      });
      assert.equal(await finished(run, 45_000), 1, run.output());
      const output = run.output();
      assert.match(output, /\[shard 0\/2\] Error: DISCORD_API_BASE: could not log in through http:\/\/127\.0\.0\.1:9\/api/);
      assert.match(output, /Error: A shard could not start .*every shard was stopped/);
      assert.doesNotMatch(output, /Shard 1\/2: process/, 'shard 1 was never started');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('npm start with BOT_SHARDS=auto when Discord recommends one shard', { skip, timeout: 60_000 }, () => {
  it('runs the bot in the one process, as without BOT_SHARDS', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'bot-shards-one-'));
    const emulator = await DiscordEmulator.start();
    emulator.addGuild({ id: SERVER_1.id, name: 'Desk', channels: [{ id: SERVER_1.channel, name: 'general', type: 0 }] });
    const run = startCli(['start'], {
      DISCORD_TOKEN: emulator.token,
      DISCORD_API_BASE: emulator.apiBase,
      DATABASE_URL: 'url' in database ? database.url : '',
      INDEX_DIR: path.join(tmp, 'embeddings'),
      BOT_SHARDS: 'auto',
    });
    try {
      await emulator.waitForReady(45_000);
      await outputMatch(run, /Logged in to Discord as EmulatedBot/, 10_000);
      assert.deepEqual(emulator.gateway.identifies.map((identify) => identify.shard ?? [0, 1]), [[0, 1]], 'one gateway session, shard [0, 1]');
      assert.match(run.output(), /BOT_SHARDS=auto: Discord recommends one shard, so the bot runs in this process\./);
      assert.doesNotMatch(run.output(), /Starting \d+ shards|\[shard /, 'no shard manager');
    } finally {
      run.child.kill('SIGTERM');
      await finished(run, 20_000).finally(() => emulator.stop());
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('npm start with BOT_SHARDS but no DATABASE_URL', { timeout: 60_000 }, () => {
  it('GIVEN BOT_SHARDS=2 without DATABASE_URL THEN exits 1 saying why and what to set', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'bot-shards-nodb-'));
    try {
      const run = startCli(['start'], { DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB', BOT_SHARDS: '2', INDEX_DIR: path.join(tmp, 'embeddings') });
      assert.equal(await finished(run, 30_000), 1, run.output());
      assert.match(run.output(), /BOT_SHARDS: 2 runs several shard processes, which need DATABASE_URL/);
      assert.match(run.output(), /Set DATABASE_URL \(`npm run db -- start` prints one\), or set BOT_SHARDS=1\./);
      assert.doesNotMatch(run.output(), /Indexed|Shard 0/, 'nothing was indexed or started');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('GIVEN BOT_SHARDS that is not a number or auto THEN exits 1 naming it', async () => {
    const run = startCli(['start'], { DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB', BOT_SHARDS: 'two' });
    assert.equal(await finished(run, 30_000), 1, run.output());
    assert.match(run.output(), /BOT_SHARDS: expected auto or a number of shards from 1 to 9999 \(got "two"\)/);
  });
});

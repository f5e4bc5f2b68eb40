/**
 * `npm start` and `npm run deploy-commands` as a user runs them: the CLI in a child process,
 * configured only through the environment, with DISCORD_API_BASE pointing at the emulator.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiscordEmulator, type JsonObject } from '../support/discord-emulator/index.ts';
import { addNewsroom, ALICE, BOB, CHANNEL_ID, GUILD_ID } from '../support/newsroom.ts';
import { finished, startCli as cli } from './cli-process.ts';
import { answerTo, messageBodies } from './harness.ts';

describe('npm start with DISCORD_TOKEN and DISCORD_API_BASE', { timeout: 90_000 }, () => {
  let emulator: DiscordEmulator;
  let tmp: string;
  let env: Record<string, string>;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'bot-start-'));
    emulator = await DiscordEmulator.start();
    addNewsroom(emulator);
    env = { DISCORD_TOKEN: emulator.token, DISCORD_CLIENT_ID: emulator.applicationId, DISCORD_API_BASE: emulator.apiBase, INDEX_DIR: path.join(tmp, 'embeddings') };
  });
  after(async () => {
    await emulator?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('deploy-commands registers the commands to DISCORD_GUILD_ID', async () => {
    const run = cli(['deploy-commands'], { ...env, DISCORD_GUILD_ID: GUILD_ID });
    assert.equal(await finished(run, 30_000), 0, run.output());
    assert.match(run.output(), /Registered 10 commands to server 300000000000000001 \(available now\): \/ask, \/quote, \/sources, \/briefing, \/add, \/feeds, \/reindex, \/settings, \/feedback, \/help\./);
    assert.deepEqual(emulator.registeredCommands(GUILD_ID).map((c) => c.name), ['ask', 'quote', 'sources', 'briefing', 'add', 'feeds', 'reindex', 'settings', 'feedback', 'help']);
  });

  it('deploy-commands without DISCORD_GUILD_ID registers globally', async () => {
    const run = cli(['deploy-commands'], env);
    assert.equal(await finished(run, 30_000), 0, run.output());
    assert.match(run.output(), /Registered 10 commands globally/);
  });

  it('logs in, answers /ask and a mention, then shuts down cleanly on SIGTERM', async () => {
    const run = cli(['start'], env);
    try {
      await emulator.waitForReady(60_000);
      const responses = await emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', public: true }, user: ALICE }).settled({ timeoutMs: 10_000 });
      assert.equal(responses[0]?.callbackType, 5);
      const embeds = responses.at(-1)!.data!.embeds as JsonObject[];
      assert.ok(embeds.some((e) => String(e.description).includes('أوشاكوف')), 'expected embeds.some((e) => String(e.description).includes(\'أوشاكوف\'))');
      assert.ok(embeds.every((e) => /\.txt · lines? \d+/.test(String(e.title))), 'expected embeds.every((e) => /\\.txt · lines? \\d+/.test(String(e.title)))');

      const sent = await emulator.sendMessage({ content: `<@${emulator.botUserId}> ماذا قال أوشاكوف؟ @everyone`, author: BOB, channelId: CHANNEL_ID });
      const reply = await answerTo(emulator, sent);
      assert.ok(reply.embeds.some((e) => String(e.description).includes('أوشاكوف')), 'expected reply.embeds.some((e) => String(e.description).includes(\'أوشاكوف\'))');
      for (const { body } of messageBodies(emulator)) assert.deepEqual((body.allowed_mentions as JsonObject).parse, []);
    } finally {
      run.child.kill('SIGTERM');
    }
    assert.equal(await finished(run, 15_000), 0, run.output());
    const output = run.output();
    assert.match(output, /Logged in to Discord as EmulatedBot/);
    assert.match(output, /lexical-only/);
    assert.match(output, /SIGTERM: shutting down/);
    assert.match(output, /Stopped\./);
  });

  it('GIVEN a malformed token THEN exits 1 naming DISCORD_TOKEN', async () => {
    const run = cli(['start'], { ...env, DISCORD_TOKEN: 'oops' });
    assert.equal(await finished(run, 30_000), 1);
    assert.match(run.output(), /DISCORD_TOKEN: does not look like a bot token/);
  });

  it('GIVEN BRIEFING_CRON without BRIEFING_CHANNEL_ID THEN exits 1 naming BRIEFING_CHANNEL_ID', async () => {
    const run = cli(['start'], { ...env, BRIEFING_CRON: '0 8 * * *' });
    assert.equal(await finished(run, 30_000), 1);
    assert.match(run.output(), /BRIEFING_CHANNEL_ID: not set, but BRIEFING_CRON is/);
  });

  it('GIVEN deploy-commands without DISCORD_CLIENT_ID THEN exits 1 naming it', async () => {
    const run = cli(['deploy-commands'], { ...env, DISCORD_CLIENT_ID: '' });
    assert.equal(await finished(run, 30_000), 1);
    assert.match(run.output(), /DISCORD_CLIENT_ID: not set/);
  });
});

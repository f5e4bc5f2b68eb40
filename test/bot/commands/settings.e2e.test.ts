/**
 * /settings through the Discord emulator with the real discord.js client: refused to members
 * without Manage Server (as the interaction carries their permissions), an #ask channel answered
 * without mentions, per-server answer language and scheduled briefings, each server apart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deployCommands } from '../../../src/bot/deploy.ts';
import { DEFAULT_EVERYONE_PERMISSIONS, isEphemeral } from '../../support/discord-emulator/index.ts';
import { ALICE, answerTo, BOB, BRIEFING_CHANNEL_ID, CHANNEL_ID, type E2eEngine, GUILD_ID, type Harness, MANAGE_GUILD, openE2eEngine, startHarness, lastContent } from '../harness.ts';

const ASK_CHANNEL = '300000000000000010';
const OTHER_GUILD = '300000000000000601';
const OTHER_CHANNEL = '300000000000000602';

let shared: E2eEngine;

before(async () => {
  shared = await openE2eEngine('settings-');
});

after(async () => shared?.close());

describe('/settings', { timeout: 120_000 }, () => {
  let h: Harness;
  const settings = (subcommand: string, options: Record<string, string> = {}, extra: { user?: typeof ALICE; memberPermissions?: string; guildId?: string; channelId?: string } = {}) =>
    h.emulator.sendSlashCommand({ name: 'settings', subcommand, options, user: extra.user ?? ALICE, memberPermissions: extra.memberPermissions ?? MANAGE_GUILD, ...(extra.guildId ? { guildId: extra.guildId, channelId: extra.channelId } : {}) });

  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
    h.emulator.addGuild({ id: OTHER_GUILD, name: 'Elsewhere', channels: [{ id: OTHER_CHANNEL, name: 'general' }] });
  });
  after(async () => h?.close());

  it('GIVEN a member without Manage Server THEN every change is refused with a message, whatever the client shows', async () => {
    // An administrator may have let everyone see the command: the member's own permissions decide.
    for (const subcommand of ['show', 'ask-channel', 'language']) {
      const refused = await settings(subcommand, subcommand === 'ask-channel' ? { channel: ASK_CHANNEL } : subcommand === 'language' ? { value: 'en' } : {}, { user: BOB, memberPermissions: DEFAULT_EVERYONE_PERMISSIONS });
      assert.equal(refused.length, 1, subcommand);
      assert.equal(isEphemeral(refused[0]!.data), true, 'privately');
      assert.equal(lastContent(refused), 'Only members with the **Manage Server** permission can change the bot’s settings.', subcommand);
    }
    assert.deepEqual(await h.bot.context.team.settings(GUILD_ID), { askChannels: [] }, 'nothing changed');
  });

  it('GIVEN Manage Server THEN show lists the settings and what applies by default', async () => {
    const shown = lastContent(await settings('show'));
    assert.match(shown, /^\*\*This server’s settings\*\*\n• #ask channels: none/);
    assert.match(shown, /• Ask a colleague: not set/);
    assert.match(shown, /• Mentions are answered in a thread started from the question/);
  });
});

describe('an #ask channel', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
  });
  after(async () => h?.close());

  it('GIVEN /settings ask-channel THEN every message there is answered in a thread, without a mention', async () => {
    h.emulator.addGuild({ id: '300000000000000701', name: 'Ask guild', channels: [{ id: '300000000000000702', name: 'general' }, { id: '300000000000000703', name: 'ask' }] });
    const guildId = '300000000000000701';
    await deployCommands({ token: h.emulator.token, clientId: h.emulator.applicationId, guildId, apiBase: h.emulator.apiBase });
    const added = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'ask-channel', options: { channel: '300000000000000703' }, user: ALICE, memberPermissions: MANAGE_GUILD, guildId, channelId: '300000000000000702' });
    assert.match(lastContent(added), /^Every message in <#300000000000000703> is now a question: I answer each in a thread of its own, no mention needed\./);
    assert.doesNotMatch(lastContent(added), /⚠️/, 'the bot can post there and read messages');
    const asked = await h.emulator.sendMessage({ content: 'ماذا قال أوشاكوف؟', author: BOB, guildId, channelId: '300000000000000703' });
    const reply = await answerTo(h.emulator, asked);
    assert.equal(reply.channelId, asked.message.id, 'in a thread started from the question');
    assert.match(reply.content, /^\*\*Q:\*\* ماذا قال أوشاكوف؟/);
    const record = (await h.bot.context.team.feedback(guildId)).length;
    assert.equal(record, 0, 'kept, not yet rated');
  });

  it('GIVEN messages from a bot there, or messages without a mention elsewhere THEN left alone; mentions elsewhere still answered', async () => {
    const guildId = '300000000000000701';
    const fromBot = await h.emulator.sendMessage({ content: 'what did Putin say?', author: { id: '200000000000000098', username: 'webhooky', bot: true }, guildId, channelId: '300000000000000703' });
    assert.deepEqual(await h.settled(fromBot.message.id as string), { handled: 'ignored', why: 'written by a bot, by the system, or outside a server' });
    const elsewhere = await h.emulator.sendMessage({ content: 'what did Putin say?', author: BOB, guildId, channelId: '300000000000000702' });
    assert.deepEqual(await h.settled(elsewhere.message.id as string), { handled: 'ignored', why: 'not addressed to the bot' });
    const mention = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> what did Putin say?`, author: BOB, guildId, channelId: '300000000000000702' });
    assert.match((await answerTo(h.emulator, mention)).content, /quoting Vladimir Putin/);
    const emptyish = await h.emulator.sendMessage({ content: '👍', author: BOB, guildId, channelId: '300000000000000703' });
    assert.deepEqual(await h.settled(emptyish.message.id as string), { handled: 'ignored', why: 'no words to search for' });
  });

  it('GIVEN the channel removed THEN its messages are left alone again; another server’s channels were never affected', async () => {
    const guildId = '300000000000000701';
    await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'ask-channel', options: { channel: '300000000000000703', action: 'remove' }, user: ALICE, memberPermissions: MANAGE_GUILD, guildId, channelId: '300000000000000702' });
    const after = await h.emulator.sendMessage({ content: 'what did Putin say?', author: BOB, guildId, channelId: '300000000000000703' });
    assert.equal((await h.settled(after.message.id as string)).handled, 'ignored');
    assert.deepEqual((await h.bot.context.team.settings(GUILD_ID)).askChannels, []);
    const inNewsroom = await h.emulator.sendMessage({ content: 'what did Putin say?', author: BOB, channelId: CHANNEL_ID });
    assert.equal((await h.settled(inNewsroom.message.id as string)).handled, 'ignored');
  });
});

describe('per-server answer language and briefings', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
  });
  after(async () => h?.close());

  it('GIVEN /settings language en THEN answers to Arabic questions open in English, in this server only', async () => {
    const arabic = async () => (await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'ماذا قال أوشاكوف؟' }, user: ALICE })).at(-1)!.data!;
    const english = (data: Record<string, unknown>) => ((data.components as { components: { label: string }[] }[])[0]?.components ?? []).some((b) => b.label === '🇬🇧 Hide English');
    assert.equal(english(await arabic()), false, 'by default an Arabic question opens on the Arabic');
    assert.match(lastContent(await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'language', options: { value: 'en' }, user: ALICE, memberPermissions: MANAGE_GUILD })), /^Answers now open with the English of the quotes/);
    assert.equal(english(await arabic()), true, 'now it opens on the English');
    await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'language', options: { value: 'auto' }, user: ALICE, memberPermissions: MANAGE_GUILD });
    assert.equal(english(await arabic()), false);
  });

  it('GIVEN /settings briefing THEN that server’s briefing is posted on its schedule in its channel; off stops it; a bad time is refused', async () => {
    const bad = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'briefing', options: { channel: BRIEFING_CHANNEL_ID, time: 'soon' }, user: ALICE, memberPermissions: MANAGE_GUILD });
    assert.match(lastContent(bad), /^“soon” is neither a time like 08:00 nor a cron pattern/);
    const set = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'briefing', options: { channel: BRIEFING_CHANNEL_ID, time: '* * * * * *', timezone: 'Asia/Dubai' }, user: ALICE, memberPermissions: MANAGE_GUILD });
    assert.match(lastContent(set), /^The briefing is posted in <#300000000000000003> on the cron pattern “\* \* \* \* \* \*” \(Asia\/Dubai\)\./);
    const posted = await h.emulator.waitForChannelMessage(BRIEFING_CHANNEL_ID, (m) => m.content.includes('Scheduled briefing'), 15_000);
    assert.deepEqual(posted.allowedMentions, { parse: [], replied_user: false });
    await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'briefing-off', user: ALICE, memberPermissions: MANAGE_GUILD });
    assert.equal(h.bot.briefings.nextRun(GUILD_ID), null, 'no schedule left');
    assert.equal((await h.bot.context.team.settings(GUILD_ID)).briefing, undefined);
  });
});

/**
 * Proves what the emulator added for a team's day against the real discord.js Client: threads
 * started by the bot and by members, messages in threads, reactions added and removed, typing,
 * string select menus (and Discord's limits on them), role options and role mentions limited by
 * allowed_mentions, the member's permissions as an interaction carries them, and privileged
 * intents the application has not enabled.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  type Interaction,
  type Message,
  type TextChannel,
  type ThreadChannel,
} from 'discord.js';
import { DEFAULT_EVERYONE_PERMISSIONS, DiscordEmulator, type JsonObject } from './discord-emulator/index.ts';
import { waitUntil } from './discord-emulator/records.ts';
import { withTimeout } from './with-timeout.ts';

const GUILD_ID = '300000000000000101';
const CHANNEL_ID = '300000000000000102';
const ESCALATIONS_ID = '300000000000000103';
const REVIEWERS = '300000000000000201';
const QUIET = '300000000000000202';
const USER = { id: '200000000000000042', username: 'alice', global_name: 'Alice' };
const OTHER_GUILD = '300000000000000301';

describe('DiscordEmulator: threads, reactions, selects, roles, permissions', { timeout: 30_000 }, () => {
  let emulator: DiscordEmulator;
  let client: Client;
  const messages: Message[] = [];
  const interactions: Interaction[] = [];
  const threadsSeen: ThreadChannel[] = [];
  /** Fired whenever the client receives one of the above. */
  const received = new Set<() => void>();
  const note = <T>(list: T[], item: T) => {
    list.push(item);
    for (const listener of [...received]) listener();
  };
  /** Resolves with what `check` finds among what the client received (checked again on each arrival). */
  const clientSaw = <T>(check: () => T | undefined, what: string) => waitUntil(received, check, 5000, () => `timed out waiting for ${what}`);

  before(async () => {
    emulator = await DiscordEmulator.start();
    emulator.addGuild({
      id: GUILD_ID,
      name: 'Newsroom',
      channels: [
        { id: CHANNEL_ID, name: 'general' },
        { id: ESCALATIONS_ID, name: 'escalations' },
      ],
      roles: [{ id: REVIEWERS, name: 'reviewers', mentionable: true }],
    });
    emulator.addRole(GUILD_ID, { id: QUIET, name: 'quiet' });
    emulator.addGuild({ id: OTHER_GUILD, name: 'Elsewhere', channels: [{ id: '300000000000000302', name: 'general' }] });
    emulator.addUser(USER);
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent], rest: { api: emulator.apiBase } });
    client.on(Events.MessageCreate, (message) => note(messages, message));
    client.on(Events.InteractionCreate, (interaction) => note(interactions, interaction));
    client.on(Events.ThreadCreate, (thread) => note(threadsSeen, thread));
    const ready = once(client, Events.ClientReady);
    await withTimeout(client.login(emulator.token), 5000, 'login');
    await withTimeout(ready, 5000, 'ready');
    await client.rest.put(`/applications/${emulator.applicationId}/guilds/${GUILD_ID}/commands`, {
      body: [new SlashCommandBuilder().setName('escalate').setDescription('Set escalation').addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)).toJSON()],
    });
  });

  after(async () => {
    await client?.destroy();
    await emulator?.stop();
  });

  const waitForMessage = (predicate: (m: Message) => boolean) => clientSaw(() => messages.find(predicate), 'a message reaching the client');

  it('GIVEN a thread the bot starts from a member’s message THEN it is the bot’s, and messages in it reach the bot without a mention', async () => {
    const sent = await emulator.sendMessage({ content: 'a question', author: USER, channelId: CHANNEL_ID });
    const question = await waitForMessage((m) => m.id === sent.message.id);
    const thread = await question.startThread({ name: 'a question' });
    assert.equal(thread.id, question.id, 'a thread from a message takes its id');
    assert.equal(thread.ownerId, client.user!.id);
    assert.equal((await emulator.waitForThread(CHANNEL_ID, (t) => t.id === thread.id)).owner_id, emulator.botUserId);
    const followUp = await emulator.sendMessage({ content: 'and about gas?', author: USER, channelId: thread.id });
    assert.equal(followUp.contentVisible, true, 'with the MessageContent intent');
    const received = await waitForMessage((m) => m.id === followUp.message.id);
    assert.equal(received.channel.isThread(), true);
    assert.equal(received.channelId, thread.id);
    assert.equal(received.content, 'and about gas?');
    await thread.send('an answer in the thread');
    assert.equal(emulator.channelMessages(thread.id).at(-1)?.content, 'an answer in the thread');
  });

  it('GIVEN a thread a member starts THEN THREAD_CREATE reaches the bot with the member as its owner', async () => {
    const sent = await emulator.sendMessage({ content: 'starter', author: USER, channelId: CHANNEL_ID });
    const created = emulator.createThread({ channelId: CHANNEL_ID, name: 'members talk', owner: USER, starterMessageId: sent.message.id as string });
    const seen = await clientSaw(() => threadsSeen.find((t) => t.id === created.id), 'THREAD_CREATE');
    assert.equal(seen.ownerId, USER.id);
    assert.equal(emulator.message(sent.message.id as string)?.thread?.id, created.id);
  });

  it('GIVEN the bot reacts and removes its reaction THEN both are recorded in order and the message ends with none; typing too', async () => {
    const sent = await emulator.sendMessage({ content: 'react to me', author: USER, channelId: CHANNEL_ID });
    const message = await waitForMessage((m) => m.id === sent.message.id);
    const reaction = await message.react('🔎');
    assert.deepEqual(emulator.message(message.id)?.reactions?.map((r: JsonObject) => [r.emoji.name, r.count, r.me]), [['🔎', 1, true]]);
    await reaction.users.remove(client.user!.id);
    await (message.channel as TextChannel).sendTyping();
    assert.deepEqual(
      emulator.reactionLog.filter((r) => r.messageId === message.id).map((r) => [r.emoji, r.added]),
      [
        ['🔎', true],
        ['🔎', false],
      ],
    );
    assert.deepEqual(emulator.message(message.id)?.reactions, []);
    assert.equal(emulator.typingLog.at(-1)?.channelId, CHANNEL_ID);
  });

  it('GIVEN string select menus THEN Discord’s limits are enforced, and a choice reaches the bot with its values', async () => {
    const channel = client.channels.cache.get(CHANNEL_ID) as TextChannel;
    const select = (options: number, id = 'reason') =>
      new StringSelectMenuBuilder()
        .setCustomId(id)
        .setPlaceholder('Why?')
        .addOptions(Array.from({ length: options }, (_, i) => ({ label: `Reason ${i}`, value: `r${i}` })));
    const button = new ButtonBuilder().setCustomId('b').setLabel('B').setStyle(ButtonStyle.Primary);
    await assert.rejects(channel.send({ components: [new ActionRowBuilder<StringSelectMenuBuilder | ButtonBuilder>().addComponents(select(2), button)] }), /maximum width/);
    await assert.rejects(channel.send({ components: [{ type: 1, components: [{ ...select(2).toJSON(), options: Array.from({ length: 26 }, (_, i) => ({ label: `${i}`, value: `${i}` })) }] }] }), /Invalid Form Body/);
    await assert.rejects(channel.send({ components: [{ type: 1, components: [{ ...select(2).toJSON(), max_values: 3 }] }] }), /Invalid Form Body/);
    const posted = await channel.send({ content: 'why?', components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select(4))] });
    emulator.sendComponent({ customId: 'reason', componentType: 3, values: ['r2'], messageId: posted.id, user: USER });
    const chosen = await clientSaw(() => interactions.find((i) => i.isStringSelectMenu() && i.message.id === posted.id), 'the select interaction');
    assert.ok(chosen.isStringSelectMenu(), 'a string select');
    assert.deepEqual(chosen.values, ['r2']);
  });

  it('GIVEN role mentions THEN only the roles allowed_mentions names ping, and a role that is not mentionable does not', async () => {
    const channel = client.channels.cache.get(ESCALATIONS_ID) as TextChannel;
    const content = `<@&${REVIEWERS}> <@&${QUIET}> <@${USER.id}> @everyone please look`;
    const limited = await channel.send({ content, allowedMentions: { roles: [REVIEWERS] } });
    assert.deepEqual([emulator.message(limited.id)?.mention_roles, emulator.message(limited.id)?.mentions, emulator.message(limited.id)?.mention_everyone], [[REVIEWERS], [], false]);
    const none = await channel.send({ content, allowedMentions: { parse: [] } });
    assert.deepEqual(emulator.message(none.id)?.mention_roles, []);
    const all = await channel.send({ content, allowedMentions: { parse: ['roles'] } });
    assert.deepEqual(emulator.message(all.id)?.mention_roles, [REVIEWERS], 'the quiet role is not mentionable and the bot may not mention everyone');
  });

  it('GIVEN a role option THEN the interaction resolves the role; member permissions are those the interaction carries', async () => {
    const manager = (BigInt(DEFAULT_EVERYONE_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
    emulator.sendSlashCommand({ name: 'escalate', options: { role: REVIEWERS }, user: USER, guildId: GUILD_ID, memberPermissions: manager });
    emulator.sendSlashCommand({ name: 'escalate', options: { role: QUIET }, user: USER, guildId: GUILD_ID });
    const [first, second] = await clientSaw(() => {
      const commands = interactions.filter((i) => i.isChatInputCommand() && i.commandName === 'escalate');
      return commands.length === 2 ? commands : undefined;
    }, 'two /escalate interactions');
    assert.ok(first!.isChatInputCommand() && second!.isChatInputCommand(), 'slash commands');
    const role = first.options.getRole('role', true);
    assert.deepEqual([role.id, role.name, 'mentionable' in role ? role.mentionable : undefined], [REVIEWERS, 'reviewers', true]);
    assert.equal(second.options.getRole('role', true).name, 'quiet');
    assert.equal(first.memberPermissions?.has(PermissionFlagsBits.ManageGuild), true);
    assert.equal(second.memberPermissions?.has(PermissionFlagsBits.ManageGuild), false);
  });
});

describe('DiscordEmulator: privileged intents', { timeout: 15_000 }, () => {
  it('GIVEN the application has not enabled Message Content THEN an IDENTIFY asking for it is closed with 4014', async () => {
    const emulator = await DiscordEmulator.start({ privilegedIntents: 0 });
    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent], rest: { api: emulator.apiBase } });
    client.on(Events.Error, () => undefined);
    try {
      const closed = once(client, Events.ShardDisconnect);
      void client.login(emulator.token).catch(() => undefined);
      const [event] = (await withTimeout(closed, 5000, 'shardDisconnect')) as [{ code: number }];
      assert.equal(event.code, 4014);
    } finally {
      await client.destroy();
      await emulator.stop();
    }
  });
});

/**
 * Proves the Discord emulator against the real discord.js Client: login,
 * slash commands (defer/edit, ephemeral reply, followUp), buttons, autocomplete,
 * mention-triggered messages with replies, gateway resume, and clean shutdown.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ChannelType,
  ButtonStyle,
  Client,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags as DjsMessageFlags,
  SlashCommandBuilder,
  type Interaction,
  type Message,
  type TextChannel,
} from 'discord.js';
import WebSocket from 'ws';
import { DiscordEmulator, MessageFlags, type JsonObject } from './discord-emulator/index.ts';
import { withTimeout } from './with-timeout.ts';
import { observed } from './observed.ts';

const GUILD_ID = '300000000000000001';
const CHANNEL_ID = '300000000000000002';
const OTHER_CHANNEL_ID = '300000000000000003';
const USER = { id: '200000000000000042', username: 'alice', global_name: 'Alice' };


describe('DiscordEmulator with the real discord.js Client', { timeout: 30_000 }, () => {
  let emulator: DiscordEmulator;
  let client: Client;
  const seenInteractions: Interaction[] = [];
  const seenMessages: Message[] = [];
  const handlerErrors: unknown[] = [];
  let shutDown = false;

  /** A small bot, written the way the real bot will be. */
  async function onInteraction(interaction: Interaction): Promise<void> {
    seenInteractions.push(interaction);
    if (interaction.isAutocomplete()) {
      const typed = interaction.options.getFocused();
      await interaction.respond([
        { name: `${typed} (suggestion 1)`, value: `${typed}-1` },
        { name: `${typed} (suggestion 2)`, value: `${typed}-2` },
      ]);
      return;
    }
    if (interaction.isButton()) {
      if (interaction.customId === 'more') await interaction.update({ content: 'expanded answer', components: [] });
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    switch (interaction.commandName) {
      case 'ask': {
        await interaction.deferReply();
        const question = interaction.options.getString('question', true);
        const count = interaction.options.getInteger('count') ?? 1;
        await interaction.editReply({
          content: `answer to: ${question} (x${count})`,
          embeds: [new EmbedBuilder().setTitle('Source').setDescription('article.txt lines 1-3')],
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
            ),
          ],
        });
        return;
      }
      case 'secret':
        await interaction.reply({ content: 'only you can see this', ephemeral: true });
        return;
      case 'multi':
        await interaction.reply({ content: 'first part' });
        await interaction.followUp({ content: 'second part' });
        return;
      default:
        await interaction.reply({ content: `unknown command ${interaction.commandName}` });
    }
  }

  async function onMessage(message: Message): Promise<void> {
    if (message.author.bot) return;
    seenMessages.push(message);
    if (client.user && message.mentions.has(client.user)) {
      await message.reply({ content: `pong: ${message.content}`, allowedMentions: { parse: [] } });
    }
  }

  before(async () => {
    emulator = await DiscordEmulator.start();
    emulator.addGuild({
      id: GUILD_ID,
      name: 'Test Guild',
      channels: [
        { id: CHANNEL_ID, name: 'general', type: 0 },
        { id: OTHER_CHANNEL_ID, name: 'news', type: 0 },
      ],
    });
    emulator.addUser(USER);
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      rest: { api: emulator.apiBase },
    });
    client.on(Events.InteractionCreate, (interaction) => {
      onInteraction(interaction).catch((error: unknown) => handlerErrors.push(error));
    });
    client.on(Events.MessageCreate, (message) => {
      onMessage(message).catch((error: unknown) => handlerErrors.push(error));
    });
    const ready = once(client, Events.ClientReady);
    await withTimeout(client.login(emulator.token), 5000, 'client.login');
    await withTimeout(ready, 5000, 'clientReady');
  });

  after(async () => {
    if (shutDown) return;
    await client?.destroy();
    await emulator?.stop();
  });

  it('logs in: READY + GUILD_CREATE reach the client', async () => {
    assert.equal(client.user?.id, emulator.botUserId);
    assert.equal(client.application?.id, emulator.applicationId);
    const guild = client.guilds.cache.get(GUILD_ID);
    assert.ok(guild, 'guild cached from GUILD_CREATE');
    assert.equal(guild.name, 'Test Guild');
    assert.ok(guild.channels.cache.get(CHANNEL_ID)?.isTextBased(), `guild.channels.cache.get(CHANNEL_ID): ${observed(guild.channels.cache.get(CHANNEL_ID))}`);
    assert.ok(guild.members.me, 'bot member present');
    assert.ok(guild.members.me.permissions.has('SendMessages'), `guild.members.me.permissions: ${observed(guild.members.me.permissions)}`);

    const identify = emulator.gateway.identifies[0];
    assert.ok(identify, `identify: ${observed(identify)}`);
    assert.equal(identify.token, emulator.token);
    assert.equal(identify.intents, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    const gatewayCall = emulator.calls.find((c) => c.path === '/gateway/bot');
    assert.ok(gatewayCall, `gatewayCall: ${observed(gatewayCall)}`);
    assert.equal(gatewayCall.version, 10);
    assert.equal(gatewayCall.headers.authorization, `Bot ${emulator.token}`);
  });

  it('records command registration (PUT global and guild commands)', async () => {
    const ask = new SlashCommandBuilder()
      .setName('ask')
      .setDescription('Ask about the news')
      .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setAutocomplete(true))
      .addIntegerOption((o) => o.setName('count').setDescription('How many quotes'));
    const registered = await client.application!.commands.set([ask.toJSON()]);
    assert.equal(registered.size, 1);
    await client.application!.commands.set(
      [new SlashCommandBuilder().setName('secret').setDescription('Ephemeral').toJSON(), new SlashCommandBuilder().setName('multi').setDescription('Two parts').toJSON()],
      GUILD_ID,
    );
    const names = emulator.registeredCommands().map((c) => c.name);
    assert.deepEqual(names, ['ask', 'secret', 'multi']);
    assert.deepEqual(
      emulator.registeredCommands(GUILD_ID).map((c) => c.name),
      ['secret', 'multi'],
    );
    assert.equal(emulator.calls.filter((c) => c.method === 'PUT' && c.route?.includes('/commands')).length, 2);
  });

  it('slash command: deferReply + editReply with embeds and components', async () => {
    const handle = emulator.sendSlashCommand({ name: 'ask', options: { question: 'what happened?', count: 2 }, user: USER, guildId: GUILD_ID, channelId: CHANNEL_ID });
    const responses = await handle;
    const interaction = seenInteractions.find((i) => i.id === handle.id);
    assert.ok(interaction?.isChatInputCommand(), `interaction: ${observed(interaction)}`);
    assert.equal(interaction.commandName, 'ask');
    assert.equal(interaction.options.getString('question'), 'what happened?');
    assert.equal(interaction.options.getInteger('count'), 2, 'integer type taken from the registered definition');
    assert.equal(interaction.user.id, USER.id);
    assert.equal(interaction.guildId, GUILD_ID);
    assert.equal(interaction.channelId, CHANNEL_ID);

    assert.deepEqual(
      responses.map((r) => r.kind),
      ['callback', 'editOriginal'],
    );
    assert.equal(responses[0]?.callbackType, 5);
    const edit = responses[1]!;
    assert.equal(edit.data?.content, 'answer to: what happened? (x2)');
    assert.equal(edit.data?.embeds?.[0]?.title, 'Source');
    assert.equal(edit.data?.components?.[0]?.components?.[0]?.custom_id, 'more');
    assert.equal(handle.original?.content, 'answer to: what happened? (x2)');
    assert.equal(handle.original?.flags & MessageFlags.Loading, 0, 'loading flag cleared by the edit');
    // discord.js really did send the percent-encoded @original route
    const patch = emulator.calls.find((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'));
    assert.ok(patch?.rawUrl.includes('%40original'), `patch?.rawUrl: ${observed(patch?.rawUrl)}`);
  });

  it('slash command: reply({ ephemeral: true }) records flags 64', async () => {
    const responses = await emulator.sendSlashCommand({ name: 'secret', user: USER });
    assert.equal(responses.length, 1);
    assert.equal(responses[0]?.callbackType, 4);
    assert.equal(responses[0]?.data?.content, 'only you can see this');
    assert.equal((responses[0]?.data?.flags as number) & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
  });

  it('slash command: reply + followUp are both recorded, in order', async () => {
    const handle = emulator.sendSlashCommand({ name: 'multi', user: USER });
    const responses = await handle.settled({ quietMs: 150 });
    assert.deepEqual(
      responses.map((r) => [r.kind, r.data?.content]),
      [
        ['callback', 'first part'],
        ['followup', 'second part'],
      ],
    );
    assert.equal(handle.followups[0]?.content, 'second part');
  });

  it('button: interaction.update(...) is recorded and edits the message', async () => {
    const ask = emulator.sendSlashCommand({ name: 'ask', options: { question: 'q' }, user: USER });
    await ask;
    const messageId = ask.original?.id as string;
    const handle = emulator.sendButton({ customId: 'more', messageId, user: USER });
    const responses = await handle;
    const interaction = seenInteractions.find((i) => i.id === handle.id);
    assert.ok(interaction?.isButton(), `interaction: ${observed(interaction)}`);
    assert.equal(interaction.message.id, messageId);
    assert.equal(responses[0]?.callbackType, 7);
    assert.equal(responses[0]?.data?.content, 'expanded answer');
    assert.equal(emulator.message(messageId)?.content, 'expanded answer');
    assert.deepEqual(emulator.message(messageId)?.components, []);
  });

  it('autocomplete: interaction.respond([...]) is recorded', async () => {
    const handle = emulator.sendAutocomplete({ name: 'ask', focused: 'question', value: 'elec', user: USER });
    const responses = await handle;
    const interaction = seenInteractions.find((i) => i.id === handle.id);
    assert.ok(interaction?.isAutocomplete(), `interaction: ${observed(interaction)}`);
    assert.equal(responses[0]?.callbackType, 8);
    assert.deepEqual(responses[0]?.data?.choices, [
      { name: 'elec (suggestion 1)', value: 'elec-1' },
      { name: 'elec (suggestion 2)', value: 'elec-2' },
    ]);
  });

  it('message mentioning the bot arrives with content and the reply is recorded', async () => {
    const sent = await emulator.sendMessage({ content: `<@${emulator.botUserId}> who won?`, author: USER, channelId: CHANNEL_ID, guildId: GUILD_ID });
    assert.equal(sent.delivered, true);
    assert.equal(sent.contentVisible, true);
    const reply = await emulator.waitForChannelMessage(CHANNEL_ID, (m) => m.messageReference?.message_id === sent.message.id, 3000);
    const received = seenMessages.find((m) => m.id === sent.message.id);
    assert.ok(received, `received: ${observed(received)}`);
    assert.ok(received.mentions.has(client.user!), `received.mentions: ${observed(received.mentions)}`);
    assert.equal(received.content, `<@${emulator.botUserId}> who won?`);
    assert.equal(reply.content, `pong: <@${emulator.botUserId}> who won?`);
    assert.deepEqual(reply.allowedMentions, { parse: [] });
    assert.equal(reply.messageReference?.message_id, sent.message.id);
    assert.deepEqual(reply.message.mentions, [], 'allowed_mentions parse:[] pings nobody');
    assert.equal(reply.message.referenced_message?.id, sent.message.id);
  });

  it('without the MessageContent intent, non-mentioning messages arrive with empty content', async () => {
    const sent = await emulator.sendMessage({ content: 'just chatting', author: USER, channelId: OTHER_CHANNEL_ID });
    assert.equal(sent.delivered, true);
    assert.equal(sent.contentVisible, false);
    await emulator.waitForReady();
    const deadline = Date.now() + 2000;
    while (!seenMessages.some((m) => m.id === sent.message.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const received = seenMessages.find((m) => m.id === sent.message.id);
    assert.ok(received, 'messageCreate fired');
    assert.equal(received.content, '');
    assert.equal(emulator.channelMessages(OTHER_CHANNEL_ID).length, 0, 'bot did not answer');
  });

  it('resumes after disconnectGateway() and replays the missed interaction', async () => {
    const identifiesBefore = emulator.gateway.stats.identifies;
    const resumed = emulator.waitForResume(5000);
    emulator.disconnectGateway();
    // Sent while the socket is down: kept and replayed on RESUME.
    const handle = emulator.sendSlashCommand({ name: 'secret', user: USER });
    await resumed;
    const responses = await handle.settled({ timeoutMs: 5000 });
    assert.equal(responses[0]?.callbackType, 4);
    assert.equal(emulator.gateway.stats.resumes, 1);
    assert.equal(emulator.gateway.stats.identifies, identifiesBefore, 'no re-identify');
    // And the live session still works afterwards.
    const after = await emulator.sendSlashCommand({ name: 'multi', user: USER }).settled({ quietMs: 150 });
    assert.equal(after.length, 2);
  });

  it('heartbeats are acknowledged and nothing hit an unknown route', () => {
    assert.deepEqual(
      emulator.unhandledCalls().map((c) => `${c.method} ${c.path}`),
      [],
    );
    assert.deepEqual(
      emulator.failedCalls().map((c) => `${c.method} ${c.path} ${c.status}`),
      [],
    );
    assert.deepEqual(handlerErrors, []);
  });

  it('shuts down cleanly: no sockets or servers left open', async () => {
    shutDown = true;
    await client.destroy();
    await emulator.stop();
    // Handles are released on the next turns of the event loop; allow a short, bounded grace period.
    const tcp = (): string[] => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap');
    const deadline = Date.now() + 1000;
    while (tcp().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(tcp(), []);
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, 0, 'no timers left running');
  });
});

describe('DiscordEmulator protocol details', { timeout: 15_000 }, () => {
  it('REST: unknown routes are 404 JSON and recorded; auth is required; bad bodies get Discord errors', async () => {
    const emulator = await DiscordEmulator.start();
    try {
      emulator.addGuild({ id: GUILD_ID, name: 'G', channels: [{ id: CHANNEL_ID, name: 'general' }] });
      const auth = { authorization: `Bot ${emulator.token}`, 'content-type': 'application/json' };
      const unknown = await fetch(`${emulator.apiBase}/v10/nope/123`, { headers: auth });
      assert.equal(unknown.status, 404);
      assert.deepEqual(await unknown.json(), { message: '404: Not Found', code: 0 });
      assert.deepEqual(
        emulator.unhandledCalls().map((c) => c.path),
        ['/nope/123'],
      );
      const noAuth = await fetch(`${emulator.apiBase}/v10/users/@me`);
      assert.equal(noAuth.status, 401);
      const empty = await fetch(`${emulator.apiBase}/v10/channels/${CHANNEL_ID}/messages`, { method: 'POST', headers: auth, body: '{}' });
      assert.equal(empty.status, 400);
      assert.equal(((await empty.json()) as JsonObject).code, 50006);
      const long = await fetch(`${emulator.apiBase}/v10/channels/${CHANNEL_ID}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ content: 'x'.repeat(2001) }) });
      assert.equal(long.status, 400);
      assert.equal(((await long.json()) as JsonObject).errors.content._errors[0].code, 'BASE_TYPE_MAX_LENGTH');
      const okRes = await fetch(`${emulator.apiBase}/v10/channels/${CHANNEL_ID}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ content: 'hi' }) });
      assert.equal(okRes.status, 200);
      const message = (await okRes.json()) as JsonObject;
      assert.equal(message.author.id, emulator.botUserId);
      assert.equal(emulator.channelMessages(CHANNEL_ID)[0]?.content, 'hi');
    } finally {
      await emulator.stop();
    }
  });

  it('gateway: zlib-stream compression, heartbeat ACK, sequence numbers, RESUME replay, unknown session -> op 9', async () => {
    const emulator = await DiscordEmulator.start({ heartbeatIntervalMs: 45_000 });
    const sockets: WebSocket[] = [];
    try {
      emulator.addGuild({ id: GUILD_ID, name: 'G', channels: [{ id: CHANNEL_ID, name: 'general' }] });

      // Connection 1: compressed, identify.
      const inflate = zlib.createInflate();
      const compressed: JsonObject[] = [];
      inflate.on('data', (chunk: Buffer) => compressed.push(JSON.parse(chunk.toString('utf8')) as JsonObject));
      const ws1 = new WebSocket(`${emulator.gatewayUrl}/?v=10&encoding=json&compress=zlib-stream`);
      sockets.push(ws1);
      ws1.on('message', (data: Buffer) => inflate.write(data));
      const waitPayload = async (list: JsonObject[], pred: (p: JsonObject) => boolean): Promise<JsonObject> => {
        const deadline = Date.now() + 3000;
        for (;;) {
          const found = list.find(pred);
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`payload not received; got ${JSON.stringify(list.map((p) => [p.op, p.t, p.s]))}`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      const hello = await waitPayload(compressed, (p) => p.op === 10);
      assert.equal(hello.d.heartbeat_interval, 45_000);
      ws1.send(JSON.stringify({ op: 2, d: { token: emulator.token, intents: 1 | (1 << 9), properties: { os: 'linux', browser: 't', device: 't' } } }));
      const ready = await waitPayload(compressed, (p) => p.t === 'READY');
      assert.equal(ready.s, 1);
      assert.deepEqual(ready.d.guilds, [{ id: GUILD_ID, unavailable: true }]);
      assert.equal(ready.d.application.id, emulator.applicationId);
      const guildCreate = await waitPayload(compressed, (p) => p.t === 'GUILD_CREATE');
      assert.equal(guildCreate.s, 2);
      ws1.send(JSON.stringify({ op: 1, d: 2 }));
      await waitPayload(compressed, (p) => p.op === 11);
      const sessionId = ready.d.session_id as string;

      // Drop it; dispatch while down; resume on a plain JSON connection.
      const closed = once(ws1, 'close');
      emulator.disconnectGateway();
      const [code] = (await closed) as [number];
      assert.equal(code, 4000);
      const sent = await emulator.sendMessage({ content: 'while you were away', author: USER });
      assert.equal(sent.delivered, true);

      const plain: JsonObject[] = [];
      const ws2 = new WebSocket(`${emulator.gatewayUrl}/?v=10&encoding=json`);
      sockets.push(ws2);
      ws2.on('message', (data: Buffer) => plain.push(JSON.parse(data.toString('utf8')) as JsonObject));
      await waitPayload(plain, (p) => p.op === 10);
      ws2.send(JSON.stringify({ op: 6, d: { token: emulator.token, session_id: sessionId, seq: 2 } }));
      const replayed = await waitPayload(plain, (p) => p.t === 'MESSAGE_CREATE');
      assert.equal(replayed.s, 3);
      assert.equal(replayed.d.content, '', 'no MessageContent intent and no mention: content blanked');
      const resumed = await waitPayload(plain, (p) => p.t === 'RESUMED');
      assert.equal(resumed.s, 4);
      assert.equal(emulator.gateway.stats.resumes, 1);

      // Unknown session -> INVALID_SESSION d:false
      const bad: JsonObject[] = [];
      const ws3 = new WebSocket(`${emulator.gatewayUrl}/?v=10&encoding=json`);
      sockets.push(ws3);
      ws3.on('message', (data: Buffer) => bad.push(JSON.parse(data.toString('utf8')) as JsonObject));
      await waitPayload(bad, (p) => p.op === 10);
      ws3.send(JSON.stringify({ op: 6, d: { token: emulator.token, session_id: 'nope', seq: 1 } }));
      const invalid = await waitPayload(bad, (p) => p.op === 9);
      assert.equal(invalid.d, false);
    } finally {
      for (const ws of sockets) ws.terminate();
      await emulator.stop();
    }
  });
});

describe('DiscordEmulator extras with discord.js', { timeout: 20_000 }, () => {
  it('files + withResponse + fetchReply + deleteReply, threads, typing, DMs, late replies (10062), op 7 / op 9 reconnects', async () => {
    const emulator = await DiscordEmulator.start({ interactionDeadlineMs: 300 });
    emulator.addGuild({ id: GUILD_ID, name: 'G', channels: [{ id: CHANNEL_ID, name: 'general' }] });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      rest: { api: emulator.apiBase },
      // @discordjs/ws spaces IDENTIFYs 5 s apart; skip that so the op 9 re-identify below is quick.
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) },
    });
    const errors: string[] = [];
    const threadCreates: string[] = [];
    let fetchedContent = '';
    client.on(Events.ThreadCreate, (thread) => threadCreates.push(thread.name));
    client.on(Events.InteractionCreate, (i) => {
      void (async () => {
        if (!i.isChatInputCommand()) return;
        if (i.commandName === 'file') {
          const res = await i.reply({
            content: 'with file',
            files: [new AttachmentBuilder(Buffer.from('hello world'), { name: 'quote.txt' })],
            withResponse: true,
          });
          fetchedContent = `${res.resource?.message?.attachments.first()?.name}|${(await i.fetchReply()).content}`;
          await i.deleteReply();
        } else if (i.commandName === 'slow') {
          await new Promise((r) => setTimeout(r, 450));
          await i.reply('too late');
        } else if (i.commandName === 'thread') {
          const starter = await (i.channel as TextChannel).send('starter');
          const thread = await starter.startThread({ name: 'discussion' });
          await thread.send('in thread');
          await (i.channel as TextChannel).sendTyping();
          const standalone = await (i.channel as TextChannel).threads.create({ name: 'standalone', type: ChannelType.PublicThread });
          await standalone.send('standalone post');
          await i.reply({ content: thread.id, flags: DjsMessageFlags.Ephemeral });
        } else if (i.commandName === 'dm') {
          await i.user.send('hello in DM');
          await i.reply('sent');
        }
      })().catch((error: unknown) => errors.push(String(error)));
    });
    try {
      const ready = once(client, Events.ClientReady);
      await client.login(emulator.token);
      await withTimeout(ready, 5000, 'clientReady');

      const file = await emulator.sendSlashCommand({ name: 'file' });
      assert.deepEqual(
        file.map((r) => [r.kind, r.callbackType, r.files.map((f) => f.filename)]),
        [
          ['callback', 4, ['quote.txt']],
          ['deleteOriginal', undefined, []],
        ],
      );
      assert.equal(file[0]?.files[0]?.data.toString(), 'hello world');
      assert.equal(fetchedContent, 'quote.txt|with file');
      assert.equal(file[0]?.query.with_response, 'true');

      const slow = emulator.sendSlashCommand({ name: 'slow' });
      await assert.rejects(slow.settled({ timeoutMs: 1000 }), /10062/);
      assert.deepEqual(errors.splice(0), ['DiscordAPIError[10062]: Unknown interaction']);

      const thread = await emulator.sendSlashCommand({ name: 'thread' });
      const threadId = thread[0]?.data?.content as string;
      assert.equal(emulator.channel(threadId)?.name, 'discussion');
      assert.equal(emulator.channel(threadId)?.parent_id, CHANNEL_ID);
      assert.deepEqual(
        emulator.channelMessages(threadId).map((m) => m.content),
        ['in thread'],
      );
      assert.ok(emulator.calls.some((c) => c.route === 'POST /channels/:channelId/typing' && c.status === 204), `emulator.calls: ${observed(emulator.calls)}`);
      assert.deepEqual(threadCreates.sort(), ['discussion', 'standalone']);

      const dm = await emulator.sendSlashCommand({ name: 'dm' });
      assert.equal(dm[0]?.data?.content, 'sent');
      const dmChannel = emulator.calls.find((c) => c.route === 'POST /users/@me/channels')?.response as JsonObject;
      assert.deepEqual(
        emulator.channelMessages(dmChannel.id as string).map((m) => m.content),
        ['hello in DM'],
      );

      // op 7 RECONNECT -> discord.js resumes; op 9 INVALID_SESSION -> it identifies again.
      // (Wait for discord.js to finish handling RESUMED: emulator.waitForResume() resolves when it is *sent*.)
      const resumed = once(client, Events.ShardResume);
      emulator.disconnectGateway('reconnect');
      await withTimeout(resumed, 5000, 'shardResume after op 7');
      emulator.disconnectGateway('invalidate');
      await emulator.waitForReady(5000);
      const afterwards = await emulator.sendSlashCommand({ name: 'dm' });
      assert.equal(afterwards[0]?.callbackType, 4);
      assert.equal(emulator.gateway.stats.identifies, 2);
      assert.deepEqual(errors, []);
      assert.deepEqual(emulator.unhandledCalls(), []);
    } finally {
      await client.destroy();
      await emulator.stop();
    }
  });
});

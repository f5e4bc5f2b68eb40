/**
 * Gateway sharding in the emulator, proven with real discord.js Clients, one per shard (as the
 * ShardingManager runs them): GET /gateway/bot recommends the configured count, each IDENTIFY
 * [shard_id, num_shards] gets only the guilds (guild_id >> 22) % num_shards assigns it, and each
 * guild's interactions and messages reach only the shard that owns it.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Client, Events, GatewayIntentBits, type Interaction, type Message } from 'discord.js';
import WebSocket from 'ws';
import { DiscordEmulator, shardOfGuild } from './discord-emulator/index.ts';
import { withTimeout } from './with-timeout.ts';
import { waitFor } from './wait-for.ts';

// (id >> 22) % 2: the first guild falls to shard 0, the second to shard 1.
const GUILD_0 = { id: '300000000000000001', channel: '300000000000000002' };
const GUILD_1 = { id: '310000000000000001', channel: '310000000000000002' };
const USER = { id: '200000000000000042', username: 'alice' };


describe('shardOfGuild', () => {
  it('computes (guild_id >> 22) % num_shards, and sends guild-less events to shard 0', () => {
    assert.equal(shardOfGuild(GUILD_0.id, 2), 0);
    assert.equal(shardOfGuild(GUILD_1.id, 2), 1);
    assert.equal(shardOfGuild(String((7n << 22n) | 12345n), 4), 3);
    assert.equal(shardOfGuild(GUILD_1.id, 1), 0);
    assert.equal(shardOfGuild(null, 5), 0);
  });
});

describe('DiscordEmulator gateway sharding with two discord.js Clients', { timeout: 30_000 }, () => {
  let emulator: DiscordEmulator;
  const clients: Client[] = [];
  const interactions: { shard: number; guildId: string | null; name: string }[] = [];
  const messages: { shard: number; guildId: string | null }[] = [];

  before(async () => {
    emulator = await DiscordEmulator.start({ shards: 2 });
    emulator.addGuild({ id: GUILD_0.id, name: 'Even', channels: [{ id: GUILD_0.channel, name: 'general', type: 0 }] });
    emulator.addGuild({ id: GUILD_1.id, name: 'Odd', channels: [{ id: GUILD_1.channel, name: 'general', type: 0 }] });
    emulator.addUser(USER);
    for (const shard of [0, 1]) {
      const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: emulator.apiBase }, shards: shard, shardCount: 2 });
      client.on(Events.InteractionCreate, (interaction: Interaction) => {
        if (!interaction.isChatInputCommand()) return;
        interactions.push({ shard, guildId: interaction.guildId, name: interaction.commandName });
        void interaction.reply({ content: `shard ${shard} answers` });
      });
      client.on(Events.MessageCreate, (message: Message) => {
        if (!message.author.bot) messages.push({ shard, guildId: message.guildId });
      });
      const ready = once(client, Events.ClientReady);
      await withTimeout(client.login(emulator.token), 5000, `shard ${shard} login`);
      await withTimeout(ready, 10_000, `shard ${shard} ready`);
      clients.push(client);
    }
    await emulator.waitForReady(5000);
  });

  after(async () => {
    for (const client of clients) await client.destroy();
    await emulator?.stop();
  });

  it('GET /gateway/bot recommends the configured shard count', async () => {
    const response = await fetch(`${emulator.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${emulator.token}` } });
    const body = (await response.json()) as { shards: number };
    assert.equal(body.shards, 2);
  });

  it('each shard identified with its [shard_id, num_shards] and holds only the guilds it owns', () => {
    assert.deepEqual(emulator.gateway.identifies.map((identify) => identify.shard), [[0, 2], [1, 2]]);
    assert.deepEqual(
      emulator.gateway.shards.map((s) => ({ shard: s.shard, guilds: s.guildIds, live: s.live })),
      [
        { shard: [0, 2], guilds: [GUILD_0.id], live: true },
        { shard: [1, 2], guilds: [GUILD_1.id], live: true },
      ],
    );
    assert.deepEqual([...clients[0]!.guilds.cache.keys()], [GUILD_0.id]);
    assert.deepEqual([...clients[1]!.guilds.cache.keys()], [GUILD_1.id]);
  });

  it('an interaction reaches only the shard that owns its guild, which answers it', async () => {
    const responses1 = await emulator.sendSlashCommand({ name: 'ping', guildId: GUILD_1.id, user: USER }).settled({ timeoutMs: 5000 });
    const responses0 = await emulator.sendSlashCommand({ name: 'ping', guildId: GUILD_0.id, user: USER }).settled({ timeoutMs: 5000 });
    assert.equal(responses1[0]?.data?.content, 'shard 1 answers');
    assert.equal(responses0[0]?.data?.content, 'shard 0 answers');
    assert.deepEqual(interactions, [
      { shard: 1, guildId: GUILD_1.id, name: 'ping' },
      { shard: 0, guildId: GUILD_0.id, name: 'ping' },
    ]);
  });

  it('a message reaches only the shard that owns its guild', async () => {
    await emulator.sendMessage({ content: `<@${emulator.botUserId}> hello`, guildId: GUILD_1.id, author: USER, mentions: [emulator.botUserId] });
    await emulator.sendMessage({ content: `<@${emulator.botUserId}> hello`, guildId: GUILD_0.id, author: USER, mentions: [emulator.botUserId] });
    await waitFor(() => messages.length >= 2, { timeoutMs: 5000, message: () => `both shards to receive their message; got ${JSON.stringify(messages)}` });
    assert.deepEqual(messages, [
      { shard: 1, guildId: GUILD_1.id },
      { shard: 0, guildId: GUILD_0.id },
    ]);
  });

  it('a guild added later goes to its own shard only', async () => {
    const later = { id: '310000000004194305', name: 'Later' };
    const owner = shardOfGuild(later.id, 2);
    const joined = once(clients[owner]!, Events.GuildCreate);
    emulator.addGuild({ id: later.id, name: later.name, channels: [{ id: '310000000004194306', name: 'general', type: 0 }] });
    await withTimeout(joined, 5000, `GUILD_CREATE on shard ${owner}`);
    assert.ok(clients[owner]!.guilds.cache.has(later.id), `the owning shard ${owner} caches the new guild`);
    assert.ok(!clients[1 - owner]!.guilds.cache.has(later.id), `shard ${1 - owner} does not see the other shard's guild`);
  });

  it('a dropped shard resumes alone: the other shard keeps its session', async () => {
    const before = emulator.gateway.shards.map((s) => s.sessionId);
    emulator.disconnectGateway('close', 1);
    await emulator.waitForResume(10_000);
    assert.deepEqual(emulator.gateway.shards.map((s) => s.sessionId), before, 'both sessions kept: shard 1 resumed, shard 0 untouched');
    const responses = await emulator.sendSlashCommand({ name: 'ping', guildId: GUILD_1.id, user: USER }).settled({ timeoutMs: 5000 });
    assert.equal(responses[0]?.data?.content, 'shard 1 answers');
  });

  it('IDENTIFY with a shard id out of range is closed with 4010 Invalid shard', async () => {
    const ws = new WebSocket(`${emulator.gatewayUrl}/?v=10&encoding=json`);
    await withTimeout(once(ws, 'message'), 5000, 'HELLO');
    ws.send(JSON.stringify({ op: 2, d: { token: emulator.token, intents: 1, properties: {}, shard: [2, 2] } }));
    const [code] = (await withTimeout(once(ws, 'close'), 5000, 'close')) as [number];
    assert.equal(code, 4010);
  });
});

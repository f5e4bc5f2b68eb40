/**
 * DiscordEmulator: a local stand-in for Discord's REST API and gateway that
 * the real discord.js Client can log in to:
 *
 *   const emulator = await DiscordEmulator.start();
 *   emulator.addGuild({ id: G, name: 'Test', channels: [{ id: C, name: 'general', type: 0 }] });
 *   const client = new Client({ intents: [...], rest: { api: emulator.apiBase } });
 *   await client.login(emulator.token);
 *   await emulator.waitForReady();
 *   const responses = await emulator.sendSlashCommand({ name: 'ask', options: { question: 'hi' } });
 *   ...
 *   await client.destroy();   // before emulator.stop(), else discord.js keeps reconnecting
 *   await emulator.stop();
 *
 * Sharded bots: `DiscordEmulator.start({ shards: 2 })` makes GET /gateway/bot recommend 2; each
 * client identifying with [shard_id, 2] then gets only the guilds (guild_id >> 22) % 2 assigns
 * it, and their events (gateway.shards shows who holds what).
 */
import { randomBytes } from 'node:crypto';
import { EmulatorCore, type DiscordEmulatorOptions, type ReactionEvent } from './core.ts';
import { GatewayIntent } from './gateway.ts';
import type { GatewayStats, ReceivedGatewayPayload, ShardSessionInfo } from './gateway.ts';
import {
  InteractionType,
  buildComponentPayload,
  buildSlashCommandPayload,
  resolveContext,
  resolveUser,
  type AutocompleteInit,
  type ComponentInit,
  type EmulatedUserInit,
  type InteractionRecord,
  type SlashCommandInit,
} from './interactions.ts';
import { InteractionHandle, type RecordedCall, type RecordedMessage } from './records.ts';
import { EmulatorServer } from './server.ts';
import { buildMessage, isThreadType, type GuildInit, type JsonObject, type RoleInit } from './state.ts';

export interface UserMessageInit {
  content: string;
  /** Author (default user 200000000000000001 "tester"). */
  author?: EmulatedUserInit;
  /** Guild id; defaults to the first added guild. null = DM with the bot. */
  guildId?: string | null;
  /** Channel id; defaults to the guild's first text channel (or the author's DM channel). */
  channelId?: string;
  /**
   * Extra users mentioned (ids or user objects), in addition to `<@id>`
   * mentions parsed from the content. Mentioning the bot makes its content
   * visible without the MessageContent intent.
   */
  mentions?: (string | { id: string })[];
  /** Id of a message this one replies to. */
  replyTo?: string;
  /** Whether the reply pings the replied-to author (default true). */
  pingRepliedUser?: boolean;
  embeds?: JsonObject[];
  /** Role ids of the author as a guild member. */
  memberRoles?: string[];
}

export interface SentUserMessage {
  /** The full message as stored by the emulator (with content). */
  message: JsonObject;
  /** Whether MESSAGE_CREATE was dispatched (false when the bot lacks the GuildMessages/DirectMessages intent). */
  delivered: boolean;
  /** Whether the bot could see the content (MessageContent intent, mention, DM...). */
  contentVisible: boolean;
}

export interface GatewayInfo {
  readonly stats: GatewayStats;
  readonly identifies: readonly JsonObject[];
  readonly received: readonly ReceivedGatewayPayload[];
  readonly intents: number | null;
  readonly sessionId: string | null;
  readonly sequence: number;
  /** Every shard's session is up and past READY/RESUMED. */
  readonly live: boolean;
  /** One entry per shard session, by shard id. */
  readonly shards: ShardSessionInfo[];
}

export class DiscordEmulator {
  /** REST base to pass as `rest: { api }` (discord.js appends /v10). */
  readonly apiBase: string;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:PORT` (what GET /gateway/bot returns). */
  readonly gatewayUrl: string;
  /** A bot token the emulator accepts (any `Bot <x>` Authorization is accepted; all are recorded). */
  readonly token: string;
  readonly botUserId: string;
  readonly applicationId: string;
  /** Every interaction delivered, in order. */
  readonly interactions: InteractionHandle[] = [];

  private readonly core: EmulatorCore;
  private readonly server: EmulatorServer;
  private stopped = false;

  private constructor(core: EmulatorCore, server: EmulatorServer, port: number) {
    this.core = core;
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiBase = `${this.baseUrl}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.botUserId = core.state.botUserId;
    this.applicationId = core.state.applicationId;
    this.token = `${Buffer.from(this.botUserId).toString('base64').replace(/=+$/, '')}.EmUlAt.${randomBytes(20).toString('base64url')}`;
  }

  static async start(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
    const core = new EmulatorCore(options);
    const server = new EmulatorServer(core);
    const port = await server.listen();
    core.baseUrl = `http://127.0.0.1:${port}`;
    return new DiscordEmulator(core, server, port);
  }

  /** Every REST call received (live array), including unknown routes (route === null, status 404). */
  get calls(): readonly RecordedCall[] {
    return this.core.calls;
  }

  /** Calls that matched no route. Tests can assert this is empty. */
  unhandledCalls(): RecordedCall[] {
    return this.core.calls.filter((c) => c.route === null);
  }

  /** Calls answered with a 4xx/5xx (unknown routes, validation errors, 10062...). */
  failedCalls(): RecordedCall[] {
    return this.core.calls.filter((c) => c.status >= 400);
  }

  get gateway(): GatewayInfo {
    const g = this.core.gateway;
    return {
      stats: g.stats,
      identifies: g.identifies,
      received: g.received,
      intents: g.intents,
      sessionId: g.sessionId,
      sequence: g.sequence,
      live: g.live,
      shards: g.shards,
    };
  }

  /** Adds a guild; sent as GUILD_CREATE on the next IDENTIFY, or right away if a session is live. */
  addGuild(guild: GuildInit): void {
    this.core.state.addGuild(guild);
    if (this.core.gateway.hasSessionFor(guild.id)) void this.core.gateway.dispatch('GUILD_CREATE', this.core.state.guildCreatePayload(guild.id));
  }

  /** Adds a role to a guild (for role options, role mentions and what they ping). */
  addRole(guildId: string, role: RoleInit): void {
    const guild = this.core.state.guilds.get(guildId);
    if (!guild) throw new Error(`DiscordEmulator.addRole: unknown guild ${guildId}`);
    guild.roles.set(role.id, role);
  }

  /**
   * A thread started by a member (not the bot): from one of their messages (`starterMessageId`),
   * or on its own in the channel. THREAD_CREATE is dispatched as Discord does.
   */
  createThread(init: { channelId: string; name: string; owner?: EmulatedUserInit; starterMessageId?: string }): JsonObject {
    const { state } = this.core;
    const parent = state.channels.get(init.channelId);
    if (!parent?.guild_id) throw new Error(`DiscordEmulator.createThread: ${init.channelId} is not a guild channel`);
    const owner = resolveUser(state, init.owner);
    const thread = state.createThread(parent, { name: init.name, type: 11 }, init.starterMessageId ?? null, owner.id as string);
    if (init.starterMessageId) {
      const starter = state.liveMessage(init.channelId, init.starterMessageId);
      if (!starter) throw new Error(`DiscordEmulator.createThread: no message ${init.starterMessageId} in channel ${init.channelId}`);
      starter.thread = thread;
    }
    const guildId = parent.guild_id as string;
    if (this.core.gateway.hasSessionFor(guildId) && this.core.hasIntent(GatewayIntent.Guilds, guildId)) void this.core.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    this.core.notify();
    return thread;
  }

  /** Threads of a channel (started by the bot or by members), in the order they were made. */
  threadsOf(channelId: string): JsonObject[] {
    return [...this.core.state.channels.values()].filter((c) => c.parent_id === channelId && isThreadType(c.type as number));
  }

  /** Resolves with the first (existing or future) thread of the channel that matches. */
  waitForThread(channelId: string, predicate: (thread: JsonObject) => boolean = () => true, timeoutMs = 5000): Promise<JsonObject> {
    return this.core.waitFor(() => this.threadsOf(channelId).find(predicate) ?? this.stoppedCheck(), timeoutMs, () => `a thread in channel ${channelId} (${this.threadsOf(channelId).length} non-matching)`);
  }

  /** Every reaction the bot added or removed, in order (live array). */
  get reactionLog(): readonly ReactionEvent[] {
    return this.core.reactionLog;
  }

  /** Every typing indicator the bot triggered, in order (live array). */
  get typingLog(): readonly { channelId: string; at: number }[] {
    return this.core.typingLog;
  }

  /**
   * Resolves once `check()` returns something other than undefined, checking again whenever the
   * emulator sees anything (a call, a response, a gateway event); rejects after `timeoutMs`
   * naming `what`. No polling and no sleeping: tests wait for what they assert.
   */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return this.core.waitFor(() => check() ?? this.stoppedCheck(), timeoutMs, () => what);
  }

  /** Makes a user known (for mentions, GET /users/:id, option resolution). */
  addUser(user: EmulatedUserInit & { id: string }): JsonObject {
    return resolveUser(this.core.state, user);
  }

  /**
   * Uploads a file as a user would for an attachment option; returns its id, to pass as that
   * option's value. Its URL (under /attachments on this server) serves the bytes, as Discord's CDN does.
   */
  uploadAttachment(file: { filename: string; contentType: string; data: Buffer | string }): string {
    const data = Buffer.from(file.data);
    const [attachment] = this.core.attachmentsFor('options', {}, [{ field: 'files[0]', filename: file.filename, contentType: file.contentType, size: data.length, data }]);
    this.core.state.optionAttachments.set(String(attachment!.id), attachment!);
    return String(attachment!.id);
  }

  /** Registered application commands (PUT/POST .../commands): global ones, then every guild's (guild_id set). */
  registeredCommands(guildId?: string): JsonObject[] {
    if (guildId !== undefined) return [...(this.core.commands.guild.get(guildId) ?? [])];
    return [...this.core.commands.global, ...[...this.core.commands.guild.values()].flat()];
  }

  /** Resolves once the bot has identified (or resumed) and the session is live; with shards, once every shard's is. */
  async waitForReady(timeoutMs = 5000): Promise<void> {
    await this.core.waitFor(() => (this.core.gateway.live ? true : this.stoppedCheck()), timeoutMs, () => 'the bot to connect to the gateway');
  }

  /**
   * Drops the gateway connection. 'close' (default) closes the socket with
   * 4000 and discord.js RESUMEs (missed events are replayed); 'reconnect'
   * sends op 7; 'invalidate' sends op 9 (d:false) so the bot re-identifies.
   * Use waitForReady() / waitForResume() afterwards. With shards, `shardId` names the
   * connection to drop (default: shard 0's).
   */
  disconnectGateway(mode: 'close' | 'reconnect' | 'invalidate' = 'close', shardId?: number): void {
    this.core.gateway.disconnect(mode, 4000, shardId);
  }

  /** Resolves when the session has been resumed `count` times in total (default: one more than now) and is live. */
  async waitForResume(timeoutMs = 5000, count = this.core.gateway.stats.resumes + 1): Promise<void> {
    await this.core.waitFor(
      () => (this.core.gateway.stats.resumes >= count && this.core.gateway.live ? true : this.stoppedCheck()),
      timeoutMs,
      () => `gateway RESUME #${count} (resumes so far: ${this.core.gateway.stats.resumes})`,
    );
  }

  /** Delivers INTERACTION_CREATE for a chat input command. */
  sendSlashCommand(init: SlashCommandInit): InteractionHandle {
    const ctx = resolveContext(this.core.state, init, 'sendSlashCommand');
    const payload = buildSlashCommandPayload(this.core.state, this.core.commands, init, ctx);
    return this.deliverInteraction(payload, ctx.user, init.name, null);
  }

  /** Delivers an autocomplete interaction; the bot answers with `interaction.respond(choices)` (callback type 8). */
  sendAutocomplete(init: AutocompleteInit): InteractionHandle {
    const ctx = resolveContext(this.core.state, init, 'sendAutocomplete');
    const payload = buildSlashCommandPayload(this.core.state, this.core.commands, init, ctx, { name: init.focused, value: init.value });
    return this.deliverInteraction(payload, ctx.user, init.name, null);
  }

  /**
   * Delivers a message component interaction (button by default). The message
   * is `messageId` if the emulator knows it (e.g. a message the bot posted),
   * else a synthesised bot message carrying the component.
   */
  sendButton(init: ComponentInit): InteractionHandle {
    const { state } = this.core;
    let message = init.messageId ? state.messages.get(init.messageId)?.message : undefined;
    const guildId = init.guildId !== undefined ? init.guildId : message ? ((message.guild_id as string | undefined) ?? null) : undefined;
    const ctx = resolveContext(
      state,
      { ...init, ...(guildId !== undefined ? { guildId } : {}), channelId: init.channelId ?? (message?.channel_id as string | undefined) },
      'sendButton',
    );
    if (!message) {
      message = buildMessage({
        ...(init.messageId ? { id: init.messageId } : {}),
        channelId: ctx.channel.id as string,
        guildId: ctx.guildId,
        author: state.botAuthor(),
        body: {
          content: '',
          components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Button', custom_id: init.customId }] }],
        },
        state,
      });
      state.storeMessage(message);
    }
    const payload = buildComponentPayload(state, init, ctx, message);
    return this.deliverInteraction(payload, ctx.user, null, message.id as string);
  }

  /** Alias of sendButton for select menus etc. (set componentType and values). */
  sendComponent(init: ComponentInit): InteractionHandle {
    return this.sendButton(init);
  }

  private deliverInteraction(payload: JsonObject, user: JsonObject, commandName: string | null, componentMessageId: string | null): InteractionHandle {
    this.assertShardFor((payload.guild_id as string | undefined) ?? null);
    const handle = new InteractionHandle(payload.id as string, payload.token as string, payload);
    const rec: InteractionRecord = {
      id: payload.id as string,
      token: payload.token as string,
      type: payload.type as number,
      createdAt: Date.now(),
      guildId: (payload.guild_id as string | undefined) ?? null,
      channelId: payload.channel_id as string,
      user,
      commandName: payload.type === InteractionType.MessageComponent ? null : commandName,
      acknowledged: false,
      callbackType: null,
      originalMessageId: null,
      componentMessageId,
      followupIds: [],
      handle,
    };
    this.core.interactions.set(rec.token, rec);
    this.interactions.push(handle);
    void this.core.gateway.dispatch('INTERACTION_CREATE', payload);
    return handle;
  }

  /** Delivers MESSAGE_CREATE for a message written by a user (subject to intents / message content rules). */
  async sendMessage(init: UserMessageInit): Promise<SentUserMessage> {
    const { state } = this.core;
    if (!this.core.gateway.hasSession) throw new Error('DiscordEmulator: the bot has no gateway session yet (await emulator.waitForReady())');
    const ctx = resolveContext(
      state,
      {
        user: init.author,
        ...(init.guildId !== undefined ? { guildId: init.guildId } : {}),
        ...(init.channelId !== undefined ? { channelId: init.channelId } : {}),
        ...(init.memberRoles ? { memberRoles: init.memberRoles } : {}),
      },
      'sendMessage',
    );
    this.assertShardFor(ctx.guildId);
    let referenced: JsonObject | null = null;
    if (init.replyTo) {
      referenced = state.liveMessage(ctx.channel.id as string, init.replyTo) ?? null;
      if (!referenced) throw new Error(`DiscordEmulator.sendMessage: replyTo ${init.replyTo} is not a message in channel ${String(ctx.channel.id)}`);
    }
    const ping = init.pingRepliedUser ?? true;
    const message = buildMessage({
      channelId: ctx.channel.id as string,
      guildId: ctx.guildId,
      author: ctx.user,
      body: {
        content: init.content,
        embeds: init.embeds ?? [],
        ...(ping ? {} : { allowed_mentions: { parse: ['users', 'roles', 'everyone'], replied_user: false } }),
      },
      referenced,
      state,
    });
    const mentions = message.mentions as JsonObject[];
    for (const extra of init.mentions ?? []) {
      const id = typeof extra === 'string' ? extra : extra.id;
      if (!mentions.some((u) => u.id === id)) mentions.push(state.userOrStub(id));
    }
    state.storeMessage(message);
    const contentVisible = this.core.botSeesContent(message);
    const delivered = await this.core.dispatchUserMessage(message);
    return { message, delivered, contentVisible };
  }

  /** Messages the bot posted to a channel via POST /channels/:id/messages (current state, in order). */
  channelMessages(channelId: string): RecordedMessage[] {
    return [...(this.core.channelRecords.get(channelId) ?? [])];
  }

  /** Resolves with the first (existing or future) message the bot posts in the channel that matches. */
  waitForChannelMessage(channelId: string, predicate: (m: RecordedMessage) => boolean = () => true, timeoutMs = 5000): Promise<RecordedMessage> {
    return this.core.waitFor(
      () => {
        return this.core.channelRecords.get(channelId)?.find(predicate) ?? this.stoppedCheck();
      },
      timeoutMs,
      () => `a bot message in channel ${channelId} (got ${this.channelMessages(channelId).length} non-matching)`,
    );
  }

  /** Events of this guild (null: a DM) need a session of the shard that owns it. */
  private assertShardFor(guildId: string | null): void {
    if (!this.core.gateway.hasSession) throw new Error('DiscordEmulator: the bot has no gateway session yet (await emulator.waitForReady())');
    if (!this.core.gateway.hasSessionFor(guildId)) {
      throw new Error(`DiscordEmulator: no shard of the bot that owns ${guildId ? `guild ${guildId}` : 'DMs (shard 0)'} has identified yet (await emulator.waitForReady())`);
    }
  }

  private stoppedCheck(): undefined {
    if (this.stopped) throw new Error('DiscordEmulator stopped');
    return undefined;
  }

  /** Any message the emulator knows (bot or user), current state. */
  message(id: string): JsonObject | undefined {
    return this.core.state.messages.get(id)?.message;
  }

  /** Channel object (guild channels, threads the bot created, DM channels). */
  channel(id: string): JsonObject | undefined {
    return this.core.state.channels.get(id);
  }

  /** Stops the HTTP server and gateway. Destroy the discord.js Client first. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.core.notify();
    for (const handle of this.interactions) handle.abort('DiscordEmulator stopped');
    await this.server.close();
  }
}

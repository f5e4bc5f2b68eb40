/**
 * Shared internals of the emulator: state, gateway, registries of
 * interactions / recorded messages / calls / commands, and the rules for what
 * the bot gets to see over the gateway (intents, message content intent).
 */
import { Gateway, GatewayIntent, PRIVILEGED_INTENTS } from './gateway.ts';
import type { InteractionRecord } from './interactions.ts';
import { syncRecordedMessage, waitUntil, type RecordedCall, type RecordedFile, type RecordedMessage } from './records.ts';
import { EmulatorState, MessageFlags, snowflake, type JsonObject } from './state.ts';

export interface DiscordEmulatorOptions {
  /** Bot user id (default 100000000000000001). */
  botUserId?: string;
  /** Application id (default: same as the bot user id, as on Discord). */
  applicationId?: string;
  botUsername?: string;
  /** The shard count GET /gateway/bot recommends (default 1). */
  shards?: number;
  /** heartbeat_interval sent in HELLO (default 41250, like Discord). */
  heartbeatIntervalMs?: number;
  /**
   * Interactions must get their initial callback within this many ms, else the
   * callback is refused with 404 "Unknown interaction" (10062) as on Discord.
   * Default 3000; 0 disables.
   */
  interactionDeadlineMs?: number;
  /**
   * Dispatch MESSAGE_CREATE / MESSAGE_UPDATE / MESSAGE_DELETE for the bot's own
   * non-ephemeral messages, as Discord does (default true). Bots must ignore
   * their own messages.
   */
  echoBotMessages?: boolean;
  /** Reject bodies Discord would reject (content > 2000, empty message, bad embeds...). Default true. */
  validate?: boolean;
  /** Enforce the bot's guild permissions (SendMessages, CreatePublicThreads...) on REST. Default true. */
  enforcePermissions?: boolean;
  /**
   * The privileged intents enabled for the application in the Developer Portal (GuildMembers,
   * GuildPresences, MessageContent bits). An IDENTIFY asking for another is closed with 4014
   * "Disallowed intent(s)", as Discord does. Default: all three enabled.
   */
  privilegedIntents?: number;
}

export type ResolvedOptions = Required<DiscordEmulatorOptions>;

/** The bot adding (PUT) or removing (DELETE) its own reaction on a message. */
export interface ReactionEvent {
  messageId: string;
  channelId: string;
  /** The emoji as Discord names it: the unicode character, or `name:id` for a custom one. */
  emoji: string;
  added: boolean;
  at: number;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly body: JsonObject;
  constructor(status: number, body: JsonObject) {
    super(`${status} ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

export function fail(status: number, code: number, message: string): never {
  throw new ApiFailure(status, { message, code });
}

export class EmulatorCore {
  readonly options: ResolvedOptions;
  readonly state: EmulatorState;
  readonly gateway: Gateway;
  /** Any change anywhere (calls, responses, gateway) fires these. */
  readonly listeners = new Set<() => void>();
  readonly calls: RecordedCall[] = [];
  /** By interaction token. */
  readonly interactions = new Map<string, InteractionRecord>();
  readonly channelRecords = new Map<string, RecordedMessage[]>();
  readonly recordsById = new Map<string, RecordedMessage>();
  /** Uploaded files by `${attachmentId}/${filename}`. */
  readonly files = new Map<string, RecordedFile>();
  readonly commands = { global: [] as JsonObject[], guild: new Map<string, JsonObject[]>() };
  /** Every reaction the bot added or removed, in order. */
  readonly reactionLog: ReactionEvent[] = [];
  /** Every typing indicator the bot triggered, in order. */
  readonly typingLog: { channelId: string; at: number }[] = [];
  baseUrl = '';

  constructor(options: DiscordEmulatorOptions) {
    const botUserId = options.botUserId ?? '100000000000000001';
    this.options = {
      botUserId,
      applicationId: options.applicationId ?? botUserId,
      botUsername: options.botUsername ?? 'EmulatedBot',
      shards: options.shards ?? 1,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      echoBotMessages: options.echoBotMessages ?? true,
      validate: options.validate ?? true,
      enforcePermissions: options.enforcePermissions ?? true,
      privilegedIntents: options.privilegedIntents ?? PRIVILEGED_INTENTS,
    };
    this.state = new EmulatorState(botUserId, this.options.applicationId, this.options.botUsername);
    this.gateway = new Gateway({
      state: this.state,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      privilegedIntents: this.options.privilegedIntents,
      url: () => this.gatewayUrl,
    });
    // One notification channel for everything.
    this.gateway.listeners.add(() => this.notify());
  }

  get gatewayUrl(): string {
    return this.baseUrl.replace(/^http/, 'ws');
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  waitFor<T>(check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    return waitUntil(this.listeners, check, timeoutMs, what);
  }

  /** Whether the session that gets this guild's events (shard 0's for DMs; the first one's when not given) has the intent. */
  hasIntent(bit: number, guildId?: string | null): boolean {
    const intents = guildId === undefined ? this.gateway.intents : this.gateway.intentsFor(guildId);
    return ((intents ?? 0) & bit) !== 0;
  }

  /**
   * Whether the bot sees a message's content (Discord blanks content, embeds,
   * attachments and components without the MESSAGE_CONTENT intent, except for
   * the bot's own messages, DMs, and messages that mention the bot).
   */
  botSeesContent(message: JsonObject): boolean {
    if (this.hasIntent(GatewayIntent.MessageContent, (message.guild_id as string | undefined) ?? null)) return true;
    if (message.author?.id === this.state.botUserId) return true;
    if (!message.guild_id) return true;
    return ((message.mentions as JsonObject[] | undefined) ?? []).some((u) => u.id === this.state.botUserId);
  }

  /** The message as the bot may see it (content blanked without the intent). */
  visibleMessage(message: JsonObject): JsonObject {
    if (this.botSeesContent(message)) return message;
    const { poll: _poll, ...rest } = message;
    return { ...rest, content: '', embeds: [], attachments: [], components: [] };
  }

  /** Whether MESSAGE_* events for this message reach the bot given its intents. */
  messageEventsAllowed(message: JsonObject): boolean {
    const guildId = (message.guild_id as string | undefined) ?? null;
    if (!this.gateway.hasSessionFor(guildId)) return false;
    return this.hasIntent(guildId ? GatewayIntent.GuildMessages : GatewayIntent.DirectMessages, guildId);
  }

  private withMember(message: JsonObject): JsonObject {
    const guildId = message.guild_id as string | undefined;
    if (!guildId) return message;
    const guild = this.state.guilds.get(guildId);
    if (!guild) return message;
    const authorId = message.author?.id as string;
    const member = authorId === this.state.botUserId ? this.state.botMember(guild) : guild.members.get(authorId);
    if (!member) return message;
    const { user: _u, ...partial } = member;
    return { ...message, member: partial };
  }

  /** MESSAGE_CREATE for a user-sent message. Resolves true if dispatched. */
  async dispatchUserMessage(message: JsonObject): Promise<boolean> {
    if (!this.messageEventsAllowed(message)) return false;
    await this.gateway.dispatch('MESSAGE_CREATE', this.withMember(this.visibleMessage(message)));
    return true;
  }

  /** MESSAGE_CREATE echo for the bot's own message (non-ephemeral only). */
  echoBotMessageCreate(message: JsonObject): void {
    if (!this.options.echoBotMessages || isEphemeral(message) || !this.messageEventsAllowed(message)) return;
    void this.gateway.dispatch('MESSAGE_CREATE', this.withMember(message));
  }

  echoBotMessageUpdate(message: JsonObject): void {
    if (!this.options.echoBotMessages || isEphemeral(message) || !this.messageEventsAllowed(message)) return;
    void this.gateway.dispatch('MESSAGE_UPDATE', this.withMember(message));
  }

  echoBotMessageDelete(message: JsonObject): void {
    if (!this.options.echoBotMessages || isEphemeral(message) || !this.messageEventsAllowed(message)) return;
    void this.gateway.dispatch('MESSAGE_DELETE', {
      id: message.id,
      channel_id: message.channel_id,
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    });
  }

  recordChannelMessage(message: JsonObject, body: JsonObject, files: RecordedFile[]): RecordedMessage {
    const record: RecordedMessage = {
      id: message.id as string,
      channelId: message.channel_id as string,
      guildId: (message.guild_id as string | undefined) ?? null,
      content: '',
      embeds: [],
      components: [],
      flags: 0,
      allowedMentions: body.allowed_mentions as JsonObject | undefined,
      messageReference: body.message_reference as JsonObject | undefined,
      body,
      files,
      message,
      edits: [],
      deleted: false,
    };
    syncRecordedMessage(record);
    const list = this.channelRecords.get(record.channelId) ?? [];
    list.push(record);
    this.channelRecords.set(record.channelId, list);
    this.recordsById.set(record.id, record);
    return record;
  }

  /** Turns uploaded files (+ body.attachments metadata) into attachment objects. */
  attachmentsFor(channelId: string, body: JsonObject, files: RecordedFile[]): JsonObject[] {
    const meta: JsonObject[] = Array.isArray(body.attachments) ? body.attachments : [];
    return files.map((file, index) => {
      const match = /\[(\d+)\]/.exec(file.field);
      const slot = match ? Number(match[1]) : index;
      const info = meta.find((m) => String(m.id) === String(slot)) ?? {};
      const id = snowflake();
      const filename = (info.filename as string | undefined) ?? file.filename;
      this.files.set(`${id}/${filename}`, file);
      const url = `${this.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      return {
        id,
        filename,
        size: file.size,
        url,
        proxy_url: url,
        content_type: file.contentType,
        ...(info.description ? { description: info.description } : {}),
      };
    });
  }
}

export function isEphemeral(message: JsonObject): boolean {
  return (((message.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral) !== 0;
}

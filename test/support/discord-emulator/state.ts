/**
 * In-memory state of the emulated Discord: users, guilds, channels, messages,
 * plus builders for the JSON objects discord.js expects (users, members,
 * guilds, channels, messages). Everything here is plain data; no I/O.
 */

/** Loose JSON object as exchanged with discord.js. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = { [key: string]: any };

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;

/** A real-looking snowflake (timestamp-based, so discord.js `createdAt` works). */
export function snowflake(now: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(now) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

/** Permission bits used by the fixtures (subset of Discord's PermissionFlagsBits). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
  Administrator: 1n << 3n,
} as const;

/** What @everyone may do in emulated guilds unless overridden. */
export const DEFAULT_EVERYONE_PERMISSIONS = (
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads
).toString();

/** Permissions of the bot's managed role unless overridden. */
export const DEFAULT_BOT_PERMISSIONS = (
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.UseApplicationCommands |
  Permission.ManageThreads |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads
).toString();

export const ChannelTypes = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

export const MessageFlags = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
} as const;

export interface UserInit {
  id: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
  avatar?: string | null;
}

export function makeUser(init: UserInit): JsonObject {
  return {
    id: init.id,
    username: init.username ?? `user${init.id.slice(-4)}`,
    discriminator: '0',
    global_name: init.global_name ?? null,
    avatar: init.avatar ?? null,
    bot: init.bot ?? false,
    system: false,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function makeMember(user: JsonObject, opts: { roles?: string[]; permissions?: string; joinedAt?: string } = {}): JsonObject {
  const member: JsonObject = {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: opts.roles ?? [],
    joined_at: opts.joinedAt ?? new Date(Date.now() - 86_400_000).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
  if (opts.permissions !== undefined) member.permissions = opts.permissions;
  return member;
}

export interface ChannelInit {
  id: string;
  name: string;
  /** Discord channel type; defaults to 0 (GUILD_TEXT). */
  type?: number;
  parentId?: string | null;
  topic?: string | null;
  /** Extra raw fields merged into the channel object. */
  extra?: JsonObject;
}

/** A role of an emulated guild (besides @everyone and the bot's managed role). */
export interface RoleInit {
  id: string;
  name: string;
  /** Whether anyone may mention (ping) it; otherwise only with Mention Everyone. @default false */
  mentionable?: boolean;
  /** Permission bitfield (decimal string). @default '0' */
  permissions?: string;
}

export interface GuildInit {
  id: string;
  name: string;
  channels: ChannelInit[];
  roles?: RoleInit[];
  ownerId?: string;
  /** Permission bitfield (decimal string) of the bot's managed role. */
  botPermissions?: string;
  /** Permission bitfield (decimal string) of @everyone. */
  everyonePermissions?: string;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  botRoleId: string;
  botPermissions: string;
  everyonePermissions: string;
  joinedAt: string;
  /** Channel ids (including threads) belonging to this guild. */
  channelIds: Set<string>;
  /** Members (other than the bot) seen in interactions / messages, by user id. */
  members: Map<string, JsonObject>;
  /** Roles besides @everyone and the bot's, by id. */
  roles: Map<string, RoleInit>;
}

/** A bot-visible message plus bookkeeping. */
export interface StoredMessage {
  message: JsonObject;
  deleted: boolean;
}

export class EmulatorState {
  readonly botUser: JsonObject;
  readonly applicationId: string;
  readonly users = new Map<string, JsonObject>();
  /** Files uploaded as attachment options of slash commands, by attachment id (resolved.attachments). */
  readonly optionAttachments = new Map<string, JsonObject>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, JsonObject>();
  readonly messages = new Map<string, StoredMessage>();

  constructor(botUserId: string, applicationId: string, botUsername: string) {
    this.applicationId = applicationId;
    this.botUser = {
      ...makeUser({ id: botUserId, username: botUsername, bot: true }),
      verified: true,
      mfa_enabled: false,
      email: null,
    };
    this.users.set(botUserId, this.botUser);
  }

  get botUserId(): string {
    return this.botUser.id as string;
  }

  /** Public (non-private) form of the bot user, as used in message authors. */
  botAuthor(): JsonObject {
    const { verified: _v, mfa_enabled: _m, email: _e, ...rest } = this.botUser;
    return rest;
  }

  rememberUser(user: JsonObject): JsonObject {
    const existing = this.users.get(user.id as string);
    if (existing && user.id === this.botUserId) return existing;
    const merged = { ...(existing ?? {}), ...user };
    this.users.set(user.id as string, merged);
    return merged;
  }

  userOrStub(id: string): JsonObject {
    const known = this.users.get(id);
    if (!known) return makeUser({ id });
    return id === this.botUserId ? this.botAuthor() : known;
  }

  addGuild(init: GuildInit): GuildState {
    if (this.guilds.has(init.id)) throw new Error(`DiscordEmulator: guild ${init.id} already added`);
    const guild: GuildState = {
      id: init.id,
      name: init.name,
      ownerId: init.ownerId ?? snowflake(),
      botRoleId: snowflake(),
      botPermissions: init.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      everyonePermissions: init.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      joinedAt: new Date(Date.now() - 3_600_000).toISOString(),
      channelIds: new Set(),
      members: new Map(),
      roles: new Map((init.roles ?? []).map((role) => [role.id, role])),
    };
    this.guilds.set(guild.id, guild);
    init.channels.forEach((channel, position) => {
      this.channels.set(channel.id, makeGuildChannel(guild.id, channel, position));
      guild.channelIds.add(channel.id);
    });
    return guild;
  }

  /** Combined permissions of the bot in a guild (everyone | bot role). */
  botPermissionsIn(guildId: string): string {
    const guild = this.guilds.get(guildId);
    if (!guild) return '0';
    return (BigInt(guild.everyonePermissions) | BigInt(guild.botPermissions)).toString();
  }

  botMember(guild: GuildState): JsonObject {
    return makeMember(this.botAuthor(), { roles: [guild.botRoleId], joinedAt: guild.joinedAt });
  }

  /** Full GUILD_CREATE payload for a guild. */
  guildCreatePayload(guildId: string): JsonObject {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`DiscordEmulator: unknown guild ${guildId}`);
    const channels: JsonObject[] = [];
    const threads: JsonObject[] = [];
    for (const id of guild.channelIds) {
      const channel = this.channels.get(id);
      if (!channel) continue;
      (isThreadType(channel.type as number) ? threads : channels).push(channel);
    }
    return {
      ...this.guildObject(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [this.botMember(guild)],
      channels,
      threads: threads.filter((t) => !t.thread_metadata?.archived),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** REST guild object (GET /guilds/:id). */
  guildObject(guild: GuildState): JsonObject {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          color: 0,
          hoist: false,
          icon: null,
          unicode_emoji: null,
          position: 0,
          permissions: guild.everyonePermissions,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        {
          id: guild.botRoleId,
          name: this.botUser.username,
          color: 0,
          hoist: false,
          icon: null,
          unicode_emoji: null,
          position: 1,
          permissions: guild.botPermissions,
          managed: true,
          mentionable: false,
          flags: 0,
          tags: { bot_id: this.botUserId },
        },
        ...[...guild.roles.values()].map((role, i) => roleObject(role, i + 2)),
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
    };
  }

  /** Creates (or returns) the DM channel between the bot and a user. */
  dmChannelFor(userId: string): JsonObject {
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelTypes.DM && channel.recipients?.[0]?.id === userId) return channel;
    }
    const channel: JsonObject = {
      id: snowflake(),
      type: ChannelTypes.DM,
      last_message_id: null,
      flags: 0,
      recipients: [this.userOrStub(userId)],
    };
    this.channels.set(channel.id as string, channel);
    return channel;
  }

  createThread(parent: JsonObject, body: JsonObject, starterMessageId: string | null, ownerId: string = this.botUserId): JsonObject {
    const guildId = parent.guild_id as string;
    const id = starterMessageId ?? snowflake();
    const type =
      starterMessageId !== null
        ? parent.type === ChannelTypes.GuildAnnouncement
          ? ChannelTypes.AnnouncementThread
          : ChannelTypes.PublicThread
        : ((body.type as number | undefined) ?? ChannelTypes.PrivateThread);
    const now = new Date().toISOString();
    const thread: JsonObject = {
      id,
      type,
      guild_id: guildId,
      parent_id: parent.id,
      name: body.name,
      owner_id: ownerId,
      last_message_id: null,
      rate_limit_per_user: body.rate_limit_per_user ?? 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      applied_tags: [],
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? 1440,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
        ...(type === ChannelTypes.PrivateThread ? { invitable: body.invitable ?? true } : {}),
      },
      ...(ownerId === this.botUserId ? { member: { id, user_id: this.botUserId, join_timestamp: now, flags: 0 } } : {}),
    };
    this.channels.set(id, thread);
    this.guilds.get(guildId)?.channelIds.add(id);
    return thread;
  }

  storeMessage(message: JsonObject): StoredMessage {
    const stored: StoredMessage = { message, deleted: false };
    this.messages.set(message.id as string, stored);
    const channel = this.channels.get(message.channel_id as string);
    if (channel) {
      channel.last_message_id = message.id;
      if (isThreadType(channel.type as number)) {
        channel.message_count = ((channel.message_count as number) ?? 0) + 1;
        channel.total_message_sent = ((channel.total_message_sent as number) ?? 0) + 1;
      }
    }
    return stored;
  }

  liveMessage(channelId: string, messageId: string): JsonObject | undefined {
    const stored = this.messages.get(messageId);
    if (!stored || stored.deleted || stored.message.channel_id !== channelId) return undefined;
    return stored.message;
  }

  channelGuildId(channelId: string): string | null {
    return (this.channels.get(channelId)?.guild_id as string | undefined) ?? null;
  }
}

/** A role as Discord's API sends it. */
export function roleObject(role: RoleInit, position: number): JsonObject {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: role.permissions ?? '0',
    managed: false,
    mentionable: role.mentionable ?? false,
    flags: 0,
  };
}

export function isThreadType(type: number): boolean {
  return type === ChannelTypes.AnnouncementThread || type === ChannelTypes.PublicThread || type === ChannelTypes.PrivateThread;
}

export function makeGuildChannel(guildId: string, init: ChannelInit, position: number): JsonObject {
  const type = init.type ?? ChannelTypes.GuildText;
  const base: JsonObject = {
    id: init.id,
    type,
    guild_id: guildId,
    name: init.name,
    position,
    permission_overwrites: [],
    parent_id: init.parentId ?? null,
    flags: 0,
    nsfw: false,
  };
  if (type === ChannelTypes.GuildText || type === ChannelTypes.GuildAnnouncement) {
    Object.assign(base, {
      topic: init.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_auto_archive_duration: 1440,
      default_thread_rate_limit_per_user: 0,
    });
  } else if (type === ChannelTypes.GuildVoice) {
    Object.assign(base, { bitrate: 64000, user_limit: 0, rtc_region: null, last_message_id: null, rate_limit_per_user: 0 });
  }
  return { ...base, ...(init.extra ?? {}) };
}

export interface MentionContext {
  state: EmulatorState;
  guildId: string | null;
  /** Author of the message being replied to, if this is a reply. */
  repliedUserId?: string | null;
}

export interface ResolvedMentions {
  mentions: JsonObject[];
  mention_roles: string[];
  mention_everyone: boolean;
}

/**
 * Works out who a message actually pings: mentions parsed from content,
 * filtered by allowed_mentions the way Discord does (no allowed_mentions =
 * everything parsed plus the replied-to user; with allowed_mentions only what
 * it allows, and the replied user only when replied_user is true).
 */
export function resolveMentions(content: string, allowed: JsonObject | undefined | null, ctx: MentionContext): ResolvedMentions {
  const userIds = unique([...content.matchAll(/<@!?(\d{5,25})>/g)].map((m) => m[1] as string));
  const roleIds = unique([...content.matchAll(/<@&(\d{5,25})>/g)].map((m) => m[1] as string));
  const everyone = /@(everyone|here)\b/.test(content);
  let users: string[];
  let roles: string[];
  let pingEveryone: boolean;
  let replied: boolean;
  if (allowed === undefined || allowed === null) {
    users = userIds;
    roles = roleIds;
    pingEveryone = everyone;
    replied = true;
  } else {
    const parse: string[] = Array.isArray(allowed.parse) ? (allowed.parse as string[]) : [];
    const allowUsers: string[] = Array.isArray(allowed.users) ? (allowed.users as string[]) : [];
    const allowRoles: string[] = Array.isArray(allowed.roles) ? (allowed.roles as string[]) : [];
    users = parse.includes('users') ? userIds : userIds.filter((id) => allowUsers.includes(id));
    roles = parse.includes('roles') ? roleIds : roleIds.filter((id) => allowRoles.includes(id));
    pingEveryone = parse.includes('everyone') && everyone;
    replied = allowed.replied_user === true;
  }
  if (replied && ctx.repliedUserId && !users.includes(ctx.repliedUserId)) users.push(ctx.repliedUserId);
  const mayMentionAll = ctx.guildId !== null && (BigInt(ctx.state.botPermissionsIn(ctx.guildId)) & (Permission.MentionEveryone | Permission.Administrator)) !== 0n;
  if (pingEveryone && !mayMentionAll) pingEveryone = false;
  // A role pings only when it is a role of this guild and mentionable, or the sender may mention everyone.
  const guildRoles = ctx.guildId ? ctx.state.guilds.get(ctx.guildId)?.roles : undefined;
  roles = roles.filter((id) => guildRoles?.has(id) && (guildRoles.get(id)!.mentionable === true || mayMentionAll));
  return {
    mentions: users.map((id) => ctx.state.userOrStub(id)),
    mention_roles: roles,
    mention_everyone: pingEveryone,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export interface BuildMessageInit {
  id?: string;
  channelId: string;
  guildId: string | null;
  author: JsonObject;
  body: JsonObject;
  type?: number;
  attachments?: JsonObject[];
  extra?: JsonObject;
  /** The resolved referenced message for replies. */
  referenced?: JsonObject | null;
  state: EmulatorState;
}

/** Builds a full message object from a create-message request body. */
export function buildMessage(init: BuildMessageInit): JsonObject {
  const { body } = init;
  const content = typeof body.content === 'string' ? body.content : '';
  const referenced = init.referenced ?? null;
  const mentionInfo = resolveMentions(content, body.allowed_mentions, {
    state: init.state,
    guildId: init.guildId,
    repliedUserId: referenced ? (referenced.author?.id as string | undefined) : null,
  });
  const message: JsonObject = {
    id: init.id ?? snowflake(),
    type: init.type ?? (referenced ? 19 : 0),
    channel_id: init.channelId,
    author: init.author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body.tts === true,
    ...mentionInfo,
    mention_channels: [],
    attachments: init.attachments ?? [],
    embeds: normaliseEmbeds(body.embeds),
    reactions: [],
    pinned: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    components: Array.isArray(body.components) ? body.components : [],
    sticker_items: [],
    position: 0,
  };
  if (init.guildId) message.guild_id = init.guildId;
  if (body.nonce !== undefined) message.nonce = body.nonce;
  if (body.poll) message.poll = body.poll;
  if (referenced) {
    message.message_reference = {
      type: 0,
      message_id: referenced.id,
      channel_id: referenced.channel_id,
      ...(referenced.guild_id ? { guild_id: referenced.guild_id } : {}),
    };
    message.referenced_message = referenced;
  }
  return { ...message, ...(init.extra ?? {}) };
}

/** Applies a message edit body (PATCH) to an existing message object in place. */
export function applyMessageEdit(message: JsonObject, body: JsonObject, state: EmulatorState, attachments?: JsonObject[]): void {
  if ('content' in body) {
    message.content = typeof body.content === 'string' ? body.content : '';
    const referencedAuthor = message.referenced_message?.author?.id as string | undefined;
    Object.assign(
      message,
      resolveMentions(message.content as string, body.allowed_mentions, {
        state,
        guildId: (message.guild_id as string | undefined) ?? null,
        repliedUserId: referencedAuthor ?? null,
      }),
    );
  }
  if ('embeds' in body) message.embeds = normaliseEmbeds(body.embeds);
  if ('components' in body) message.components = Array.isArray(body.components) ? body.components : [];
  if ('flags' in body && typeof body.flags === 'number') {
    // Only SUPPRESS_EMBEDS can be toggled on edit; keep the rest (e.g. EPHEMERAL).
    const current = (message.flags as number) & ~MessageFlags.SuppressEmbeds & ~MessageFlags.Loading;
    message.flags = current | (body.flags & MessageFlags.SuppressEmbeds);
  } else {
    message.flags = (message.flags as number) & ~MessageFlags.Loading;
  }
  if (attachments) message.attachments = attachments;
  else if ('attachments' in body && Array.isArray(body.attachments)) {
    const keep = new Set((body.attachments as JsonObject[]).map((a) => String(a.id)));
    message.attachments = ((message.attachments as JsonObject[]) ?? []).filter((a) => keep.has(String(a.id)));
  }
  message.edited_timestamp = new Date().toISOString();
}

function normaliseEmbeds(embeds: unknown): JsonObject[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((embed: JsonObject) => ({ type: 'rich', ...embed }));
}

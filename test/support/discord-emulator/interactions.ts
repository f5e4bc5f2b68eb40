/**
 * Builders for INTERACTION_CREATE payloads (chat input commands, message
 * components, autocomplete) and the per-interaction bookkeeping record.
 */
import { randomBytes } from 'node:crypto';
import { InteractionHandle } from './records.ts';
import { ChannelTypes, makeMember, makeUser, roleObject, snowflake, type EmulatorState, type JsonObject } from './state.ts';

export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export type OptionValue = string | number | boolean;

/** The user who triggers an interaction / sends a message. Missing fields get defaults. */
export interface EmulatedUserInit {
  id?: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
}

export const DEFAULT_USER_ID = '200000000000000001';

export function resolveUser(state: EmulatorState, init: EmulatedUserInit | undefined): JsonObject {
  const id = init?.id ?? DEFAULT_USER_ID;
  const known = state.users.get(id);
  const user = makeUser({
    id,
    username: init?.username ?? (known?.username as string | undefined) ?? (id === DEFAULT_USER_ID ? 'tester' : undefined),
    global_name: init?.global_name ?? (known?.global_name as string | null | undefined) ?? null,
    bot: init?.bot ?? (known?.bot as boolean | undefined) ?? false,
  });
  return state.rememberUser(user);
}

export interface InteractionContextInit {
  /** Who invokes it (default: user 200000000000000001 "tester"). */
  user?: EmulatedUserInit;
  /** Invoking member's permissions (decimal bitfield string); default: the guild's @everyone permissions. */
  memberPermissions?: string;
  /** Role ids of the invoking member. */
  memberRoles?: string[];
  /** Guild id; defaults to the first added guild. Pass null for a DM interaction. */
  guildId?: string | null;
  /** Channel id; defaults to the first text channel of the guild (or the user's DM channel). */
  channelId?: string;
  locale?: string;
}

export interface SlashCommandInit extends InteractionContextInit {
  name: string;
  /**
   * Options as a name -> value map (option types are taken from the command
   * definition the bot registered, else inferred: string 3, integer 4,
   * non-integer number 10, boolean 5), or raw API option objects.
   */
  options?: Record<string, OptionValue> | JsonObject[];
  subcommand?: string;
  subcommandGroup?: string;
  /** Command id; defaults to the id of the registered command, else a fresh snowflake. */
  commandId?: string;
}

export interface AutocompleteInit extends SlashCommandInit {
  /** Name of the option being typed into. */
  focused: string;
  /** What the user has typed so far. */
  value: string;
}

export interface ComponentInit extends InteractionContextInit {
  customId: string;
  /** Message the component is on; defaults to a synthesised bot message in the channel. */
  messageId?: string;
  /** 2 button (default), 3 string select, 5 user select, 6 role select, 7 mentionable, 8 channel select. */
  componentType?: number;
  /** Selected values for select menus. */
  values?: string[];
}

/** Bookkeeping for one interaction. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  createdAt: number;
  guildId: string | null;
  channelId: string;
  user: JsonObject;
  commandName: string | null;
  acknowledged: boolean;
  callbackType: number | null;
  originalMessageId: string | null;
  /** For component interactions: the message the component is on. */
  componentMessageId: string | null;
  followupIds: string[];
  handle: InteractionHandle;
}

interface Context {
  guildId: string | null;
  channel: JsonObject;
  user: JsonObject;
  member: JsonObject | null;
  locale: string;
}

export function resolveContext(state: EmulatorState, init: InteractionContextInit, what: string): Context {
  const user = resolveUser(state, init.user);
  let guildId: string | null = init.guildId === undefined ? (state.guilds.keys().next().value ?? null) : init.guildId;
  if (guildId === null) {
    const channel = init.channelId ? state.channels.get(init.channelId) : state.dmChannelFor(user.id as string);
    if (!channel) throw new Error(`DiscordEmulator.${what}: unknown channel ${init.channelId}`);
    return { guildId: null, channel, user, member: null, locale: init.locale ?? 'en-US' };
  }
  const guild = state.guilds.get(guildId);
  if (!guild) throw new Error(`DiscordEmulator.${what}: unknown guild ${guildId} (call addGuild first)`);
  let channel: JsonObject | undefined;
  if (init.channelId) channel = state.channels.get(init.channelId);
  else {
    for (const id of guild.channelIds) {
      const candidate = state.channels.get(id);
      if (candidate && candidate.type === ChannelTypes.GuildText) {
        channel = candidate;
        break;
      }
    }
  }
  if (!channel || channel.guild_id !== guildId)
    throw new Error(`DiscordEmulator.${what}: channel ${init.channelId ?? '(default)'} is not a channel of guild ${guildId}`);
  const permissions = init.memberPermissions ?? guild.everyonePermissions;
  const member = makeMember(user, { roles: init.memberRoles ?? [], permissions });
  const { permissions: _p, ...storedMember } = member;
  guild.members.set(user.id as string, storedMember);
  guildId = guild.id;
  return { guildId, channel, user, member, locale: init.locale ?? 'en-US' };
}

function basePayload(state: EmulatorState, ctx: Context, type: number, data: JsonObject): JsonObject {
  const id = snowflake();
  const payload: JsonObject = {
    id,
    application_id: state.applicationId,
    type,
    data,
    channel_id: ctx.channel.id,
    channel: { ...ctx.channel },
    token: `emulated_${randomBytes(24).toString('hex')}`,
    version: 1,
    locale: ctx.locale,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (ctx.guildId) {
    payload.guild_id = ctx.guildId;
    payload.guild = { id: ctx.guildId, locale: 'en-US', features: [] };
    payload.guild_locale = 'en-US';
    payload.member = ctx.member;
    payload.app_permissions = state.botPermissionsIn(ctx.guildId);
    payload.channel.permissions = ctx.member?.permissions;
    payload.authorizing_integration_owners = { '0': ctx.guildId };
    payload.context = 0;
  } else {
    payload.user = ctx.user;
    payload.app_permissions = '0';
    payload.authorizing_integration_owners = { '1': ctx.user.id };
    payload.context = 1;
  }
  return payload;
}

/** Finds the command the bot registered (guild commands first, then global). */
export function findRegisteredCommand(
  registered: { global: JsonObject[]; guild: Map<string, JsonObject[]> },
  name: string,
  guildId: string | null,
  type = 1,
): JsonObject | undefined {
  const match = (c: JsonObject): boolean => c.name === name && (c.type ?? 1) === type;
  return (guildId ? registered.guild.get(guildId)?.find(match) : undefined) ?? registered.global.find(match);
}

function buildOptions(
  state: EmulatorState,
  init: SlashCommandInit,
  command: JsonObject | undefined,
  resolved: JsonObject,
  focused?: { name: string; value: string },
): JsonObject[] {
  let definitions: JsonObject[] = (command?.options as JsonObject[] | undefined) ?? [];
  const wrap: { name: string; type: number }[] = [];
  if (init.subcommandGroup) {
    wrap.push({ name: init.subcommandGroup, type: OptionType.SubcommandGroup });
    definitions = (definitions.find((o) => o.name === init.subcommandGroup)?.options as JsonObject[] | undefined) ?? [];
  }
  if (init.subcommand) {
    wrap.push({ name: init.subcommand, type: OptionType.Subcommand });
    definitions = (definitions.find((o) => o.name === init.subcommand)?.options as JsonObject[] | undefined) ?? [];
  }
  let leaf: JsonObject[];
  if (Array.isArray(init.options)) leaf = init.options;
  else {
    const values: Record<string, OptionValue> = { ...(init.options ?? {}) };
    if (focused) values[focused.name] = focused.value;
    leaf = Object.entries(values).map(([name, value]) => {
      const def = definitions.find((d) => d.name === name);
      const type = (def?.type as number | undefined) ?? inferType(value);
      const option: JsonObject = { name, type, value: focused?.name === name ? String(value) : value };
      if (focused?.name === name) option.focused = true;
      else addResolved(state, type, String(value), resolved);
      return option;
    });
  }
  for (const level of wrap.reverse()) leaf = [{ name: level.name, type: level.type, options: leaf }];
  return leaf;
}

function inferType(value: OptionValue): number {
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

function addResolved(state: EmulatorState, type: number, id: string, resolved: JsonObject): void {
  if (type === OptionType.User || type === OptionType.Mentionable) {
    const user = state.users.get(id);
    if (user || type === OptionType.User) {
      resolved.users ??= {};
      resolved.users[id] = state.userOrStub(id);
    }
  }
  if (type === OptionType.Role || type === OptionType.Mentionable) {
    const guild = [...state.guilds.values()].find((g) => g.roles.has(id) || g.id === id);
    const role = guild?.roles.get(id);
    if (role) {
      resolved.roles ??= {};
      resolved.roles[id] = roleObject(role, 2);
    } else if (guild) {
      resolved.roles ??= {};
      resolved.roles[id] = { ...roleObject({ id, name: '@everyone', permissions: guild.everyonePermissions }, 0) };
    }
  }
  if (type === OptionType.Attachment) {
    const attachment = state.optionAttachments.get(id);
    if (attachment) {
      resolved.attachments ??= {};
      resolved.attachments[id] = attachment;
    }
  }
  if (type === OptionType.Channel) {
    const channel = state.channels.get(id);
    if (channel) {
      resolved.channels ??= {};
      resolved.channels[id] = {
        id,
        name: channel.name,
        type: channel.type,
        permissions: '0',
        ...(channel.parent_id ? { parent_id: channel.parent_id } : {}),
        ...(channel.thread_metadata ? { thread_metadata: channel.thread_metadata } : {}),
      };
    }
  }
}

export function buildSlashCommandPayload(
  state: EmulatorState,
  registered: { global: JsonObject[]; guild: Map<string, JsonObject[]> },
  init: SlashCommandInit,
  ctx: Context,
  autocomplete?: { name: string; value: string },
): JsonObject {
  const command = findRegisteredCommand(registered, init.name, ctx.guildId);
  const resolved: JsonObject = {};
  const options = buildOptions(state, init, command, resolved, autocomplete);
  const data: JsonObject = {
    id: init.commandId ?? (command?.id as string | undefined) ?? snowflake(),
    name: init.name,
    type: 1,
    options,
  };
  if (command?.guild_id) data.guild_id = command.guild_id;
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  return basePayload(state, ctx, autocomplete ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand, data);
}

export function buildComponentPayload(state: EmulatorState, init: ComponentInit, ctx: Context, message: JsonObject): JsonObject {
  const data: JsonObject = { custom_id: init.customId, component_type: init.componentType ?? 2 };
  if (init.values) data.values = init.values;
  return { ...basePayload(state, ctx, InteractionType.MessageComponent, data), message };
}

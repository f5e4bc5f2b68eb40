/**
 * Local Discord API + gateway emulator for driving the real discord.js Client
 * in tests. See emulator.ts for usage.
 */
export { DiscordEmulator } from './emulator.ts';
export type { GatewayInfo, SentUserMessage, UserMessageInit } from './emulator.ts';
export type { DiscordEmulatorOptions, ReactionEvent } from './core.ts';
export { InteractionHandle } from './records.ts';
export type {
  InteractionResponseKind,
  InteractionResponseRecord,
  RecordedCall,
  RecordedFile,
  RecordedMessage,
  SettleOptions,
} from './records.ts';
export type { AutocompleteInit, ComponentInit, EmulatedUserInit, InteractionContextInit, OptionValue, SlashCommandInit } from './interactions.ts';
export { DEFAULT_USER_ID, InteractionType, OptionType } from './interactions.ts';
export type { ChannelInit, GuildInit, JsonObject, RoleInit } from './state.ts';
export { ChannelTypes, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, MessageFlags, Permission, snowflake } from './state.ts';
export { GatewayIntent, GatewayOp, PRIVILEGED_INTENTS } from './gateway.ts';
export type { ShardSessionInfo } from './gateway.ts';
export { shardOfGuild } from './shard-routing.ts';

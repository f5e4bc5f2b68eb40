import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { NO_PINGS } from './paging/page-message.ts';

/**
 * How often the REST client forgets its idle per-route queues. Each answered interaction gets
 * its own (its webhook token is the route's major parameter); discord.js's default sweep, once an
 * hour, lets an hour of answers pile up (about 1 KB each, measured by test/load/bot-load.ts).
 * A swept queue is simply made again if its route is used again; a rate-limited one is kept.
 */
const REST_HANDLER_SWEEP_MS = 60_000;

/**
 * The discord.js client. Intents: Guilds (slash commands, channels, threads), GuildMessages
 * (mentions: a message that mentions the bot carries its content) and, with `messageContent`,
 * the privileged MessageContent intent: the content of messages that do not mention the bot
 * (follow-ups in its threads, #ask channels). With `apiBase` (DISCORD_API_BASE) REST calls go there, and so does the
 * gateway lookup (GET /gateway/bot), so a proxy or a local emulator stands in for Discord.
 * Pings are off by default for every message, and each send sets them off again.
 */
export function createClient(options: { apiBase?: string; overrides?: Partial<ClientOptions>; messageContent?: boolean } = {}): Client {
  const { rest, ...overrides } = options.overrides ?? {};
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, ...(options.messageContent ? [GatewayIntentBits.MessageContent] : [])],
    allowedMentions: { ...NO_PINGS, parse: [] },
    rest: { handlerSweepInterval: REST_HANDLER_SWEEP_MS, ...(options.apiBase ? { api: options.apiBase } : {}), ...rest },
    ...overrides,
  });
}

import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { NO_PINGS } from './paging/page-message.ts';

/**
 * The discord.js client. Intents: Guilds (slash commands, channels) and GuildMessages (mentions;
 * a message that mentions the bot carries its content, so the privileged MessageContent intent
 * is not needed). With `apiBase` (DISCORD_API_BASE) REST calls go there, and so does the
 * gateway lookup (GET /gateway/bot), so a proxy or a local emulator stands in for Discord.
 * Pings are off by default for every message, and each send sets them off again.
 */
export function createClient(options: { apiBase?: string; overrides?: Partial<ClientOptions> } = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    allowedMentions: { ...NO_PINGS, parse: [] },
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
    ...options.overrides,
  });
}

import { REST, Routes, type RESTGetAPIGatewayBotResult } from 'discord.js';

/**
 * How many shards Discord recommends for this bot (GET /gateway/bot). discord.js's own
 * fetchRecommendedShardCount always asks discord.com; this asks DISCORD_API_BASE when set, so a
 * proxy or the local emulator answers too.
 */
export async function recommendedShardCount(options: { token: string; apiBase?: string }): Promise<number> {
  const rest = new REST(options.apiBase ? { api: options.apiBase } : {}).setToken(options.token);
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return Math.max(1, gateway.shards);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

import type { BotSettings } from '../bot-config.ts';

/** The shard that does the bot's once-per-bot work. */
export const DUTY_SHARD = 0;

/**
 * The settings one shard runs with. Scheduled briefings (one channel) and feed polling (the
 * shared feeds and every server's own, each into its corpus folder) are work for the whole bot,
 * not per shard: only shard 0 schedules them, so a briefing is posted once and a feed is polled once. It posts through the REST API, which
 * reaches the briefing channel whichever shard's server it is in.
 */
export function settingsForShard(settings: BotSettings, shardId: number): BotSettings {
  if (shardId === DUTY_SHARD) return settings;
  const { briefing: _briefing, feedCron: _feedCron, ...rest } = settings;
  return rest;
}

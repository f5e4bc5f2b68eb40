import type { Config } from '../config.ts';
import { cronProblem } from '../briefing/schedule.ts';

export interface BotSettings {
  token: string;
  clientId?: string;
  guildId?: string;
  apiBase?: string;
  briefing?: { channelId: string; cron: string };
  /** When to poll the feeds (FEED_CRON). */
  feedCron?: string;
  /** Shard processes (BOT_SHARDS): 1 runs the bot in this process. @default 1 */
  shards?: number | 'auto';
}

export type BotSettingsResult = { ok: true; settings: BotSettings } | { ok: false; problems: string[] };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The bot's settings, checked together: each problem names its variable and says what to do.
 * DISCORD_CLIENT_ID is required to register commands (deploy-commands) but not to run: the
 * gateway's READY tells the bot its own application id.
 */
export function botSettings(config: Config, purpose: 'start' | 'deploy'): BotSettingsResult {
  const problems: string[] = [];
  const token = config.DISCORD_TOKEN?.trim();
  if (!token) problems.push('DISCORD_TOKEN: not set. Copy the bot token from the Discord Developer Portal (your application → Bot → Reset Token).');
  else if (/^bot\s/i.test(token)) problems.push('DISCORD_TOKEN: remove the leading "Bot " — give the token alone.');
  else if (!TOKEN_SHAPE.test(token)) problems.push('DISCORD_TOKEN: does not look like a bot token (three parts separated by dots). Copy it again from the Developer Portal.');
  if (purpose === 'deploy' && !config.DISCORD_CLIENT_ID) {
    problems.push('DISCORD_CLIENT_ID: not set; registering commands needs the application id (Developer Portal → General Information → Application ID).');
  }
  if (config.DISCORD_API_BASE && !/^https?:\/\//.test(config.DISCORD_API_BASE)) {
    problems.push(`DISCORD_API_BASE: expected an http(s) URL such as http://127.0.0.1:8080/api (got ${JSON.stringify(config.DISCORD_API_BASE)}).`);
  }
  let briefing: BotSettings['briefing'];
  if (purpose === 'start') {
    const { BRIEFING_CHANNEL_ID: channelId, BRIEFING_CRON: cron } = config;
    if (channelId && !cron) problems.push('BRIEFING_CRON: not set, but BRIEFING_CHANNEL_ID is. Set both to post scheduled briefings (e.g. BRIEFING_CRON="0 8 * * 1-5"), or neither.');
    if (cron && !channelId) problems.push('BRIEFING_CHANNEL_ID: not set, but BRIEFING_CRON is. Set it to the id of the channel to post briefings in, or unset BRIEFING_CRON.');
    if (cron) {
      const problem = cronProblem(cron);
      if (problem) problems.push(`BRIEFING_CRON: ${problem} (got ${JSON.stringify(cron)}; expected cron syntax such as "0 8 * * 1-5").`);
    }
    if (channelId && cron) briefing = { channelId, cron };
    const feedProblem = config.FEED_CRON ? cronProblem(config.FEED_CRON) : undefined;
    if (feedProblem) problems.push(`FEED_CRON: ${feedProblem} (got ${JSON.stringify(config.FEED_CRON)}; expected cron syntax such as "*/30 * * * *").`);
    const shardsProblem = shardingProblem(config);
    if (shardsProblem) problems.push(shardsProblem);
  }
  if (problems.length > 0 || !token) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      token,
      ...(config.DISCORD_CLIENT_ID ? { clientId: config.DISCORD_CLIENT_ID } : {}),
      ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
      ...(config.DISCORD_API_BASE ? { apiBase: config.DISCORD_API_BASE } : {}),
      ...(briefing ? { briefing } : {}),
      ...(purpose === 'start' && config.FEED_CRON ? { feedCron: config.FEED_CRON } : {}),
      ...(purpose === 'start' && config.BOT_SHARDS !== 1 ? { shards: config.BOT_SHARDS } : {}),
    },
  };
}

/**
 * Several shard processes must share one index: with local files each would hold its own copy
 * (the memory sharding is meant to spread), rebuild the same folder, and a /reindex in one shard
 * would never reach the others. PostgreSQL is the shared index, so it is required.
 */
function shardingProblem(config: Config): string | undefined {
  if (config.BOT_SHARDS === 1 || config.DATABASE_URL) return undefined;
  return (
    `BOT_SHARDS: ${config.BOT_SHARDS} runs several shard processes, which need DATABASE_URL so that all of them answer from one index in PostgreSQL ` +
    '(with local files each shard would keep its own copy, and a /reindex in one would not reach the others). ' +
    'Set DATABASE_URL (`npm run db -- start` prints one), or set BOT_SHARDS=1.'
  );
}

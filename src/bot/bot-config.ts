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
    },
  };
}

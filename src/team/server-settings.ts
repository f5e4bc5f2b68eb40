import type { AnswerLanguage } from '../english/answer-language.ts';

/** A scheduled briefing of one server: where, and when (a cron pattern read in `timezone`). */
export interface BriefingSetting {
  channelId: string;
  /** Cron syntax (5 fields, or 6 with seconds first); "HH:MM" is stored as "M H * * *". */
  cron: string;
  /** IANA time zone the pattern is read in ("Europe/Berlin"). @default 'UTC' */
  timezone: string;
}

/** Where "Ask a colleague" posts, and whom it mentions. */
export interface EscalationSetting {
  channelId: string;
  /** The one role mentioned (and the only mention allowed); absent: posted without a ping. */
  roleId?: string;
}

/**
 * What one Discord server changed with /settings. Every field is optional in effect: an empty
 * object is a server that set nothing, and gets the bot's defaults.
 */
export interface ServerSettings {
  /** Channels where every message is a question (no mention needed). */
  askChannels: string[];
  escalation?: EscalationSetting;
  briefing?: BriefingSetting;
  /** What answer pages open with; absent: ANSWER_LANGUAGE, else by the question's language. */
  language?: AnswerLanguage;
}

/** At most this many #ask channels per server: each costs nothing, but a list has to be read. */
export const MAX_ASK_CHANNELS = 10;

export const NO_SETTINGS: ServerSettings = Object.freeze({ askChannels: [] }) as ServerSettings;

const SNOWFLAKE = /^\d{15,21}$/;

/**
 * Settings as stored (JSON from a file or a database row), checked field by field: what is not
 * well formed is dropped, so a damaged or older record gives defaults for those fields only.
 */
export function readSettings(value: unknown): ServerSettings {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const settings: ServerSettings = {
    askChannels: Array.isArray(record.askChannels) ? [...new Set(record.askChannels.filter((id): id is string => typeof id === 'string' && SNOWFLAKE.test(id)))].slice(0, MAX_ASK_CHANNELS) : [],
  };
  const escalation = record.escalation as Record<string, unknown> | undefined;
  if (escalation && typeof escalation.channelId === 'string' && SNOWFLAKE.test(escalation.channelId)) {
    settings.escalation = { channelId: escalation.channelId, ...(typeof escalation.roleId === 'string' && SNOWFLAKE.test(escalation.roleId) ? { roleId: escalation.roleId } : {}) };
  }
  const briefing = record.briefing as Record<string, unknown> | undefined;
  if (briefing && typeof briefing.channelId === 'string' && SNOWFLAKE.test(briefing.channelId) && typeof briefing.cron === 'string' && briefing.cron.length <= 100) {
    settings.briefing = { channelId: briefing.channelId, cron: briefing.cron, timezone: typeof briefing.timezone === 'string' && briefing.timezone.length <= 64 ? briefing.timezone : 'UTC' };
  }
  if (record.language === 'en' || record.language === 'ar' || record.language === 'both') settings.language = record.language;
  return settings;
}

import type { ConsolaInstance } from 'consola';
import type { BriefingLedger } from '../corpora/briefing-state.ts';
import type { Config } from '../config.ts';
import type { CorpusReader } from '../corpora/corpus-reader.ts';
import type { ServerCorpora } from '../corpora/server-corpora.ts';
import type { AnswerLanguage } from '../english/answer-language.ts';
import { serverKey } from '../team/answer-record.ts';
import { NO_SETTINGS, type ServerSettings } from '../team/server-settings.ts';
import type { TeamStore } from '../team/team-store.ts';
import type { PageSessions } from './paging/sessions.ts';
import type { QuestionLimits } from './rate-limit.ts';

/** What the bot's answers read: the corpus (or corpora) of the server asking. */
export type BotEngine = CorpusReader;

/** What every handler gets: one per running bot, with `engine` and `server` set for the server of each interaction. */
export interface BotContext {
  /** What this interaction reads: the shared corpus, with the asking server's own articles over it (contextIn). */
  engine: BotEngine;
  /** The settings of the server asking (contextIn); none in a direct message. */
  server: ServerSettings;
  /** The shared corpus and every server's own: where additions go (/add, /feeds, /reindex). */
  corpora: ServerCorpora;
  /** Each server's settings, thread conversations, answers and votes. */
  team: TeamStore;
  config: Config;
  logger: ConsolaInstance;
  sessions: PageSessions;
  /** Per-user and per-server limits on questions. */
  limits: QuestionLimits;
  /** The scheduled briefings of the shared corpus (BRIEFING_CHANNEL_ID): when the last one was, and which process posts each (see src/corpora/briefing-state.ts). */
  briefings: BriefingLedger;
  /** Whether Discord lets the bot read messages that do not mention it (the Message Content intent). */
  readsMessages: boolean;
  /** Called when a server's briefing setting changed, so its schedule follows. */
  onBriefingChanged?: (guildId: string) => void;
}

/**
 * The context of one interaction or message in `guildId` (null: a direct message): it reads that
 * server's corpus and settings. Settings that cannot be read (the database away) are the defaults,
 * and the log says so: a question is still answered.
 */
export async function contextIn(ctx: BotContext, guildId: string | null): Promise<BotContext> {
  const [engine, server] = await Promise.all([
    ctx.corpora.readerFor(guildId),
    guildId === null
      ? NO_SETTINGS
      : ctx.team.settings(serverKey(guildId)).catch((error: unknown) => {
          ctx.logger.warn(`Could not read the settings of server ${guildId} (${(error as Error).message}); using the defaults.`);
          return NO_SETTINGS;
        }),
  ]);
  return { ...ctx, engine, server };
}

/** What answer pages open with in this context: the server's setting, else ANSWER_LANGUAGE (else by the question). */
export function configuredLanguage(ctx: Pick<BotContext, 'server' | 'config'>): AnswerLanguage | undefined {
  return ctx.server.language ?? ctx.config.ANSWER_LANGUAGE;
}

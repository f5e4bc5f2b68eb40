import type { ConsolaInstance } from 'consola';
import type { BriefingLedger } from '../briefing/state.ts';
import type { Config } from '../config.ts';
import type { CorpusReader } from '../corpora/corpus-reader.ts';
import type { ServerCorpora } from '../corpora/server-corpora.ts';
import type { PageSessions } from './paging/sessions.ts';
import type { QuestionLimits } from './rate-limit.ts';

/** What the bot's answers read: the corpus (or corpora) of the server asking. */
export type BotEngine = CorpusReader;

/** What every handler gets: one per running bot, with `engine` set for the server of each interaction. */
export interface BotContext {
  /** What this interaction reads: the shared corpus, with the asking server's own articles over it (contextIn). */
  engine: BotEngine;
  /** The shared corpus and every server's own: where additions go (/add, /feeds, /reindex). */
  corpora: ServerCorpora;
  config: Config;
  logger: ConsolaInstance;
  sessions: PageSessions;
  /** Per-user and per-server limits on questions. */
  limits: QuestionLimits;
  /** The scheduled briefings: when the last one was, and which process posts each (see src/briefing/state.ts). */
  briefings: BriefingLedger;
}

/** The context of one interaction or message in `guildId` (null: a direct message): it reads that server's corpus. */
export async function contextIn(ctx: BotContext, guildId: string | null): Promise<BotContext> {
  return { ...ctx, engine: await ctx.corpora.readerFor(guildId) };
}

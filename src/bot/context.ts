import type { ConsolaInstance } from 'consola';
import type { Config } from '../config.ts';
import type { Engine } from '../engine.ts';
import type { CorpusUpdates } from '../sources/corpus-updates.ts';
import type { PageSessions } from './paging/sessions.ts';
import type { QuestionLimits } from './rate-limit.ts';

/** The part of the engine the bot uses: its public API only. */
export type BotEngine = Pick<
  Engine,
  'ask' | 'speakers' | 'quotes' | 'stats' | 'reindex' | 'index' | 'dense' | 'loadNewerIndex' | 'inEnglish' | 'latinName' | 'typeableName' | 'gloss' | 'englishFigure'
>;

/** What every handler gets: one per running bot. */
export interface BotContext {
  engine: BotEngine;
  config: Config;
  logger: ConsolaInstance;
  sessions: PageSessions;
  /** Per-user and per-server limits on questions. */
  limits: QuestionLimits;
  /** Where the time of the last scheduled briefing is kept (see src/briefing/state.ts). */
  briefingStateFile: string;
  /** Adds articles (/add, /feeds, the feed schedule) and updates the index after each. */
  sources: CorpusUpdates;
}

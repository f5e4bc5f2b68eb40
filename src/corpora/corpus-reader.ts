import type { AskOptions, CorpusStats } from '../engine.ts';
import type { Passage } from '../corpus/passages.ts';
import type { Answer } from '../search/answer.ts';
import type { SpeakerQuotes } from '../search/speakers/speaker-answer.ts';

/**
 * What the bot's answers read: one Engine (the shared corpus alone), or a Discord server's view
 * of the shared corpus with its own articles over it (CombinedCorpus). Front ends ask it, never
 * an index directly.
 */
export interface CorpusReader {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The people quoted, most quoted first (for /quote autocomplete). */
  speakers(): { name: string; quotes: number }[];
  quotes(name: string): SpeakerQuotes;
  stats(): CorpusStats;
  /** The passages, for digests (read-only). */
  readonly index: { readonly passages: readonly Passage[] };
  /** True when answers use the embedding model as well as words. */
  readonly dense: boolean;
  /** Picks up an index another process saved (PostgreSQL); see Engine.loadNewerIndex. */
  loadNewerIndex(): Promise<void>;
}

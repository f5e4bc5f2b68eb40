import type { AskOptions, CorpusStats, PassageLocation, RetrievalInUse, SimilarPassages } from '../engine.ts';
import type { Passage } from '../corpus/passages.ts';
import type { Answer, AnswerPassage } from '../search/answer.ts';
import type { SpeakerQuotes } from '../search/speakers/speaker-answer.ts';
import type { Settings } from '../settings.ts';

/**
 * What the bot's answers read: one Engine (the shared corpus alone), or a Discord server's view
 * of the shared corpus with its own articles over it (CombinedCorpus). Front ends ask it, never
 * an index directly.
 */
export interface CorpusReader {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The people quoted, most quoted first, with their names in Latin script (for /quote autocomplete). */
  speakers(): { name: string; latin: string; quotes: number }[];
  quotes(name: string): SpeakerQuotes;
  stats(): CorpusStats;
  /** The passages, for digests (read-only). */
  readonly index: { readonly passages: readonly Passage[] };
  /** The settings in force; see Engine.settings. */
  readonly settings: Settings;
  /** True when answers use the embedding model as well as words. */
  readonly dense: boolean;
  /** The passages with the English of their quoted sentences; see Engine.inEnglish. */
  inEnglish<T extends AnswerPassage>(passages: T[]): Promise<T[]>;
  /** A name of the articles in Latin script; see Engine.latinName. */
  latinName(name: string): string;
  /** A name an English reader can type to get this speaker's quotes; see Engine.typeableName. */
  typeableName(name: string): string;
  /** A word-by-word English gloss of Arabic text; see Engine.gloss. */
  gloss(text: string): string;
  /** A briefing figure in English; see Engine.englishFigure. */
  englishFigure(figure: string): string;
  /** How questions are answered (mode and model); see Engine.retrieval. */
  readonly retrieval: RetrievalInUse;
  /** The passage a thread's reference points at; see Engine.passageAt. */
  passageAt(ref: PassageLocation): Passage | undefined;
  /** Passages like another ("more like #2"); see Engine.passagesLike. */
  passagesLike(like: { id: string; text: string }, k: number): Promise<SimilarPassages>;
  /** Picks up an index another process saved (PostgreSQL); see Engine.loadNewerIndex. */
  loadNewerIndex(): Promise<void>;
}

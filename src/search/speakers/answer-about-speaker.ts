import type { CorpusIndex } from '../../index/corpus-index.ts';
import type { Answer } from '../answer.ts';
import { analyzeQuery, type AnalyzedQuery, type CrossLingualLexicon } from '../query.ts';
import type { SpeakerDirectory } from './attribution.ts';
import { answerSpeakerQuestion, collectQuotes, type SpeakerQuotes } from './speaker-answer.ts';
import { findSpeakers } from './speaker-lookup.ts';
import { parseSpeakerQuestion } from './speaker-question.ts';

/** What the speaker route reads: the index, the name matcher and the (lazily built) attribution. */
export interface SpeakerState {
  index: CorpusIndex;
  lexicon: CrossLingualLexicon;
  speakers: () => SpeakerDirectory;
}

/** Every quote of the speaker(s) a name refers to, in corpus order. */
export function quotesOf(state: SpeakerState, name: string): SpeakerQuotes {
  const directory = state.speakers();
  return collectQuotes(state.index, directory, findSpeakers(directory, name, state.lexicon));
}

/**
 * "What did X say (about Y)?" answered from X's attributed quotes; undefined for other questions,
 * unknown speakers, or when none of X's quotes is in `file` or about Y (the topic route answers then).
 */
export function answerAboutSpeaker(state: SpeakerState, text: string, query: AnalyzedQuery, file: string | undefined): Answer | undefined {
  const parsed = parseSpeakerQuestion(text);
  if (!parsed) return undefined;
  const all = quotesOf(state, parsed.speaker);
  const quotes = file ? { ...all, passages: all.passages.filter((p) => p.file === file) } : all;
  if (quotes.passages.length === 0) return undefined;
  const topic = parsed.topic ? analyzeQuery(parsed.topic, state.lexicon) : null;
  return answerSpeakerQuestion(state.index, quotes, topic, query);
}

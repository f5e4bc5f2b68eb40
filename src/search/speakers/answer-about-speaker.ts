import type { CorpusIndex } from '../../index/corpus-index.ts';
import { refusedAnswer, type Answer } from '../answer.ts';
import { analyzeQuery, type AnalyzedQuery, type CrossLingualLexicon } from '../query.ts';
import { Refusals } from '../refusals.ts';
import type { SpeakerDirectory } from './attribution.ts';
import { mentioningPassages, mentionQuery } from './mentions.ts';
import { nameWords } from './name-words.ts';
import { answerSpeakerQuestion, collectQuotes, type SpeakerQuotes } from './speaker-answer.ts';
import { findSpeakers, listSpeakers, speakersNamed } from './speaker-lookup.ts';
import { parseSpeakerQuestion, type SpeakerQuestion } from './speaker-question.ts';

/** What the speaker route reads: the index, the name matcher and the (lazily built) attribution. */
export interface SpeakerState {
  index: CorpusIndex;
  lexicon: CrossLingualLexicon;
  speakers: () => SpeakerDirectory;
  /** A name as a reader who does not read Arabic needs it ("Yuri Ushakov (يوري أوشاكوف)"). @default the name as written */
  describeName?: (name: string) => string;
}

/** Where to look and how much to show: `file` only, at most `limit` mentions, `people` named in a refusal. */
export interface SpeakerRouteOptions {
  file: string | undefined;
  limit: number;
  people: number;
}

/** Every quote of the speaker(s) a name refers to, in corpus order. */
export function quotesOf(state: SpeakerState, name: string): SpeakerQuotes {
  const directory = state.speakers();
  return collectQuotes(state.index, directory, findSpeakers(directory, name, state.lexicon));
}

/**
 * "What did X say (about Y)?" answered from X's attributed quotes. When the articles name X
 * but quote nobody by that name, the answer says so and shows the passages mentioning X;
 * when they do not name X at all, an honest refusal naming who is quoted. Undefined for other
 * questions, for a phrase that names nobody ("the report"), or when none of X's quotes is in
 * `file` or about Y (the topic route answers then).
 */
export function answerAboutSpeaker(state: SpeakerState, text: string, query: AnalyzedQuery, options: SpeakerRouteOptions): Answer | undefined {
  const { file } = options;
  const parsed = parseSpeakerQuestion(text);
  if (!parsed) return undefined;
  const directory = state.speakers();
  const words = nameWords(parsed.speaker, state.lexicon);
  const speakers = speakersNamed(directory, words);
  if (speakers.length === 0) return answerAboutUnquoted(state, parsed, query, options);
  const all = collectQuotes(state.index, directory, speakers);
  const quotes = file ? { ...all, passages: all.passages.filter((p) => p.file === file) } : all;
  if (quotes.passages.length === 0) return undefined;
  const topic = parsed.topic ? analyzeQuery(parsed.topic, state.lexicon) : null;
  return answerSpeakerQuestion(state.index, quotes, topic, query, state.describeName);
}

function answerAboutUnquoted(state: SpeakerState, parsed: SpeakerQuestion, query: AnalyzedQuery, { file, limit, people }: SpeakerRouteOptions): Answer | undefined {
  const name = parsed.speaker;
  const names = nameWords(name, state.lexicon).filter((word) => word.isName);
  // "Putin's adviser" when the adviser is not found: Putin is quoted, so "not quoted" would mislead.
  if (names.length === 0 || names.some((word) => speakersNamed(state.speakers(), [word]).length > 0)) return undefined;
  const mentions = mentionQuery(state.index, state.speakers().nameWords, name, names);
  if (mentions.concepts.length > 0) {
    // About a topic, the passages answering it may name the person only by a pronoun: the
    // topic search finds those better than their mentions do.
    if (parsed.topic) return undefined;
    const passages = mentioningPassages(state.index, mentions, limit, file);
    if (passages.length === 0) return undefined;
    return { question: query.question, language: query.language, status: 'answered', abstained: false, why: Refusals.mentionedNotQuoted(name), passages, coverage: 1, denseMargin: null };
  }
  // A lowercase word no dictionary knows may be a common word, and an Arabic word the articles
  // use, a word they do not present as a name: the topic search judges those.
  const unknown = names.filter((word) => word.writtenAsName && !word.spellings.some((s) => s.split(' ').every((piece) => state.index.vocabulary.has(piece))));
  if (unknown.length === 0 || unknown.length < names.length) return undefined;
  const quoted = listSpeakers(state.speakers()).slice(0, people).map((s) => s.name);
  const describe = state.describeName ?? ((n: string) => n);
  return { ...refusedAnswer(query.question, 'unknown-person', Refusals.notInArticles(name, quoted.map(describe)), query.language), people: quoted };
}

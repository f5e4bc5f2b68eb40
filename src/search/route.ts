import type { CorpusIndex } from '../index/corpus-index.ts';
import type { SpeakerSettings } from '../settings.ts';
import { normalizeText, tokenize } from '../text/normalize.ts';
import type { AnalyzedQuery, CrossLingualLexicon } from './query.ts';
import type { SpeakerDirectory } from './speakers/attribution.ts';
import type { Speaker } from './speakers/speaker-registry.ts';
import { mentionQuery } from './speakers/mentions.ts';
import { nameWords } from './speakers/name-words.ts';
import { listSpeakers, speakersByLatinName, speakersNamed, type LatinNameOf } from './speakers/speaker-lookup.ts';
import { parseSpeakerQuestion } from './speakers/speaker-question.ts';
import { parseWhoSaid } from './speakers/who-said.ts';

/** Whom a speaker question's name refers to in the articles. */
export type SpeakerFound =
  /** People the articles quote: their quotes answer. */
  | { as: 'quoted'; speakers: Speaker[] }
  /** A person the articles name but never quote: the passages naming them answer. */
  | { as: 'mentioned'; mentions: AnalyzedQuery }
  /** A name the articles do not hold at all: refused, naming who is quoted. */
  | { as: 'unknown'; quoted: string[] };

/**
 * Which way a question is answered. Every route carries `judged`: the question's analysis
 * restricted to what it asks about, the words each passage is judged on (src/search/evidence.ts)
 * without the question's frame ("what did … say about", "who said"), which is not content.
 */
export type Route =
  /** "Who said …?" / "من قال …؟": a topic search for the statement, each passage naming its speaker. */
  | { kind: 'who-said'; statement: string; judged: AnalyzedQuery }
  /**
   * "What did X say (about Y)?": X's quotes, ranked by how well they answer the question. Their
   * `judged` words are Y's when Y is asked (every passage is X's: X is no evidence; and when the
   * plain search takes over, a passage holding X's name but not Y is no answer either), else X's
   * own (which every one of them holds).
   */
  | { kind: 'speaker'; name: string; topic: string; found: SpeakerFound; judged: AnalyzedQuery }
  /** Anything else: a search for passages. */
  | { kind: 'topic'; judged: AnalyzedQuery };

/** What routing reads: the index's vocabulary, the name matcher, who the articles quote. */
export interface RouteContext {
  index: CorpusIndex;
  lexicon: CrossLingualLexicon;
  speakers: SpeakerDirectory;
  /** Most quoted people named in a refusal of an unknown person. */
  people: number;
  /** How name and role words count towards a speaker (settings.speakers). */
  match: SpeakerSettings;
  /** Speakers' names in Latin script, matched whole before their words are ("the White House"). */
  latinName?: LatinNameOf;
}

/**
 * The route of a question, decided once from its text and its analysis (`query`, made once by
 * the caller). Pure: the same question over the same index always takes the same route.
 * A speaker phrase that names nobody ("the report"), a quoted person's role that matches no
 * one, a person named but not quoted when a topic is asked (the passages answering it may name
 * them only by a pronoun) or a lower-case word no dictionary knows: a topic search judges those.
 */
export function routeQuestion(text: string, query: AnalyzedQuery, context: RouteContext): Route {
  const statement = parseWhoSaid(text);
  if (statement) return { kind: 'who-said', statement, judged: restrictTo(query, statement) };

  const parsed = parseSpeakerQuestion(text);
  if (!parsed) return topic(query);
  const judged = restrictTo(query, parsed.topic || parsed.speaker);
  const speaker = (found: SpeakerFound): Route => ({ kind: 'speaker', name: parsed.speaker, topic: parsed.topic, found, judged });

  const byLatin = speakersByLatinName(context.speakers, parsed.speaker, context.latinName);
  if (byLatin.length > 0) return speaker({ as: 'quoted', speakers: byLatin });
  const words = nameWords(parsed.speaker, context.lexicon);
  const quoted = speakersNamed(context.speakers, words, context.match);
  if (quoted.length > 0) return speaker({ as: 'quoted', speakers: quoted });

  const names = words.filter((word) => word.isName);
  // "Putin's adviser" when the adviser is not found: Putin is quoted, so "not quoted" would mislead.
  if (names.length === 0 || names.some((word) => speakersNamed(context.speakers, [word], context.match).length > 0)) return topic(query);
  const mentions = mentionQuery(context.index, context.speakers.nameWords, parsed.speaker, names);
  if (mentions.concepts.length > 0) return parsed.topic ? topic(query) : speaker({ as: 'mentioned', mentions });
  // A lowercase word no dictionary knows may be a common word, and an Arabic word the articles
  // use, a word they do not present as a name: the topic search judges those.
  const vocabulary = context.index.vocabulary;
  const unknown = names.filter((word) => word.writtenAsName && !word.spellings.some((s) => s.split(' ').every((piece) => vocabulary.has(piece))));
  if (unknown.length === 0 || unknown.length < names.length) return topic(query);
  return speaker({ as: 'unknown', quoted: listSpeakers(context.speakers).slice(0, context.people).map((s) => s.name) });
}

function topic(query: AnalyzedQuery): Route {
  return { kind: 'topic', judged: query };
}

function tokensOf(text: string): string[] {
  return tokenize(normalizeText(text));
}

/** The analysis of the question restricted to the words of one part of it (concept labels are its tokens). */
export function restrictTo(query: AnalyzedQuery, part: string): AnalyzedQuery {
  const tokens = new Set(tokensOf(part));
  return {
    ...query,
    concepts: query.concepts.filter((concept) => tokens.has(concept.label)),
    untranslated: query.untranslated.filter((word) => tokens.has(word)),
  };
}

import type { ArticleMetadata } from '../corpus/front-matter.ts';
import type { PassageEnglish } from '../english/corpus-english.ts';
import type { CorpusIndex } from '../index/corpus-index.ts';
import type { QueryConcept } from '../index/lexical-index.ts';
import type { SentenceSpan } from '../text/sentences.ts';
import type { AbstentionSettings } from '../settings.ts';
import { coverage, shouldAbstain, type AbstentionEvidence, type ConceptEvidence } from './abstain.ts';
import { conceptsIn } from './concept-match.ts';
import type { AnalyzedQuery } from './query.ts';
import { Refusals, withOverview, type RefusalReason } from './refusals.ts';
import type { RankedPassage, Retrieval } from './retrieve.ts';

export interface SourceRef {
  file: string;
  lineStart: number;
  lineEnd: number;
}

export interface AnswerPassage extends SourceRef {
  id: string;
  /** Verbatim from the file. */
  text: string;
  score: number;
  /** Character ranges of `text` that best answer the question: the quote to highlight. */
  quotes: SentenceSpan[];
  /** The same statement elsewhere in the corpus (near-duplicates). */
  alsoIn: SourceRef[];
  /** Who said the quoted sentences, for reverse questions ("Who said …?"). */
  speakers?: string[];
  /** Where the article came from (title, url, outlet, dates), when its file has a front matter. */
  article?: ArticleMetadata;
  /** The quoted sentences in English (gloss or machine translation), added by the engine. */
  english?: PassageEnglish;
}

/** A person (or organisation) an answer names as a speaker, in the articles' script and in Latin. */
export interface NamedSpeaker {
  name: string;
  latin: string;
}

interface AnswerCommon {
  /** The question as asked (trimmed). */
  question: string;
  language: AnalyzedQuery['language'];
  /** One sentence on why these passages (or why none), ready to show. */
  why: string;
  /** idf-weighted share of the question the best lexical passage covers, 0..1. */
  coverage: number;
  /** How far the best passage stands out from the corpus by the model (dense-margin.ts); null without the model. */
  denseMargin: number | null;
  /** Names (as the articles write them) of the people the answer quotes, or lists as quoted when refusing. */
  people?: string[];
  /** Everyone the answer names as a speaker (`people` and the passages' `speakers`) with a Latin form, added by the engine. */
  speakers?: NamedSpeaker[];
  /** Asked with `exclude`: whether more passages than the k returned answer it too ("what else?"). */
  more?: boolean;
}

/**
 * What a question gets: passages (answered), a refusal to search at all with a reason code
 * (refused), or a search that found nothing close enough (abstained). `abstained` is true for
 * both of the last two: it is what JSON readers and the scorer look at.
 */
export type Answer =
  | (AnswerCommon & { status: 'answered'; abstained: false; passages: AnswerPassage[] })
  | (AnswerCommon & { status: 'refused'; reason: RefusalReason; abstained: true; passages: [] })
  | (AnswerCommon & { status: 'abstained'; abstained: true; passages: [] });

/** A question not searched at all; `why` is the refusal's wording (src/search/refusals.ts). */
export function refusedAnswer(question: string, reason: RefusalReason, why: string, language: AnalyzedQuery['language'] = 'none'): Answer {
  return { question, language, status: 'refused', reason, abstained: true, why, passages: [], coverage: 0, denseMargin: null };
}

/** How much a concept of the question counts as evidence: its rarity times its weight. */
export function conceptWeight(index: CorpusIndex, concept: QueryConcept): number {
  return index.lexical.conceptIdf(concept) * (concept.weight ?? 1);
}

/** Weights each concept by rarity; words of the question that reach nothing count as rare and unmatched. */
export function conceptEvidence(index: CorpusIndex, query: AnalyzedQuery, matched: number[]): ConceptEvidence[] {
  const unknownIdf = index.lexical.conceptIdf({ alternatives: [] });
  const evidence = query.concepts.map((concept, i) => ({
    weight: conceptWeight(index, concept),
    matched: matched.includes(i),
  }));
  for (const _ of query.untranslated) evidence.push({ weight: unknownIdf, matched: false });
  return evidence;
}

/** `overview` (what the corpus covers) is added to refusals, so the asker knows what to ask instead. */
export function buildAnswer(
  index: CorpusIndex,
  query: AnalyzedQuery,
  retrieval: Retrieval,
  denseMargin: number | null,
  abstention: AbstentionSettings,
  overview = '',
): Answer {
  const { ranked } = retrieval;
  const best = ranked[0];
  const evidence: AbstentionEvidence = {
    coverage: coverage(conceptEvidence(index, query, retrieval.bestLexicalMatched)),
    denseMargin,
    language: query.language,
  };
  const base = { question: query.question, language: query.language, coverage: evidence.coverage, denseMargin };
  // Without words the articles contain, only the model can still judge the question.
  if (query.concepts.length === 0 && denseMargin === null) {
    return refusedAnswer(query.question, 'no-terms', withOverview(Refusals.noTerms, overview), query.language);
  }
  if (!best || shouldAbstain(evidence, abstention)) {
    return { ...base, status: 'abstained', abstained: true, passages: [], why: withOverview(Refusals.nothingCloseEnough, overview) };
  }
  return {
    ...base,
    status: 'answered',
    abstained: false,
    why: `Passages that mention ${describeMatches(query, best.matched)}.`,
    passages: ranked.map((item) => toAnswerPassage(index, query, item)),
  };
}

export function toAnswerPassage(index: CorpusIndex, query: AnalyzedQuery, item: RankedPassage): AnswerPassage {
  const passage = index.passages[item.doc]!;
  const article = index.articles[passage.file];
  return {
    ...(article ? { article } : {}),
    id: passage.id,
    file: passage.file,
    lineStart: passage.lineStart,
    lineEnd: passage.lineEnd,
    text: passage.text,
    score: Number(item.score.toFixed(4)),
    quotes: bestSentences(passage.text, passage.sentences, query),
    alsoIn: item.duplicates.map((doc) => {
      const other = index.passages[doc]!;
      return { file: other.file, lineStart: other.lineStart, lineEnd: other.lineEnd };
    }),
  };
}

/** The sentence(s) matching the most question concepts; the whole passage when none does. */
function bestSentences(text: string, sentences: SentenceSpan[], query: AnalyzedQuery): SentenceSpan[] {
  const scored = sentences.map((span) => ({ span, score: conceptsIn(text.slice(span.start, span.end), query.concepts).length }));
  const top = Math.max(0, ...scored.map((item) => item.score));
  if (top === 0) return [{ start: 0, end: text.length }];
  return scored.filter((item) => item.score === top).map((item) => item.span);
}

function describeMatches(query: AnalyzedQuery, matched: number[]): string {
  const labels = matched.map((i) => query.concepts[i]?.label).filter((label): label is string => Boolean(label));
  return labels.length ? labels.map((label) => `“${label}”`).join(', ') : 'the question';
}

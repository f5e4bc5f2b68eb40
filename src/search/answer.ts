import type { ArticleMetadata } from '../corpus/front-matter.ts';
import type { CorpusIndex } from '../index/corpus-index.ts';
import type { QueryConcept } from '../index/lexical-index.ts';
import type { SentenceSpan } from '../text/sentences.ts';
import { indexTerms } from '../text/terms.ts';
import { isArabicToken } from '../text/normalize.ts';
import { conceptsIn } from './concept-match.ts';
import type { AnalyzedQuery } from './query.ts';
import type { RefusalReason } from './refusals.ts';
import type { PassageEvidence } from './relevance.ts';

export interface SourceRef {
  file: string;
  lineStart: number;
  lineEnd: number;
}

export interface AnswerPassage extends SourceRef {
  id: string;
  /** Verbatim from the file. */
  text: string;
  /**
   * How well the passage answers the question, 0..1, the same scale on every route and for every
   * question and corpus: 0.5 is where the engine answers, 1 the strongest evidence (the stronger
   * of the model's and the words', see src/search/relevance.ts). Every quote a speaker lookup
   * (/quote) lists holds the one thing asked, the speaker: 1.
   */
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

/** The English shown with a passage: a word-by-word gloss, or a machine translation where a model is loaded. */
export interface PassageEnglish {
  kind: 'gloss' | 'translation';
  /** English of the quoted sentences, joined by " … " as the quote is. */
  text: string;
}

/** A person (or organisation) an answer names as a speaker, in the articles' script and in Latin. */
export interface NamedSpeaker {
  name: string;
  latin: string;
}

/** A passage's evidence and the score it gave (src/search/relevance.ts). */
export interface JudgedPassage extends PassageEvidence {
  score: number;
}

interface AnswerCommon {
  /** The question as asked (trimmed). */
  question: string;
  language: AnalyzedQuery['language'];
  /** One sentence on why these passages (or why none), ready to show. */
  why: string;
  /**
   * Every candidate passage the question was judged on, best score first: what the outcome was
   * decided from (calibration and diagnosis read it; front ends show `passages`).
   */
  judged: JudgedPassage[];
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
export function refusedAnswer(question: string, reason: RefusalReason, why: string, language: AnalyzedQuery['language'] = 'none', judged: JudgedPassage[] = []): Answer {
  return { question, language, status: 'refused', reason, abstained: true, why, passages: [], judged };
}

/** One passage of an answer, with its score and the sentences to mark (default: those matching `concepts`). */
export function answerPassage(index: CorpusIndex, doc: number, score: number, concepts: QueryConcept[], quotes?: SentenceSpan[]): AnswerPassage {
  const passage = index.passages[doc]!;
  const article = index.articles[passage.file];
  return {
    ...(article ? { article } : {}),
    id: passage.id,
    file: passage.file,
    lineStart: passage.lineStart,
    lineEnd: passage.lineEnd,
    text: passage.text,
    score,
    quotes: quotes ?? bestSentences(passage.text, passage.sentences, concepts),
    alsoIn: (index.duplicatesOf.get(doc) ?? []).map((other) => {
      const copy = index.passages[other]!;
      return { file: copy.file, lineStart: copy.lineStart, lineEnd: copy.lineEnd };
    }),
  };
}

/** The sentence(s) matching the most question concepts; the whole passage when none does. */
function bestSentences(text: string, sentences: SentenceSpan[], concepts: QueryConcept[]): SentenceSpan[] {
  const scored = sentences.map((span) => ({ span, score: conceptsIn(text.slice(span.start, span.end), concepts).length }));
  const top = Math.max(0, ...scored.map((item) => item.score));
  if (top === 0) return [{ start: 0, end: text.length }];
  return scored.filter((item) => item.score === top).map((item) => item.span);
}

/** A word of the question a passage holds, and how the passage writes it. */
export interface MatchedWord {
  /** As asked (normalised). */
  asked: string;
  /** The passage's own spellings of it (the Arabic a translated word or a name reached). */
  written: string[];
}

/** The question's words a passage holds, each with the words of the passage it matched. */
export function matchedWords(text: string, query: AnalyzedQuery): MatchedWord[] {
  const found = conceptsIn(text, query.concepts);
  if (found.length === 0) return [];
  const written = new Map<string, string>();
  for (const word of text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
    for (const term of indexTerms(word)) if (!written.has(term)) written.set(term, word);
  }
  return found.map((i) => {
    const concept = query.concepts[i]!;
    const forms = concept.alternatives
      .filter((terms) => terms.length > 0 && terms.every((term) => written.has(term)))
      .map((terms) => terms.map((term) => written.get(term)!).join(' '));
    return { asked: concept.label, written: [...new Set(forms)].slice(0, 2) };
  });
}

/**
 * How an answer names the words it matched: an Arabic word as the passage writes it ("الطاقة"),
 * any other with the Arabic it reached: “gas” (الغاز), “Ushakov” (أوشاكوف). For readers who do
 * not read Arabic, the English alone would not say which words of the quote matched.
 */
export function describeMatched(words: MatchedWord[]): string[] {
  return words.map((word) => {
    if (isArabicToken(word.asked)) return `“${word.written[0] ?? word.asked}”`;
    const arabic = word.written.filter((form) => form.toLowerCase() !== word.asked);
    return arabic.length > 0 ? `“${word.asked}” (${arabic.join('، ')})` : `“${word.asked}”`;
  });
}

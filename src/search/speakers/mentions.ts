import type { CorpusIndex } from '../../index/corpus-index.ts';
import { termsOfTokens } from '../../text/terms.ts';
import { toAnswerPassage, type AnswerPassage } from '../answer.ts';
import type { AnalyzedConcept, AnalyzedQuery } from '../query.ts';
import type { NameWord } from './name-words.ts';

/**
 * A person's name words as the corpus writes them, as a query whose concepts are those spellings
 * only; a spelling counts when the articles present it as a name (`nameWords`), so "the people"
 * or "the dictionary" is never taken for a person.
 */
export function mentionQuery(index: CorpusIndex, nameWords: ReadonlySet<string>, question: string, words: NameWord[]): AnalyzedQuery {
  const concepts: AnalyzedConcept[] = words
    .map((word) => ({
      label: word.word,
      source: 'name' as const,
      alternatives: word.spellings
        .filter((spelling) => spelling.split(' ').every((piece) => index.vocabulary.has(piece)) && spelling.split(' ').some((piece) => nameWords.has(piece)))
        .map((spelling) => termsOfTokens(spelling.split(' '))),
    }))
    .filter((concept) => concept.alternatives.some((terms) => terms.length > 0));
  return { question, language: 'none', concepts, untranslated: [] };
}

/**
 * The passages that mention a person (what they are reported to have done or said included),
 * those naming more of the name first, near-duplicates folded; only from `file` when given.
 */
export function mentioningPassages(index: CorpusIndex, query: AnalyzedQuery, limit: number, file?: string): AnswerPassage[] {
  if (query.concepts.length === 0) return [];
  const hits = index.lexical.search(query.concepts, limit * 2, file ? (doc) => index.passages[doc]!.file === file : undefined);
  const shown = new Set<number>();
  const passages: AnswerPassage[] = [];
  for (const hit of hits) {
    if (shown.has(hit.doc) || passages.length >= limit) continue;
    const duplicates = index.duplicatesOf.get(hit.doc) ?? [];
    for (const doc of [hit.doc, ...duplicates]) shown.add(doc);
    passages.push(toAnswerPassage(index, query, { doc: hit.doc, score: hit.score, matched: hit.matched, duplicates }));
  }
  return passages;
}

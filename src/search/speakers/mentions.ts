import type { CorpusIndex } from '../../index/corpus-index.ts';
import { termsOfTokens } from '../../text/terms.ts';
import type { AnalyzedConcept, AnalyzedQuery } from '../query.ts';
import type { NameWord } from './name-words.ts';
import type { Bm25Settings } from '../../settings.ts';

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
export function mentioningDocs(index: CorpusIndex, query: AnalyzedQuery, limit: number, bm25: Bm25Settings, file?: string): number[] {
  if (query.concepts.length === 0) return [];
  const hits = index.lexical.search(query.concepts, limit * 2, bm25, file ? (doc) => index.passages[doc]!.file === file : undefined);
  const shown = new Set<number>();
  const docs: number[] = [];
  for (const hit of hits) {
    if (shown.has(hit.doc) || docs.length >= limit) continue;
    for (const doc of [hit.doc, ...(index.duplicatesOf.get(hit.doc) ?? [])]) shown.add(doc);
    docs.push(hit.doc);
  }
  return docs;
}

import type { QueryConcept } from '../index/lexical-index.ts';
import { indexTerms } from '../text/terms.ts';

/** Indexes of the concepts that occur in a text (a phrase alternative needs all its terms). */
export function conceptsIn(text: string, concepts: QueryConcept[]): number[] {
  const terms = new Set(indexTerms(text));
  return concepts.flatMap((concept, index) =>
    concept.alternatives.some((alternative) => alternative.length > 0 && alternative.every((term) => terms.has(term))) ? [index] : [],
  );
}

import type { QueryConcept } from '../index/lexical-index.ts';
import { indexTerms } from '../text/terms.ts';

/** Indexes of the concepts that occur in a text (a phrase alternative needs all its terms). */
export function conceptsIn(text: string, concepts: QueryConcept[]): number[] {
  // Speaker answers mark quotes without a question's concepts: nothing to normalise for.
  if (concepts.length === 0) return [];
  const terms = new Set(indexTerms(text));
  return concepts.flatMap((concept, index) =>
    concept.alternatives.some((alternative) => alternative.length > 0 && alternative.every((term) => terms.has(term))) ? [index] : [],
  );
}

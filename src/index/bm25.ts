import type { Bm25Settings } from '../settings.ts';

/**
 * Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
 * Beyond", 2009), with the non-negative idf used by Lucene.
 */

export function bm25Idf(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

export function bm25TermScore(
  termFrequency: number,
  idf: number,
  documentLength: number,
  averageDocumentLength: number,
  params: Bm25Settings,
): number {
  if (termFrequency <= 0) return 0;
  const lengthNorm = 1 - params.b + params.b * (documentLength / averageDocumentLength);
  return idf * ((termFrequency * (params.k1 + 1)) / (termFrequency + params.k1 * lengthNorm));
}

import { createHash } from 'node:crypto';
import type { Embedder } from '../embed/embedder.ts';
import type { VectorHit } from './dense-retriever.ts';
import { REFERENCE_QUESTIONS } from './reference-questions.ts';

/**
 * What "a passage stands out for a question" means in one index. A question's passage stands
 * out by its margin: its cosine minus the question's median cosine over the corpus. How large a
 * margin means anything depends on the corpus (on five articles about one subject every
 * question is close to everything, on a hundred Wikipedia articles nothing is), so each index
 * records the margins that questions about nothing in it reach: the best margin of each of the
 * off-topic reference questions (src/index/reference-questions.ts), sorted. A question's passage
 * is then judged by the share of those it beats (src/search/relevance.ts). Computed when the
 * index is built, from its own vectors, and kept in its manifest.
 */
export interface RelevanceNull {
  /** The reference questions it was computed from (REFERENCE_QUESTIONS_VERSION). */
  questions: string;
  /** Passage vectors the median is taken over (settings.relevance.denseBackground). */
  background: number;
  /** Best margin of each reference question, ascending: Arabic questions, and English ones (asked across languages). */
  margins: { sameLanguage: number[]; crossLingual: number[] };
}

/** A hash of the reference questions: an index whose null was made from others gets a new one. */
export const REFERENCE_QUESTIONS_VERSION = createHash('sha256').update(JSON.stringify(REFERENCE_QUESTIONS)).digest('hex').slice(0, 12);

/** What the null is computed from: the vectors being saved, searched exactly as questions search them. */
export interface VectorSearch {
  nearest(query: Float32Array, limit: number): Promise<VectorHit[]>;
  background(count: number): Promise<Float32Array[]>;
}

export interface ReferenceVectors {
  sameLanguage: Float32Array[];
  crossLingual: Float32Array[];
}

/** Embedded once per embedder (a process rebuilding its index again and again embeds them once). */
const embedded = new WeakMap<Embedder, Promise<ReferenceVectors>>();

export function referenceVectors(embedder: Embedder): Promise<ReferenceVectors> {
  let vectors = embedded.get(embedder);
  if (!vectors) {
    const embed = async (texts: readonly string[]) => {
      const out: Float32Array[] = [];
      for (const text of texts) out.push(await embedder.embedQuery(text));
      return out;
    };
    vectors = (async () => ({ sameLanguage: await embed(REFERENCE_QUESTIONS.sameLanguage), crossLingual: await embed(REFERENCE_QUESTIONS.crossLingual) }))();
    // A failed embedding is not remembered: the next build tries again.
    vectors.catch(() => embedded.delete(embedder));
    embedded.set(embedder, vectors);
  }
  return vectors;
}

export async function computeRelevanceNull(search: VectorSearch, references: ReferenceVectors, background: number): Promise<RelevanceNull> {
  const sample = await search.background(background);
  const marginsOf = async (vectors: Float32Array[]) => {
    const margins: number[] = [];
    for (const vector of vectors) {
      const [best] = await search.nearest(vector, 1);
      if (best) margins.push(round(best.similarity - medianSimilarity(vector, sample)));
    }
    return margins.sort((a, b) => a - b);
  };
  return {
    questions: REFERENCE_QUESTIONS_VERSION,
    background,
    margins: { sameLanguage: await marginsOf(references.sameLanguage), crossLingual: await marginsOf(references.crossLingual) },
  };
}

/** True when a recorded null was made from the running reference questions and background size. */
export function isCurrentNull(recorded: RelevanceNull | undefined, background: number): boolean {
  return recorded?.questions === REFERENCE_QUESTIONS_VERSION && recorded.background === background;
}

/** Median cosine of a (unit) query vector to a sample of (unit) passage vectors; 0 for no sample. */
export function medianSimilarity(query: Float32Array, sample: readonly Float32Array[]): number {
  if (sample.length === 0) return 0;
  const similarities = sample.map((vector) => dot(query, vector)).sort((a, b) => a - b);
  const middle = similarities.length >> 1;
  return similarities.length % 2 === 1 ? similarities[middle]! : (similarities[middle - 1]! + similarities[middle]!) / 2;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Share of the sorted values strictly below `value`, 0..1 (0 for an empty list). */
export function shareBelow(sorted: readonly number[], value: number): number {
  if (sorted.length === 0) return 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low / sorted.length;
}

const round = (value: number) => Number(value.toFixed(5));

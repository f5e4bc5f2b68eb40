import { bm25Idf } from '../index/bm25.ts';
import type { CorpusIndex } from '../index/corpus-index.ts';
import { dot, shareBelow } from '../index/relevance-null.ts';
import type { AnalyzedQuery } from './query.ts';
import type { PassageEvidence } from './relevance.ts';

/**
 * How rare each of the question's concepts is in the corpus (its idf), and a word the articles do
 * not hold: read once per question, since each read lists (and, for a concept of several
 * alternatives, merges) the concept's postings, which on a large corpus are long.
 */
export interface QuestionRarity {
  /** The idf of each concept, by its index in the question. */
  concepts: readonly number[];
  /** The idf of a word found in no passage. */
  absent: number;
}

export function questionRarity(index: CorpusIndex, query: AnalyzedQuery): QuestionRarity {
  return { concepts: query.concepts.map((concept) => index.lexical.conceptIdf(concept)), absent: index.lexical.conceptIdf({ alternatives: [] }) };
}

/**
 * The idf-weighted share of the question found in a passage, 0..1, from the indexes of the
 * concepts found there, each counting for `weightOf` of its weight (its rarity times its own
 * weight; `weightOf` 1 unless said otherwise). Words of the question that reach nothing in the articles (neither the dictionary nor the names
 * bring them into Arabic) count as the rarest words, unmatched: a passage matching only "what"
 * and "say" covers little, one matching the name, the topic and the date covers much.
 */
export function wordsShare(query: AnalyzedQuery, rarity: QuestionRarity, matched: readonly number[], weightOf: (concept: number) => number = () => 1): number {
  let total = rarity.absent * query.untranslated.length;
  let found = 0;
  query.concepts.forEach((concept, i) => {
    const weight = rarity.concepts[i]! * (concept.weight ?? 1);
    total += weight;
    if (matched.includes(i)) found += weight * weightOf(i);
  });
  return total === 0 ? 0 : found / total;
}

/**
 * When words common to the whole corpus count (RelevanceSettings.subjectWordShare and
 * subjectWordDenseRank): on five articles about Russia and China, "Russia" and "China" are in
 * most passages, so a passage holding them says the question is on the articles' subject, not
 * that it answers it.
 */
export interface SubjectWords {
  /** A concept found in at least this share of the passages is a subject word of the corpus. */
  share: number;
  /** Subject words count in a passage the dense search ranks among its first this many, and only there. */
  denseRank: number;
  /** Without the model, subject words count for this share of their weight in every passage (when the question has other words the articles hold). */
  lexicalWeight: number;
}

/**
 * The question's concepts that are subject words of this corpus (by document frequency, not a
 * list). Compared through idf, which falls as the document frequency rises: a concept is in at
 * least `share` of the passages exactly when its idf is at most that of one in `share` of them
 * (and its idf is already read for the words' share, without listing its passages).
 */
export function subjectConcepts(index: CorpusIndex, query: AnalyzedQuery, share: number, rarity: QuestionRarity = questionRarity(index, query)): Set<number> {
  const passages = index.lexical.documentCount;
  const subject = new Set<number>();
  if (passages === 0) return subject;
  const ceiling = bm25Idf(passages, share * passages);
  rarity.concepts.forEach((idf, i) => {
    if (idf <= ceiling) subject.add(i);
  });
  return subject;
}

/** Whether the question holds a word beyond its subject words that some passage of the articles holds. */
function beyondSubject(rarity: QuestionRarity, subject: ReadonlySet<number>): boolean {
  return rarity.concepts.some((idf, i) => !subject.has(i) && idf < rarity.absent);
}

/** What the model contributes to judging a question's passages; absent when it does not judge it. */
export interface DenseJudge {
  /** The question's vector. */
  vector: Float32Array;
  /** The question's median cosine over the corpus (its background sample). */
  median: number;
  /** The index's reference margins for the question's language group, ascending; null when the index has none. */
  reference: readonly number[] | null;
  /** Cosines already known (from the dense search, in its order, best first), by passage position. */
  known: ReadonlyMap<number, number>;
}

/**
 * The evidence for each passage: the share of the question's words it holds (concepts found in
 * its text, plus `alsoMatched`: words a route established otherwise, such as the speaker a quote
 * is attributed to), and with the model, how far it stands out for the question. Cosines the
 * dense search did not return are computed from the stored vectors (one read for all).
 * When a dense search ranked the passages and `subject` is given, the corpus's subject words
 * count in the words' share only of a passage the dense search ranks high; without the model,
 * they count in every passage at a reduced weight (see SubjectWords).
 */
export async function judgePassages(
  index: CorpusIndex,
  query: AnalyzedQuery,
  docs: readonly number[],
  dense: DenseJudge | null,
  alsoMatched: (doc: number) => readonly number[] = () => [],
  subject: SubjectWords | null = null,
): Promise<PassageEvidence[]> {
  const similarity = new Map(dense?.known ?? []);
  if (dense && index.vectors) {
    const missing = docs.filter((doc) => !similarity.has(doc));
    if (missing.length > 0) {
      const vectors = await index.vectors.storedVectors(missing);
      missing.forEach((doc, i) => {
        const vector = vectors[i];
        if (vector) similarity.set(doc, dot(dense.vector, vector));
      });
    }
  }
  const held = index.lexical.conceptsIn(query.concepts, docs);
  // The dense search's order, when one ranked passages for this question (a speaker's quotes are not searched).
  const denseOrder = dense && dense.known.size > 0 ? new Map([...dense.known.keys()].map((doc, rank) => [doc, rank])) : null;
  const questionWords = query.concepts.length + query.untranslated.length;
  const rarity = questionRarity(index, query);
  const common = subject && (denseOrder || !dense) ? subjectConcepts(index, query, subject.share, rarity) : new Set<number>();
  const reduced = !dense && subject && beyondSubject(rarity, common) ? subject.lexicalWeight : 1;
  return docs.map((doc, i) => {
    const established = alsoMatched(doc);
    const matched = [...new Set([...held[i]!, ...established])];
    // Lexical-only, a subject word found in the text counts for less when the question has other
    // words the articles hold; one the route established (the speaker) counts in full.
    const weightOf = (concept: number) => (common.has(concept) && !established.includes(concept) ? reduced : 1);
    const cosine = dense ? similarity.get(doc) : undefined;
    const margin = dense && cosine !== undefined ? cosine - dense.median : null;
    const rank = denseOrder ? (denseOrder.get(doc) ?? denseOrder.size) : null;
    const counted = rank !== null && subject && rank >= subject.denseRank ? matched.filter((concept) => !common.has(concept)) : matched;
    return {
      doc,
      words: wordsShare(query, rarity, counted, weightOf),
      margin,
      model: margin !== null && dense?.reference ? shareBelow(dense.reference, margin) : null,
      wordsHeld: matched.length,
      questionWords,
      denseRank: rank,
    };
  });
}

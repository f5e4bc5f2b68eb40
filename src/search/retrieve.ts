import type { CorpusIndex } from '../index/corpus-index.ts';
import { StaleIndexError } from '../index/question-postings.ts';
import type { VectorHit } from '../index/dense-retriever.ts';
import type { FusionSettings, RetrievalMode } from '../settings.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { AnalyzedQuery } from './query.ts';

export interface RetrievalOptions {
  /** Passages to return. */
  limit: number;
  /** Candidates taken from each retriever before fusion. @default 50 */
  candidates: number;
  fusion: FusionSettings;
  /** Which retrievers are used (see RetrievalSettings.mode). */
  mode: RetrievalMode;
  /** Only passages from this file (relative path), when set. */
  file?: string;
}

export interface RankedPassage {
  doc: number;
  /** 0..1, see reciprocalRankFusion. */
  score: number;
  /** Indexes of query concepts found in the passage (lexical evidence). */
  matched: number[];
  /** Near-duplicates not shown separately. */
  duplicates: number[];
}

/** The ranked passages and the evidence the abstention decision reads. */
export interface Retrieval {
  ranked: RankedPassage[];
  /** Concepts matched by the best BM25 passage (empty when BM25 found nothing or was not used). */
  bestLexicalMatched: number[];
  /** Cosine similarity of the best passage by the model; null without a query vector. */
  bestSimilarity: number | null;
  /** Why the dense search failed, when it did and the words alone were used instead. */
  denseFailure: Error | null;
}

/**
 * Hybrid retrieval: BM25 over concepts and (when a query vector exists) HNSW, fused by rank.
 * Near-duplicate passages collapse into the best-ranked one. Async because the HNSW search may
 * be a query to PostgreSQL, and the question's postings may have to be fetched from it: the
 * dense search is sent first, and the postings are fetched and scored while it is answered.
 */
export async function retrieve(index: CorpusIndex, query: AnalyzedQuery, queryVector: Float32Array | null, options: RetrievalOptions): Promise<Retrieval> {
  const dense = queryVector && index.vectors && options.mode !== 'lexical' ? index.vectors.nearest(queryVector, options.candidates, options.file) : Promise.resolve([]);
  // Its failure is reported by the await below, even if BM25 throws first.
  dense.catch(() => undefined);
  const accept = options.file ? (doc: number) => index.passages[doc]?.file === options.file : undefined;
  // With the postings in PostgreSQL, this question's are fetched while the dense search runs.
  if (options.mode !== 'dense') await index.fetchPostings?.(query.concepts);
  const lexicalHits = options.mode === 'dense' ? [] : index.lexical.search(query.concepts, options.candidates, accept);
  let denseHits: VectorHit[];
  let denseFailure: Error | null = null;
  try {
    denseHits = await dense;
  } catch (error) {
    // A dense search in PostgreSQL fails while the database is away; the words may still be
    // scored, so a hybrid search goes on by them alone (the caller says so). Dense-only cannot,
    // and a search of an index saved again meanwhile must be asked again, not half answered.
    if (options.mode === 'dense' || error instanceof StaleIndexError) throw error;
    denseHits = [];
    denseFailure = error as Error;
  }
  const matchedByDoc = new Map(lexicalHits.map((hit) => [hit.doc, hit.matched]));

  const fused = reciprocalRankFusion([lexicalHits.map((hit) => hit.doc), denseHits.map((hit) => hit.doc)], options.fusion);
  const shown = new Set<number>();
  const ranked: RankedPassage[] = [];
  for (const item of fused) {
    if (shown.has(item.doc)) continue;
    const duplicates = index.duplicatesOf.get(item.doc) ?? [];
    for (const doc of [item.doc, ...duplicates]) shown.add(doc);
    ranked.push({ doc: item.doc, score: item.score, matched: matchedByDoc.get(item.doc) ?? [], duplicates });
    if (ranked.length >= options.limit) break;
  }
  return { ranked, bestLexicalMatched: lexicalHits[0]?.matched ?? [], bestSimilarity: denseHits[0]?.similarity ?? null, denseFailure };
}

import type { CorpusIndex } from '../index/corpus-index.ts';
import { StaleIndexError } from '../index/question-postings.ts';
import type { VectorHit } from '../index/dense-retriever.ts';
import type { Bm25Settings, FusionSettings, RetrievalMode } from '../settings.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { AnalyzedQuery } from './query.ts';

export interface RetrievalOptions {
  /** Candidates taken from each retriever before fusion. @default 20 */
  candidates: number;
  fusion: FusionSettings;
  /** BM25's k1 and b, from the running settings. */
  bm25: Bm25Settings;
  /** Which retrievers are used (see RetrievalSettings.mode). */
  mode: RetrievalMode;
  /** Only passages from this file (relative path), when set. */
  file?: string;
}

export interface RankedPassage {
  doc: number;
  /** Its fused rank score, 0..1 (see reciprocalRankFusion): the order of a topic search's passages. */
  fusion: number;
  /** Near-duplicates not shown separately. */
  duplicates: number[];
}

/** Every candidate of both retrievers, in fused order, and what the model measured of them. */
export interface Retrieval {
  /** Near-duplicates folded into the best-ranked copy. */
  ranked: RankedPassage[];
  /** Cosine similarity of each passage the dense search returned, by position. */
  similarity: Map<number, number>;
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
  const lexicalHits = options.mode === 'dense' ? [] : index.lexical.search(query.concepts, options.candidates, options.bm25, accept);
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

  const fused = reciprocalRankFusion([lexicalHits.map((hit) => hit.doc), denseHits.map((hit) => hit.doc)], options.fusion);
  const shown = new Set<number>();
  const ranked: RankedPassage[] = [];
  for (const item of fused) {
    if (shown.has(item.doc)) continue;
    const duplicates = index.duplicatesOf.get(item.doc) ?? [];
    for (const doc of [item.doc, ...duplicates]) shown.add(doc);
    ranked.push({ doc: item.doc, fusion: item.score, duplicates });
  }
  return { ranked, similarity: new Map(denseHits.map((hit) => [hit.doc, hit.similarity])), denseFailure };
}

import type pg from 'pg';
import { bm25Idf, bm25TermScore } from '../src/index/bm25.ts';
import type { Bm25Settings } from '../src/settings.ts';

/**
 * What a process keeps to score BM25 over postings it fetches per question: each passage's term
 * count and a reusable score slot, 12 bytes a passage (12 MB at 1M), instead of the postings.
 */
export interface Bm25Collection {
  lengths: Uint32Array;
  averageLength: number;
  params: Bm25Settings;
  /** Scratch, zero between questions (questions on one collection must not overlap). */
  scores: Float64Array;
}

export interface RowScoredHits {
  hits: { doc: number; score: number }[];
  /** The SELECT of the question's postings rows, parsing included. */
  fetchMs: number;
  scoreMs: number;
}

/**
 * BM25 for a question of single-word concepts with the postings read from the `postings` table
 * (only the question's terms' rows) instead of a LexicalIndex held in memory. Terms are scored
 * in the question's order with the project's bm25Idf and bm25TermScore, and ties go to the lower
 * document, as LexicalIndex.search does, so the top results are the same.
 */
export async function bm25OverPostingRows(client: pg.ClientBase, indexKey: string, terms: string[], collection: Bm25Collection, limit: number): Promise<RowScoredHits> {
  const fetchStart = performance.now();
  const { rows } = await client.query<{ term: string; docs: number[]; tfs: number[] }>(
    'SELECT term, docs, tfs FROM postings WHERE index_key = $1 AND term = ANY($2::text[])',
    [indexKey, terms],
  );
  const scoreStart = performance.now();
  const byTerm = new Map(rows.map((row) => [row.term, row]));
  const { scores } = collection;
  const touched: number[] = [];
  for (const term of terms) {
    const row = byTerm.get(term);
    if (!row) continue;
    const idf = bm25Idf(collection.lengths.length, row.docs.length);
    for (let i = 0; i < row.docs.length; i++) {
      const doc = row.docs[i]!;
      const score = bm25TermScore(row.tfs[i]!, idf, collection.lengths[doc]!, collection.averageLength, collection.params);
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += score;
    }
  }
  const hits: { doc: number; score: number }[] = [];
  for (const doc of touched) {
    const score = scores[doc]!;
    scores[doc] = 0;
    if (hits.length === limit && !better(score, doc, hits[limit - 1]!)) continue;
    let at = hits.length === limit ? limit - 1 : hits.length;
    while (at > 0 && better(score, doc, hits[at - 1]!)) {
      hits[at] = hits[at - 1]!;
      at--;
    }
    hits[at] = { doc, score };
  }
  return { hits, fetchMs: scoreStart - fetchStart, scoreMs: performance.now() - scoreStart };
}

/** Higher score first; on a tie, the lower document. */
function better(score: number, doc: number, than: { doc: number; score: number }): boolean {
  return score > than.score || (score === than.score && doc < than.doc);
}

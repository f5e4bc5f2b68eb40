import MiniSearch from 'minisearch';
import type { CorpusIndex } from '../src/index/corpus-index.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import { analyzeQuery, type CrossLingualLexicon } from '../src/search/query.ts';
import { indexTerms } from '../src/text/terms.ts';
import { timeMs } from '../src/util/statistics.ts';

export interface LexicalComparison {
  passages: number;
  questions: number;
  ours_index_ms: number;
  minisearch_index_ms: number;
  /** Per question: analysis (normalisation, stemming, translation, names) and BM25 top 10. */
  ours_query_ms: number;
  minisearch_query_ms: number;
  index_time_ratio: number;
  query_time_ratio: number;
}

/**
 * Our lexical side against MiniSearch (default options: its own tokenizer, BM25+) on the same
 * passages and questions. Ours does more per word (Arabic normalisation, stemming,
 * dictionary and name lookups), which is the point of measuring it against a plain engine.
 */
export async function compareWithMiniSearch(index: CorpusIndex, lexicon: CrossLingualLexicon, questions: string[]): Promise<LexicalComparison> {
  const texts = index.passages.map((p) => p.text);
  const ours = await timeMs(() => LexicalIndex.build(texts.map(indexTerms)));
  const mini = await timeMs(() => {
    const search = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    search.addAll(texts.map((text, id) => ({ id, text })));
    return search;
  });
  // Warm both, then time a full pass each.
  for (const q of questions.slice(0, 20)) {
    ours.value.search(analyzeQuery(q, lexicon).concepts, 10);
    mini.value.search(q);
  }
  const oursQueries = await timeMs(() => {
    for (const q of questions) ours.value.search(analyzeQuery(q, lexicon).concepts, 10);
  });
  const miniQueries = await timeMs(() => {
    for (const q of questions) mini.value.search(q).slice(0, 10);
  });
  return {
    passages: texts.length,
    questions: questions.length,
    ours_index_ms: ours.ms,
    minisearch_index_ms: mini.ms,
    ours_query_ms: oursQueries.ms / questions.length,
    minisearch_query_ms: miniQueries.ms / questions.length,
    index_time_ratio: ours.ms / mini.ms,
    query_time_ratio: oursQueries.ms / miniQueries.ms,
  };
}

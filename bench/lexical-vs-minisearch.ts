import MiniSearch from 'minisearch';
import type { CorpusIndex } from '../src/index/corpus-index.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import { analyzeQuery, type CrossLingualLexicon } from '../src/search/query.ts';
import { indexTerms } from '../src/text/terms.ts';
import { timeMs } from '../src/util/statistics.ts';
import { alternatingRatio, type RatioSummary } from '../src/util/alternating-ratio.ts';
import { defaultSettings } from '../src/settings.ts';

export interface LexicalComparison {
  passages: number;
  questions: number;
  /** Medians over the rounds. */
  ours_index_ms: number;
  minisearch_index_ms: number;
  /** Per question: analysis (normalisation, stemming, translation, names) and BM25 top 10. */
  ours_query_ms: number;
  minisearch_query_ms: number;
  /** In-process index build, ours / MiniSearch: median of alternating rounds, with spread. */
  index_time: RatioSummary;
  query_time: RatioSummary;
}

/**
 * Our lexical side against MiniSearch (default options: its own tokenizer, BM25+) on the same
 * passages and questions, in-process, sides alternating for `rounds` rounds. Ours does more per
 * word (Arabic normalisation, stemming, dictionary and name lookups), which is the point of
 * measuring it against a plain engine.
 */
export async function compareWithMiniSearch(index: CorpusIndex, lexicon: CrossLingualLexicon, questions: string[], rounds: number): Promise<LexicalComparison> {
  const texts = index.passages.map((p) => p.text);
  const buildOurs = () => LexicalIndex.build(texts.map(indexTerms), defaultSettings.bm25);
  const buildMini = () => {
    const search = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    search.addAll(texts.map((text, id) => ({ id, text })));
    return search;
  };
  const indexTime = await alternatingRatio(async () => (await timeMs(buildOurs)).ms, async () => (await timeMs(buildMini)).ms, rounds);

  const ours = buildOurs();
  const mini = buildMini();
  // Warm both, then time full passes in turns.
  for (const q of questions.slice(0, 20)) {
    ours.search(analyzeQuery(q, lexicon, defaultSettings.analysis).concepts, 10, defaultSettings.bm25);
    mini.search(q);
  }
  const queryTime = await alternatingRatio(
    async () => (await timeMs(() => {
      for (const q of questions) ours.search(analyzeQuery(q, lexicon, defaultSettings.analysis).concepts, 10, defaultSettings.bm25);
    })).ms,
    async () => (await timeMs(() => {
      for (const q of questions) mini.search(q).slice(0, 10);
    })).ms,
    rounds,
  );
  return {
    passages: texts.length,
    questions: questions.length,
    ours_index_ms: indexTime.aMedian,
    minisearch_index_ms: indexTime.bMedian,
    ours_query_ms: queryTime.aMedian / questions.length,
    minisearch_query_ms: queryTime.bMedian / questions.length,
    index_time: indexTime,
    query_time: queryTime,
  };
}

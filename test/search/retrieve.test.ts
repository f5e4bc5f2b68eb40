import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { buildLexicon } from '../../src/search/lexicon.ts';
import { analyzeQuery } from '../../src/search/query.ts';
import { retrieve } from '../../src/search/retrieve.ts';
import { defaultSettings } from '../../src/settings.ts';
import { buildSmallIndex, NEWS_ARTICLES } from '../support/small-index.ts';

describe('retrieve (lexical-only)', () => {
  let index: CorpusIndex;
  let close: () => Promise<void>;
  const search = async (question: string, options: { limit?: number; file?: string } = {}) =>
    (await retrieve(index, analyzeQuery(question, buildLexicon(index, null)), null, {
      limit: options.limit ?? 5,
      candidates: defaultSettings.retrieval.candidates,
      fusion: defaultSettings.fusion,
      mode: defaultSettings.retrieval.mode,
      file: options.file,
    })).ranked;

  before(async () => {
    ({ index, close } = await buildSmallIndex(NEWS_ARTICLES));
  });
  after(async () => close?.());

  it('GIVEN a paragraph found in two files THEN returns it once, the other copy listed as its duplicate', async () => {
    const ranked = await search('صادرات الغاز إلى الصين');
    const copies = ranked.filter((r) => index.passages[r.doc]!.text.includes('صادرات الغاز إلى الصين'));
    assert.equal(copies.length, 1, 'the repeated paragraph is shown once');
    const [shown] = copies;
    assert.deepEqual(shown!.duplicates.map((doc) => index.passages[doc]!.file), [index.passages[shown!.doc]!.file === 'a.txt' ? 'b.txt' : 'a.txt']);
  });

  it('GIVEN a file THEN only passages from that file', async () => {
    const ranked = await search('الغاز', { file: 'c.txt' });
    assert.ok(ranked.length > 0, 'c.txt mentions gas');
    assert.ok(ranked.every((r) => index.passages[r.doc]!.file === 'c.txt'), 'a passage from another file');
  });

  it('GIVEN a limit THEN at most that many, best first, scores from 1 down', async () => {
    const ranked = await search('الغاز', { limit: 1 });
    assert.equal(ranked.length, 1);
    assert.equal(ranked[0]!.score, 1);
  });

  it('THEN reports which concepts of the question each passage matched', async () => {
    const query = analyzeQuery('أسعار الغاز', buildLexicon(index, null));
    const { ranked: [best], bestLexicalMatched } = await retrieve(index, query, null, { limit: 1, candidates: 50, fusion: defaultSettings.fusion, mode: 'hybrid' });
    assert.deepEqual(best!.matched.map((i) => query.concepts[i]!.label).sort(), query.concepts.map((c) => c.label).sort());
    assert.deepEqual(bestLexicalMatched, best!.matched, 'the best BM25 passage is the evidence abstention reads');
  });
});

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
  const search = async (question: string, options: { file?: string } = {}) =>
    (await retrieve(index, analyzeQuery(question, buildLexicon(index, null, defaultSettings.analysis), defaultSettings.analysis), null, {
      candidates: defaultSettings.retrieval.candidates,
      fusion: defaultSettings.fusion,
      bm25: defaultSettings.bm25,
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

  it('THEN every candidate, best first, fused scores from 1 down, and no similarity without a query vector', async () => {
    const { ranked, similarity } = await retrieve(index, analyzeQuery('الغاز', buildLexicon(index, null, defaultSettings.analysis), defaultSettings.analysis), null, {
      candidates: 50,
      fusion: defaultSettings.fusion,
      bm25: defaultSettings.bm25,
      mode: 'hybrid',
    });
    assert.ok(ranked.length >= 2, `${ranked.length} candidates`);
    assert.equal(ranked[0]!.fusion, 1);
    assert.ok(ranked.every((r, i) => i === 0 || r.fusion <= ranked[i - 1]!.fusion), ranked.map((r) => r.fusion).join(' '));
    assert.equal(similarity.size, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverage, shouldAbstain } from '../../src/search/abstain.ts';
import { denseMargin } from '../../src/search/dense-margin.ts';
import { reciprocalRankFusion } from '../../src/search/fusion.ts';
import { defaultSettings } from '../../src/settings.ts';

describe('reciprocalRankFusion', () => {
  it('puts an item ranked well by both lists above one ranked first by only one', () => {
    const fused = reciprocalRankFusion([[1, 2, 3], [2, 4, 1]], { k: 60 });
    assert.equal(fused[0]!.doc, 2);
    assert.deepEqual(fused.map((f) => f.doc).slice(0, 2), [2, 1]);
  });

  it('scores 1 for an item first in every list, and ignores empty lists', () => {
    assert.equal(reciprocalRankFusion([[7, 8], []], { k: 60 })[0]!.score, 1);
  });
});

describe('abstention', () => {
  it('weighs each concept by its rarity', () => {
    assert.equal(coverage([{ weight: 3, matched: true }, { weight: 1, matched: false }]), 0.75);
  });

  const params = { ...defaultSettings.abstention, minCoverage: 0.3, minDenseMargin: 0.08, minDenseMarginCrossLingual: 0.05 };

  it('abstains below the coverage threshold and answers at or above it, without the model', () => {
    assert.equal(shouldAbstain({ coverage: 0.29, denseMargin: null, language: 'en' }, params), true);
    assert.equal(shouldAbstain({ coverage: 0.3, denseMargin: null, language: 'en' }, params), false);
  });

  it('GIVEN low coverage THEN a best passage that stands out from the corpus by the model is enough', () => {
    assert.equal(shouldAbstain({ coverage: 0.1, denseMargin: 0.09, language: 'ar' }, params), false);
    assert.equal(shouldAbstain({ coverage: 0.1, denseMargin: 0.07, language: 'ar' }, params), true);
  });

  it('GIVEN an English question over the Arabic articles THEN the smaller cross-lingual margin applies', () => {
    assert.equal(shouldAbstain({ coverage: 0.1, denseMargin: 0.06, language: 'en' }, params), false);
    assert.equal(shouldAbstain({ coverage: 0.1, denseMargin: 0.04, language: 'en' }, params), true);
  });

  it('abstains when nothing of the question is known', () => {
    assert.equal(coverage([]), 0);
  });
});

describe('denseMargin', () => {
  const vector = (...values: number[]) => Float32Array.from(values);

  it('is the best similarity minus the median similarity of the question to the background', () => {
    const query = vector(1, 0);
    const background = [vector(1, 0), vector(0, 1), vector(0.6, 0.8)];
    assert.ok(Math.abs(denseMargin(0.9, query, background) - 0.3) < 1e-6, String(denseMargin(0.9, query, background)));
  });

  it('takes the mean of the two middle values for an even background, and 0 for none', () => {
    assert.ok(Math.abs(denseMargin(1, vector(1, 0), [vector(0.2, 0), vector(0.4, 0)]) - 0.7) < 1e-6, 'mean of 0.2 and 0.4 is 0.3');
    assert.equal(denseMargin(0.8, vector(1, 0), []), 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reciprocalRankFusion } from '../../src/search/fusion.ts';

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

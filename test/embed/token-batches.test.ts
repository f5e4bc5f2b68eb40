import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planBatches } from '../../src/embed/token-batches.ts';

describe('planBatches', () => {
  it('GIVEN texts of mixed length THEN groups like lengths together, shortest first, every index once', () => {
    const lengths = [100, 10, 90, 12, 95, 11];
    const batches = planBatches(lengths, { maxTexts: 3, maxTokens: 10_000 });
    assert.deepEqual(batches, [[1, 5, 3], [2, 4, 0]]);
  });

  it('GIVEN a token budget THEN no batch pads past it (texts × longest), whatever maxTexts allows', () => {
    const lengths = Array.from({ length: 40 }, (_, i) => 20 + i * 12);
    const batches = planBatches(lengths, { maxTexts: 16, maxTokens: 2048 });
    for (const batch of batches) {
      const cost = batch.length * Math.max(...batch.map((i) => lengths[i]!));
      assert.ok(cost <= 2048 || batch.length === 1, `a batch of ${batch.length} padded to ${cost} tokens`);
    }
    assert.deepEqual(batches.flat().sort((a, b) => a - b), lengths.map((_, i) => i));
  });

  it('GIVEN a text longer than the budget THEN it goes alone, not dropped', () => {
    assert.deepEqual(planBatches([5000, 3, 4], { maxTexts: 16, maxTokens: 2048 }), [[1, 2], [0]]);
  });

  it('GIVEN no texts THEN no batches', () => {
    assert.deepEqual(planBatches([], { maxTexts: 16, maxTokens: 2048 }), []);
  });
});

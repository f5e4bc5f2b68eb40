import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile, timeMs } from '../../src/util/statistics.ts';

// The p50/p95 figures `npm run bench` reports: nearest rank, so every figure is a measured sample.
describe('percentile (nearest rank)', () => {
  const samples = [15, 20, 35, 40, 50];

  it('GIVEN five samples THEN p30 is the 2nd, p40 the 2nd, p50 the 3rd, p100 the largest (the textbook nearest-rank example)', () => {
    assert.deepEqual([5, 30, 40, 50, 100].map((p) => percentile(samples, p)), [15, 20, 20, 35, 50]);
  });

  it('GIVEN unsorted samples THEN the result is the same, and the caller\'s array is left in its order', () => {
    const shuffled = [50, 15, 40, 20, 35];
    assert.equal(percentile(shuffled, 95), 50);
    assert.deepEqual(shuffled, [50, 15, 40, 20, 35]);
  });

  it('GIVEN p outside 0..100 THEN the smallest or largest sample; GIVEN no samples THEN NaN, not a made-up 0', () => {
    assert.deepEqual([percentile(samples, -10), percentile(samples, 0), percentile(samples, 250)], [15, 15, 50]);
    assert.equal(percentile([], 50), NaN);
  });
});

describe('timeMs', () => {
  it('GIVEN work that returns a value, sync or async THEN the value comes back with a non-negative time', async () => {
    const sync = await timeMs(() => 42);
    const async = await timeMs(async () => 'done');
    assert.deepEqual([sync.value, async.value, sync.ms >= 0, async.ms >= 0], [42, 'done', true, true]);
  });

  it('GIVEN work that throws THEN the error reaches the caller', async () => {
    await assert.rejects(timeMs(() => Promise.reject(new Error('index missing'))), /index missing/);
  });
});

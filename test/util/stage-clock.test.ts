import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StageClock } from '../../src/util/stage-clock.ts';

/** Keeps the thread busy for `ms`: a stage that does work, not one that waits. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('StageClock', () => {
  it('records each stage it ran, in order, with at least the time its work took and the memory after it', async () => {
    const clock = new StageClock<'read' | 'write' | 'never'>();
    const read = await clock.time('read', () => {
      busyFor(15);
      return 'text';
    });
    const written = await clock.time('write', async () => 42);
    assert.deepEqual([read, written], ['text', 42]);
    assert.deepEqual(Object.keys(clock.timings), ['read', 'write']);
    assert.ok(clock.timings.read! >= 15, `read took ${clock.timings.read} ms`);
    assert.ok(clock.rssAfter.write! > 0 && clock.heapAfter.write! > 0, `memory after write: rss ${clock.rssAfter.write} MiB, heap ${clock.heapAfter.write} MiB`);
  });

  it('adds up a stage run twice, and records nothing for a stage whose work failed', async () => {
    const clock = new StageClock<'embed' | 'save'>();
    await clock.time('embed', () => busyFor(10));
    await clock.time('embed', () => busyFor(10));
    await assert.rejects(clock.time('save', () => Promise.reject(new Error('disk full'))), /disk full/);
    assert.ok(clock.timings.embed! >= 20, `two embed runs took ${clock.timings.embed} ms in all`);
    assert.deepEqual(Object.keys(clock.timings), ['embed']);
  });
});

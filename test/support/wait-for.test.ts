import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from './wait-for.ts';

describe('waitFor', { timeout: 10_000 }, () => {
  it('GIVEN a condition that becomes true THEN resolves with its value', async () => {
    let checks = 0;
    const value = await waitFor(() => (++checks >= 3 ? `ready after ${checks}` : undefined), { timeoutMs: 5000, intervalMs: 1, message: 'three checks' });
    assert.equal(value, 'ready after 3');
  });

  it('GIVEN an async condition THEN awaits each check', async () => {
    let checks = 0;
    const value = await waitFor(async () => (++checks === 2 ? { rows: 1 } : null), { timeoutMs: 5000, intervalMs: 1, message: 'a row' });
    assert.deepEqual(value, { rows: 1 });
  });

  it('GIVEN a condition that never holds THEN rejects naming what was awaited and the last check, and checks no more', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    let checks = 0;
    let output = 'starting';
    const waiting = waitFor(() => (checks++, false), { timeoutMs: 50, intervalMs: 5, message: () => `the word "held"; output: ${output}` });
    let outcome: unknown;
    waiting.catch((error: unknown) => (outcome = error));
    output = 'still starting'; // the message is read at the timeout, so it shows this
    await advance(t, 0); // the first check has run and its pause begun
    for (let waited = 0; waited < 100; waited += 5) await advance(t, 5);
    assert.ok(outcome instanceof Error, `no rejection after 100 ms of a 50 ms wait: ${String(outcome)}`);
    assert.equal(outcome.message, 'waitFor: timed out after 50 ms waiting for the word "held"; output: still starting (last check gave false)');
    assert.equal(checks, 11, 'one check at the start and one after each 5 ms pause up to 50 ms');
    await advance(t, 1000);
    assert.equal(checks, 11, 'no check after the timeout');
  });

  it('GIVEN a condition that throws THEN rejects with that error at once', async () => {
    const started = Date.now();
    await assert.rejects(
      waitFor(
        () => {
          throw new Error('posted twice');
        },
        { timeoutMs: 5000, message: 'never' },
      ),
      { message: 'posted twice' },
    );
    assert.ok(Date.now() - started < 4000, `rejected after ${Date.now() - started} ms, not at once`);
  });

  it('GIVEN the signal aborts THEN rejects with its reason at once and checks no more', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const controller = new AbortController();
    let checks = 0;
    const waiting = waitFor(() => (checks++, undefined), { timeoutMs: 5000, intervalMs: 100, message: 'never', signal: controller.signal });
    await advance(t, 0);
    controller.abort(new Error('the test gave up'));
    await assert.rejects(waiting, { message: 'the test gave up' });
    assert.equal(checks, 1, 'only the first check ran');
    await advance(t, 10_000);
    assert.equal(checks, 1, 'no check after the abort');
  });
});

/** Moves the mocked clock on by `ms` and lets the wait's promises run. */
async function advance(t: { mock: { timers: { tick(ms: number): void } } }, ms: number): Promise<void> {
  t.mock.timers.tick(ms);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

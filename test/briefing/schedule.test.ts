import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronProblem } from '../../src/briefing/schedule.ts';
import { observed } from '../support/observed.ts';

describe('cronProblem', () => {
  it('GIVEN valid patterns THEN none', () => {
    assert.equal(cronProblem('0 8 * * 1-5'), undefined);
    assert.equal(cronProblem('*/30 * * * * *'), undefined);
  });
  it('GIVEN nonsense THEN the reason', () => {
    assert.ok(cronProblem('61 * * * *'), `cronProblem('61 * * * *'): ${observed(cronProblem('61 * * * *'))}`);
    assert.ok(cronProblem('daily'), `cronProblem('daily'): ${observed(cronProblem('daily'))}`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBareAssertions } from './check-assert-messages.ts';

const lines = (source: string) => findBareAssertions('sample.test.ts', source).map((found) => found.line);

describe('the assertion-message check', () => {
  it('GIVEN assert.ok or assert without a message THEN flags it', () => {
    assert.deepEqual(lines(['assert.ok(x);', 'assert(y);', "assert.ok(z, 'z was set');"].join('\n')), [1, 2]);
  });

  it('GIVEN a message that only restates the expression THEN flags it, "expected " or not, spaces aside', () => {
    const source = ["assert.ok(xs.length > 0, 'expected xs.length > 0');", "assert.ok(xs.length>0, 'xs.length > 0');", 'assert.ok(a.b, `expected a.b`);'].join('\n');
    assert.deepEqual(lines(source), [1, 2, 3]);
  });

  it('GIVEN a message that shows the observed value or says what it means THEN accepts it', () => {
    const source = ['assert.ok(xs.length > 0, `xs: ${observed(xs)}`);', "assert.ok(xs.length > 0, 'the passages that mention him');", "assert.equal(x, 1, 'expected x');"].join('\n');
    assert.deepEqual(lines(source), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formSimilarity } from '../../src/text/class-distance.ts';
import { observed } from '../support/observed.ts';

describe('formSimilarity', () => {
  it('is 1 for identical forms and lower when Arabic leaves a vowel out', () => {
    assert.equal(formSimilarity('بوتين', 'بوتين'), 1);
    const withoutVowel = formSimilarity('بوتين', 'بوتن');
    assert.ok(withoutVowel < 1 && withoutVowel > 0.9, String(withoutVowel));
  });

  it('costs more for a different consonant than for a near one (g read as ج or ك)', () => {
    assert.ok(formSimilarity('بيجين', 'بيكين') > formSimilarity('بيجين', 'بيمين'), `ج for g: ${observed(formSimilarity('بيجين', 'بيكين'))}; م: ${observed(formSimilarity('بيجين', 'بيمين'))}`);
  });
});

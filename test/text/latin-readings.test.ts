import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latinForms, latinLetters, latinSkeletons } from '../../src/text/latin-readings.ts';

describe('latinLetters', () => {
  it('keeps lower-case a-z only, accents dropped', () => {
    assert.equal(latinLetters("Zelenskyy's"), 'zelenskyys');
    assert.equal(latinLetters('Erdoğan'), 'erdogan');
  });
});

describe('latinForms and latinSkeletons', () => {
  it('read a plain name one way first', () => {
    assert.equal(latinForms('Putin')[0], 'بوتين');
    assert.deepEqual(latinSkeletons('Putin'), ['بتن']);
  });

  it('offer each reading of an ambiguous letter, most likely first', () => {
    const sechin = latinSkeletons('Sechin');
    assert.equal(sechin[0], 'ستشن');
    assert.ok(sechin.includes('سشن') && sechin.includes('سكن'), sechin.join(' '));
    assert.ok(latinSkeletons('Xi').includes('ش'), latinSkeletons('Xi').join(' '));
  });

  it('give nothing for a word without letters', () => {
    assert.deepEqual(latinForms('123'), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relatedEnglishForms } from '../../src/text/english-derivation.ts';

describe('relatedEnglishForms', () => {
  it('offers the other parts of speech of a derived word', () => {
    const forms = (word: string) => relatedEnglishForms(word);
    assert.deepEqual(forms('dependent').sort(), ['depend', 'dependence'], 'an adjective in -ent reaches its noun and its verb');
    assert.equal(forms('cooperation').includes('cooperate'), true, `cooperation -> cooperate: ${forms('cooperation').join(' ')}`);
    assert.equal(forms('information').includes('inform'), true, `information -> inform: ${forms('information').join(' ')}`);
    assert.equal(forms('government').includes('govern'), true, `government -> govern: ${forms('government').join(' ')}`);
  });

  it('reads only the longest suffix a word ends in, so a word that merely ends in -ion is left alone', () => {
    // "station" ends in -ation after two letters: no derivation, and not "state" through -ion.
    assert.deepEqual(relatedEnglishForms('station'), [], 'station is not state');
    assert.deepEqual(relatedEnglishForms('nation'), [], 'nation has no shorter relative here');
    assert.equal(relatedEnglishForms('government').includes('governmence'), false, '-ment is the suffix of government, not -ent');
  });

  it('leaves words without a known suffix and short stems alone', () => {
    assert.deepEqual(relatedEnglishForms('gas'), [], 'no suffix');
    assert.deepEqual(relatedEnglishForms('ion'), [], 'the suffix alone is no word');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDescriptor, isNisba, splitName, withoutArticle } from '../../../src/search/speakers/name-phrase.ts';
import { words } from '../../../src/search/speakers/reported-speech.ts';
import { normalizeText } from '../../../src/text/normalize.ts';

describe('withoutArticle', () => {
  it('takes the article and و/ب/ل with it off a title', () => {
    for (const word of ['الرئيس', 'والرئيس', 'بالرئيس', 'للرئيس']) assert.equal(withoutArticle(normalizeText(word)), normalizeText('رئيس'), word);
  });

  it('leaves a name that begins like فال or كال', () => {
    assert.equal(withoutArticle('فالنتينا'), 'فالنتينا');
  });
});

describe('isDescriptor and isNisba', () => {
  it('tell titles and nationality adjectives from names', () => {
    assert.equal(isDescriptor(normalizeText('الرئيس')), true);
    assert.equal(isDescriptor(normalizeText('الروسي')), true);
    assert.equal(isNisba(normalizeText('الروسي')), true);
    assert.equal(isDescriptor(normalizeText('بوتين')), false);
  });
});

describe('splitName', () => {
  it('splits a speaker phrase into the name, its titles and the names joined by و', () => {
    const split = splitName(words('الرئيس الروسي فلاديمير بوتين والسيد شي'));
    assert.deepEqual(split.name.map((w) => w.norm), [normalizeText('فلاديمير'), normalizeText('بوتين')]);
    assert.deepEqual(split.descriptors, [normalizeText('رئيس'), normalizeText('روسي'), normalizeText('سيد')]);
    assert.deepEqual(split.coordinated.map((run) => run.map((w) => w.raw)), [['شي']]);
    assert.equal(split.titled, true);
  });
});

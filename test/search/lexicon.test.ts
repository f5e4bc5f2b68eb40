import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { buildLexicon } from '../../src/search/lexicon.ts';
import { loadDictionary, type BilingualDictionary } from '../../src/text/dictionary.ts';
import { normalizeText } from '../../src/text/normalize.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { buildSmallIndex, NEWS_ARTICLES } from '../support/small-index.ts';
import { defaultSettings } from '../../src/settings.ts';

describe('buildLexicon', () => {
  let index: CorpusIndex;
  let close: () => Promise<void>;
  let dictionary: BilingualDictionary;

  before(async () => {
    ({ index, close } = await buildSmallIndex(NEWS_ARTICLES));
    const loaded = loadDictionary(fixtureDictionaryPath());
    if (!loaded.ok) assert.fail(`the fixture dictionary did not load: ${loaded.reason}`);
    dictionary = loaded.dictionary;
  });
  after(async () => close?.());

  it('GIVEN a Latin name THEN the Arabic spelling the articles use', () => {
    assert.ok(buildLexicon(index, null, defaultSettings.analysis).matchName('Ushakov').includes(normalizeText('أوشاكوف')), 'Ushakov did not reach أوشاكوف');
    assert.ok(buildLexicon(index, null, defaultSettings.analysis).matchName('Peskov').includes(normalizeText('بيسكوف')), 'Peskov did not reach بيسكوف');
  });

  it('GIVEN namesPerWord 1 THEN at most one spelling per name', () => {
    assert.ok(buildLexicon(index, null, { ...defaultSettings.analysis, namesPerWord: 1 }).matchName('Ushakov').length <= 1, 'more than one spelling');
  });

  it('GIVEN no dictionary THEN translates nothing, and still matches names', () => {
    const lexicon = buildLexicon(index, null, defaultSettings.analysis);
    assert.deepEqual(lexicon.translate('gas'), []);
    assert.ok(lexicon.matchName('Ushakov').length > 0, 'no name match without a dictionary');
  });

  it('GIVEN a dictionary THEN translates a word and its plural through the base form', () => {
    const lexicon = buildLexicon(index, dictionary, defaultSettings.analysis);
    assert.ok(lexicon.translate('gas').includes('غاز'), `gas -> ${lexicon.translate('gas').join(', ')}`);
    assert.ok(lexicon.translate('months').includes('شهر'), `months -> ${lexicon.translate('months').join(', ')}`);
  });

  it('THEN knows which terms the corpus holds', () => {
    const lexicon = buildLexicon(index, null, defaultSettings.analysis);
    assert.equal(lexicon.hasTerm('zzzz'), false);
  });
});

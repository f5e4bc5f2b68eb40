import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../../src/config.ts';
import { defaultSettings } from '../../../src/settings.ts';
import { buildIndex } from '../../../src/index/build-index.ts';
import { buildLexicon } from '../../../src/search/lexicon.ts';
import type { CrossLingualLexicon } from '../../../src/search/query.ts';
import { nameWords, type NameWord } from '../../../src/search/speakers/name-words.ts';
import { loadDictionary } from '../../../src/text/dictionary.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { observed } from '../../support/observed.ts';

// The words of the name in “What did X say?”: what decides whether X is a person the articles
// quote (the speaker route), a role, or a common word (the topic search).
describe('nameWords over the seed articles (fixture dictionary)', () => {
  let scratch: string;
  let lexicon: CrossLingualLexicon;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'name-words-'));
    const { index } = await buildIndex({ corpusDir: join(PROJECT_ROOT, 'seeds'), indexDir: join(scratch, 'index'), embedder: null, previous: null, settings: defaultSettings });
    const dictionary = loadDictionary(fixtureDictionaryPath());
    assert.ok(dictionary.ok, `the fixture dictionary does not load: ${observed(dictionary)}`);
    lexicon = buildLexicon(index, dictionary.dictionary, defaultSettings.analysis);
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const only = (phrase: string): NameWord => {
    const words = nameWords(phrase, lexicon);
    assert.equal(words.length, 1, `“${phrase}” gave ${observed(words)}`);
    return words[0]!;
  };

  it('GIVEN “Ushakov” THEN a name, written as one, spelled as the articles spell it (أوشاكوف, normalised)', () => {
    assert.deepEqual(only('Ushakov'), { word: 'ushakov', spellings: ['اوشاكوف'], translations: [], isName: true, writtenAsName: true });
  });

  it('GIVEN “putin” in lower case THEN still a name (no dictionary entry) with the articles\' spellings, but not written as one', () => {
    const word = only('putin');
    assert.ok(word.isName && !word.writtenAsName && word.spellings.includes('بوتين'), observed(word));
  });

  it('GIVEN “وبوتين” (with the conjunction) THEN the bare name بوتين is among its spellings', () => {
    const word = only('وبوتين');
    assert.ok(word.isName && word.writtenAsName && word.spellings[0] === 'وبوتين' && word.spellings.includes('بوتين'), observed(word));
  });

  it('GIVEN “Lavrov”, whom the articles never name THEN a name with no spelling in them', () => {
    assert.deepEqual(only('Lavrov'), { word: 'lavrov', spellings: [], translations: [], isName: true, writtenAsName: true });
  });

  it('GIVEN “the Kremlin\'s foreign policy adviser” THEN dictionary words that describe (never names), the possessive and “the” gone', () => {
    const words = nameWords("the Kremlin's foreign policy adviser", lexicon);
    assert.deepEqual(words.map((w) => [w.word, w.isName]), [['kremlin', false], ['foreign', false], ['policy', false], ['adviser', false]]);
    assert.ok(words[0]!.translations.includes('الكرملين'), observed(words[0]));
  });

  it('GIVEN “president Xi” THEN the title describes and Xi names', () => {
    assert.deepEqual(nameWords('president Xi', lexicon).map((w) => [w.word, w.isName, w.writtenAsName]), [['president', false, false], ['xi', true, true]]);
  });

  it('GIVEN an Arabic title (الرئيس) THEN it describes, it does not name', () => {
    assert.equal(only('الرئيس').isName, false);
  });
});

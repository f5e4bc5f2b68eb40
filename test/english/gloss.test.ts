import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { englishLabel, GLOSS_LABEL, glossSentence } from '../../src/english/gloss.ts';
import { ReverseDictionary } from '../../src/english/reverse-dictionary.ts';
import { loadDictionary } from '../../src/text/dictionary.ts';
import { writeDictdDictionary } from '../support/fixture-dictionary.ts';

/** Our own small entries (not FreeDict's), written as dictd like the Debian package. */
const ENTRIES: [string, string][] = [
  ['journalist', 'Journalist /x/\nصحفي\n'],
  ['trade', 'Trade /x/\nالتجارة\n'],
  ['cooperation', 'Cooperation /x/\nالتعاون\n'],
  ['cooperations', 'Cooperations /x/\nالتعاون\n'],
  ['kremlin', 'Kremlin /x/\nالكرملين\n'],
  ['talk', 'Talk /x/\nمحادثة\n'],
  ['human rights', 'Human rights /x/\nحقوق الإنسان\n'],
  ['grow', 'Grow /x/\nزاد\n'],
];

const NAMES = new Map([
  ['يوري اوشاكوف', 'Yuri Ushakov'],
  ['اوشاكوف', 'Ushakov'],
  ['بوتين', 'Putin'],
]);

describe('glossSentence', () => {
  let dictionary: ReverseDictionary;
  before(() => {
    const loaded = loadDictionary(join(writeDictdDictionary(ENTRIES), 'freedict-eng-ara'));
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
    dictionary = ReverseDictionary.build(loaded.dictionary);
  });

  it('GIVEN a reported statement THEN names in Latin script, clitics in English, figures and dates in English, unknown words as written', () => {
    assert.equal(
      glossSentence('وقال يوري أوشاكوف للصحفيين إن التجارة زادت بنسبة 31٪ إلى 123 مليار دولار في 8 فبراير/شباط.', { dictionary, names: NAMES }),
      'and said Yuri Ushakov for journalist that trade زادت بنسبة 31 percent to $123 billion in 8 February.',
    );
  });
  it('GIVEN clitics and endings THEN each comes off: وبوتين, محادثاته, والتعاون', () => {
    assert.equal(glossSentence('وبوتين', { dictionary, names: NAMES }), 'and Putin');
    assert.equal(glossSentence('محادثاته', { dictionary, names: NAMES }), 'his talk');
    assert.equal(glossSentence('والتعاون', { dictionary, names: NAMES }), 'and cooperation');
    assert.equal(glossSentence('الكرملين', { dictionary, names: NAMES }), 'Kremlin');
  });
  it('GIVEN a phrase the dictionary has THEN it is glossed as one', () => {
    assert.equal(glossSentence('حقوق الإنسان', { dictionary, names: NAMES }), 'human rights');
  });
  it('GIVEN words nobody knows THEN they stay exactly as written, diacritics and all: absent rather than wrong', () => {
    assert.equal(glossSentence('فُسْتُقًا ، تحت', { dictionary, names: new Map() }), 'فُسْتُقًا, under');
  });
  it('GIVEN no dictionary THEN names and numbers only', () => {
    assert.equal(
      glossSentence('وقال أوشاكوف إن 90 في المائة من المعاملات في 8 فبراير.', { dictionary: null, names: NAMES }),
      'وقال Ushakov إن 90 percent من المعاملات في 8 February.',
    );
  });
  it('GIVEN the labels THEN a gloss is never called a translation', () => {
    assert.equal(GLOSS_LABEL, 'word-by-word gloss');
    assert.equal(englishLabel('gloss'), 'word-by-word gloss');
    assert.equal(englishLabel('translation'), 'machine translation');
  });
});

describe('ReverseDictionary', () => {
  it('GIVEN several English words for one Arabic form THEN the base form over its inflection, the common word over the rare', () => {
    const loaded = loadDictionary(
      join(writeDictdDictionary([...ENTRIES, ['between', 'Between /x/\nبين\n'], ['betwixt', 'Betwixt /x/\nبين\n'], ['moscow', 'Moscow /x/\nموسكو\n']]), 'freedict-eng-ara'),
    );
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
    const reverse = ReverseDictionary.build(loaded.dictionary);
    assert.equal(reverse.exact('التعاون'), 'cooperation');
    assert.equal(reverse.exact('بين'), 'between');
    assert.equal(reverse.exact('التجاره'), 'trade', 'a common word is lower-cased');
    assert.equal(reverse.exact('موسكو'), 'Moscow', 'a name keeps its capital');
    assert.deepEqual(reverse.headwordsOf('موسكو'), ['Moscow']);
    assert.equal(reverse.exact('غير موجود'), undefined);
  });
});

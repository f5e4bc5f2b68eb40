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

describe('glossSentence: a sense is shown only when it is the word’s likely reading', () => {
  /** Our own entries, shaped like FreeDict's: one Arabic translation per English headword. */
  const SENSES: [string, string][] = [
    // One Arabic form, four unrelated common headwords: no reading holds the weight.
    ['head', 'Head /x/\nالرئيس\n'], ['boss', 'Boss /x/\nالرئيس\n'], ['chief', 'Chief /x/\nالرئيس\n'], ['president', 'President /x/\nالرئيس\n'],
    // Two senses holding the weight between them.
    ['policy', 'Policy /x/\nالسياسة\n'], ['politics', 'Politics /x/\nالسياسة\n'],
    // A noun and its adjective.
    ['personality', 'Personality /x/\nالشخصية\n'], ['personal', 'Personal /x/\nشخصي\n'], ['interaction', 'Interaction /x/\nالتفاعلات\n'],
    // A headword English hardly uses.
    ['sys', 'Sys /x/\nنظام\n'],
    // A name, and a common word that is the name read as ب + another word.
    ['peking', 'Peking /x/\nبكين\n'], ['ken', 'Ken /x/\nكين\n'],
    // An abbreviation, the dictionary's only English for a phrase.
    ['u.s', 'U.S /x/\nالولايات المتحدة\n'], ['states', 'States /x/\nالولايات\n'], ['united', 'United /x/\nالمتحدة\n'],
    ['external', 'External /x/\nخارجي\n'],
    ['basically', 'Basically /x/\nأساس\n'],
    ['gee', 'Gee /x/\nجي\n'],
    ['journalist', 'Journalist /x/\nالصحفي\n'],
  ];
  let dictionary: ReverseDictionary;
  const gloss = (text: string) => glossSentence(text, { dictionary, names: new Map() });
  before(() => {
    const loaded = loadDictionary(join(writeDictdDictionary(SENSES), 'freedict-eng-ara'));
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
    dictionary = ReverseDictionary.build(loaded.dictionary);
  });

  it('GIVEN a word with several unrelated common senses THEN it stays Arabic: absent rather than wrong', () => {
    assert.equal(gloss('الرئيس'), 'الرئيس');
  });
  it('GIVEN two senses that hold the weight between them THEN both are shown', () => {
    assert.equal(gloss('السياسة'), 'policy/politics');
  });
  it('GIVEN a ة-final word after a noun of the same definiteness THEN it is read as an adjective', () => {
    assert.equal(gloss('التفاعلات الشخصية'), 'interaction personal');
  });
  it('GIVEN only a headword English hardly uses THEN the word stays Arabic', () => {
    assert.equal(gloss('نظام'), 'نظام');
  });
  it('GIVEN a word the dictionary has as written THEN it beats a reading as clitic + another word', () => {
    assert.equal(gloss('بكين'), 'Peking');
    assert.equal(gloss('وبكين'), 'and Peking');
  });
  it('GIVEN a phrase after a proclitic THEN the phrase is glossed whole, longest first', () => {
    assert.equal(gloss('والولايات المتحدة'), 'and U.S.');
    assert.equal(gloss('للولايات المتحدة'), 'for U.S.');
  });
  it('GIVEN grammatical expressions THEN they are glossed whole, with their proclitics', () => {
    assert.equal(gloss('بعضنا البعض'), 'each other');
    assert.equal(gloss('لبعضنا البعض'), 'for each other');
    assert.equal(gloss('معًا'), 'together', 'the written alef tells it from مع');
  });
  it('GIVEN word classes THEN no pronoun ending after ال, no -ly English for a word without -ا', () => {
    assert.equal(gloss('الخارجية'), 'external');
    assert.equal(gloss('أساس'), 'أساس');
  });
  it('GIVEN a two-letter word that is no grammatical word nor name THEN it stays Arabic', () => {
    assert.equal(gloss('جي'), 'جي');
  });
  it('GIVEN a plural with a preposition THEN the singular is found through ال and the ending', () => {
    assert.equal(gloss('للصحفيين'), 'for journalist');
  });
});

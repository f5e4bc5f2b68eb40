import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { phraseLexicon } from '../../src/english/english-phrases.ts';
import { LatinNames } from '../../src/english/latin-names.ts';
import { ReverseDictionary } from '../../src/english/reverse-dictionary.ts';
import { isSyllabicName, romanize } from '../../src/english/romanize.ts';
import { spellingDistance } from '../../src/english/spelling-distance.ts';
import { WordList } from '../../src/english/word-list.ts';
import { loadDictionary } from '../../src/text/dictionary.ts';
import { writeDictdDictionary } from '../support/fixture-dictionary.ts';

function reverseOf(entries: [string, string][]): ReverseDictionary {
  const loaded = loadDictionary(join(writeDictdDictionary(entries), 'freedict-eng-ara'));
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  return ReverseDictionary.build(loaded.dictionary);
}

describe('romanize (the rule, for names nobody spells)', () => {
  it('GIVEN foreign names as Arabic news writes them THEN their letters read back', () => {
    assert.equal(romanize('أوشاكوف'), 'Ushakov');
    assert.equal(romanize('يوري'), 'Yuri');
    assert.equal(romanize('شولجينوف'), 'Shuljinov');
    assert.equal(romanize('سيتشين'), 'Sichin');
    assert.equal(romanize('إيغور'), 'Igur', 'و reads u: only a well-known spelling makes it Igor');
    assert.equal(romanize('رايان'), 'Rayan');
    assert.equal(romanize('الكرملين'), 'al-Krmlin');
  });
  it('GIVEN a Chinese name THEN pinyin: ش before ي is x, and the syllables are recognised as a name', () => {
    assert.equal(isSyllabicName(['شي', 'جين', 'بينغ']), true);
    assert.equal(isSyllabicName(['فام', 'جيانج']), false, 'm is no pinyin ending');
    assert.equal(isSyllabicName(['يوري', 'أوشاكوف']), false);
    assert.deepEqual(['شي', 'جين', 'بينغ'].map((word) => romanize(word, { syllabic: true })), ['Xi', 'Jin', 'Bing']);
  });
});

describe('spellingDistance', () => {
  it('GIVEN a well-known spelling and the rule reading THEN transliteration confusions are cheap, other names are not', () => {
    assert.ok(spellingDistance('Putin', 'Butin') <= 0.3, `Putin ${spellingDistance('Putin', 'Butin')}`);
    assert.ok(spellingDistance('Joe', 'Ju') <= 0.3, `Joe ${spellingDistance('Joe', 'Ju')}`);
    assert.ok(spellingDistance('Zhukov', 'Ushakov') >= 1.2, `Zhukov ${spellingDistance('Zhukov', 'Ushakov')}`);
    assert.ok(spellingDistance('Boeotian', 'Butin') >= 1.2, `Boeotian ${spellingDistance('Boeotian', 'Butin')}`);
  });
});

describe('LatinNames', () => {
  const words = new WordList(['Putin', 'Vladimir', 'Boeotian', 'Zhukov', 'Joe', 'Geo', 'Jo', 'Biden', 'Shea', 'Gene', 'Bing', 'butene']);

  it('GIVEN a word list THEN the well-known spelling with the same sounds, never another name with the same consonants', () => {
    const names = new LatinNames({ dictionary: null, wordList: words, corpusWords: [] });
    assert.equal(names.spell('فلاديمير بوتين').latin, 'Vladimir Putin');
    assert.equal(names.spell('يوري أوشاكوف').latin, 'Yuri Ushakov', 'not Zhukov');
    assert.equal(names.spell('جو بايدن').latin, 'Joe Biden');
    assert.equal(names.spell('شي جين بينغ').latin, 'Xi Jinbing', 'a Chinese name is read in pinyin, not matched to Shea, Gene or Bing');
    assert.equal(names.describe('يوري أوشاكوف'), 'Yuri Ushakov (يوري أوشاكوف)');
  });

  it('GIVEN the articles write a name in Latin letters too THEN their spelling wins', () => {
    const names = new LatinNames({ dictionary: null, wordList: words, corpusWords: ['Peskov', 'Reuters'] });
    assert.equal(romanize('بيسكوف'), 'Biskov');
    assert.equal(names.spell('ديمتري بيسكوف').parts[1], 'Peskov');
  });

  it('GIVEN a dictionary THEN a headword spells a name only if English capitalises it (بوتين is not the chemical "butene")', () => {
    const dictionary = reverseOf([['butene', 'Butene /x/\nبوتين - هيدروكربون\n'], ['vladimir', 'Vladimir /x/\nفلاديمير\n'], ['ping', 'Ping /x/\nبينج\n']]);
    const names = new LatinNames({ dictionary, wordList: new WordList(['butene', 'Vladimir']), corpusWords: [] });
    assert.equal(names.spell('فلاديمير بوتين').latin, 'Vladimir Butin');
    assert.equal(names.spell('شي جين بينغ').latin, 'Xi Jinping', 'the dictionary spells the syllable بينج (and so its twin بينغ)');
  });

  it('GIVEN organisations and groups THEN their English: the article as "the", the adjective before its noun', () => {
    const dictionary = reverseOf([
      ['kremlin', 'Kremlin /x/\nالكرملين\n'],
      ['house', 'House /x/\nالبيت\n'],
      ['white', 'White /x/\nالأبيض\n'],
      ['officials', 'Officials /x/\nالمسؤولون\n'],
      ['russians', 'Russians /x/\nالروس\n'],
    ]);
    const names = new LatinNames({ dictionary, wordList: new WordList(['Kremlin', 'house', 'white', 'officials', 'Russians', 'Russian']), corpusWords: [] });
    assert.equal(names.spell('الكرملين').latin, 'the Kremlin');
    assert.equal(names.spell('البيت الأبيض').latin, 'the White House');
    assert.equal(names.spell('الروس').latin, 'the Russians');
    assert.equal(names.spell('المسؤولون الروس').latin, 'Russian officials');
  });

  it('GIVEN a noun the dictionary gives as "home" and, in the plural, "houses" THEN the name English has: the White House', () => {
    const dictionary = reverseOf([
      ['home', 'Home /x/\nالبيت\n'],
      ['homes', 'Homes /x/\nالبيوت\n'],
      ['houses', 'Houses /x/\nالبيوت\n'],
      ['white', 'White /x/\nالأبيض\n'],
      ['officials', 'Officials /x/\nالمسؤولون\n'],
      ['russians', 'Russians /x/\nالروس\n'],
    ]);
    const wordList = new WordList(['home', 'house', 'white', 'officials', 'Russians', 'Russian']);
    const withoutPhrases = new LatinNames({ dictionary, wordList, corpusWords: [] });
    assert.equal(withoutPhrases.spell('البيت الأبيض').latin, 'the White Home', 'the dictionary’s word, word by word');
    const names = new LatinNames({ dictionary, wordList, corpusWords: [], phrases: phraseLexicon(['white house', 'russian roulette']) });
    assert.equal(names.spell('البيت الأبيض').latin, 'the White House');
    assert.deepEqual(names.spell('البيت الأبيض').parts, ['House', 'White']);
    assert.equal(names.spell('المسؤولون الروس').latin, 'Russian officials', 'no English phrase: the dictionary’s noun');
  });

  it('GIVEN no source at all THEN the rule; GIVEN a Latin name THEN itself', () => {
    const names = new LatinNames({ dictionary: null, wordList: null, corpusWords: [] });
    assert.equal(names.spell('يوري أوشاكوف').latin, 'Yuri Ushakov');
    assert.equal(names.spell('Thomson Reuters').latin, 'Thomson Reuters');
    assert.equal(names.describe('Thomson Reuters'), 'Thomson Reuters');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AND,
  ARTICLE_WITH_ONE_PROCLITIC,
  arabicStems,
  CONJUNCTIONS,
  GLOSSED_NAME_PREFIXES,
  NAME_PREFIXES,
  NOUN_PREFIXES,
  PROCLITIC_PREFIXES,
  procliticSplits,
  startsWithProclitic,
  TITLE_ARTICLE,
  withoutProclitics,
} from '../../src/text/arabic-morphology.ts';
import { normalizeText } from '../../src/text/normalize.ts';

const written = (prefixes: readonly { written: string }[]) => prefixes.map((p) => p.written).sort();

describe('PROCLITIC_PREFIXES', () => {
  it('combines a conjunction, a particle and the article in that order, ل + ال written لل', () => {
    const all = written(PROCLITIC_PREFIXES);
    for (const prefix of ['و', 'ف', 'ب', 'ل', 'ك', 'س', 'ال', 'وب', 'وال', 'وبال', 'لل', 'ولل', 'فلل', 'وكال', 'ست']) {
      assert.equal(all.includes(prefix), prefix !== 'ست', `${prefix} in ${all.join(' ')}`);
    }
    assert.equal(all.includes('لال'), false, 'ل before ال drops the alef');
    assert.equal(new Set(all).size, all.length, `no prefix twice: ${all.join(' ')}`);
  });
});

describe('the named subsets', () => {
  it('are the sets their callers strip', () => {
    assert.deepEqual(written(CONJUNCTIONS), ['ف', 'و']);
    assert.deepEqual(written(AND), ['و']);
    assert.deepEqual(written(ARTICLE_WITH_ONE_PROCLITIC), ['ال', 'بال', 'فال', 'كال', 'لل', 'وال']);
    assert.deepEqual(written(TITLE_ARTICLE), ['ال', 'بال', 'لل', 'وال']);
    assert.deepEqual(written(NAME_PREFIXES), ['ب', 'ف', 'ل', 'و', 'وب', 'ول']);
    assert.deepEqual(written(GLOSSED_NAME_PREFIXES), ['ب', 'ف', 'ك', 'ل', 'لل', 'و', 'وب', 'ول']);
  });

  it('a noun never loses the future س', () => {
    assert.equal(NOUN_PREFIXES.some((p) => p.written.includes('س')), false, written(NOUN_PREFIXES).join(' '));
  });

  it('list longer prefixes first, so the first match is the longest', () => {
    const lengths = NOUN_PREFIXES.map((p) => p.written.length);
    assert.deepEqual(lengths, [...lengths].sort((a, b) => b - a));
  });
});

describe('withoutProclitics', () => {
  const cases: [word: string, prefixes: typeof NOUN_PREFIXES, expected: string][] = [
    ['الكرملين', NOUN_PREFIXES, 'كرملين'],
    ['والكرملين', NOUN_PREFIXES, 'كرملين'],
    ['بالكرملين', NOUN_PREFIXES, 'كرملين'],
    ['وبالكرملين', NOUN_PREFIXES, 'كرملين'],
    ['للرئيس', TITLE_ARTICLE, 'رئيس'],
    ['والرئيس', TITLE_ARTICLE, 'رئيس'],
    ['فالرئيس', TITLE_ARTICLE, 'فالرئيس'],
    ['فالنتينا', TITLE_ARTICLE, 'فالنتينا'],
    ['فالنتينا', ARTICLE_WITH_ONE_PROCLITIC, 'نتينا'],
    ['وليوري', NAME_PREFIXES, 'يوري'],
    ['فبوتين', NAME_PREFIXES, 'بوتين'],
    ['لبوتين', NAME_PREFIXES, 'بوتين'],
    ['كبوتين', NAME_PREFIXES, 'كبوتين'],
    ['كبوتين', GLOSSED_NAME_PREFIXES, 'بوتين'],
    ['وأضاف', CONJUNCTIONS, 'أضاف'],
    ['فقال', CONJUNCTIONS, 'قال'],
    ['وشي', AND, 'وشي'],
  ];
  for (const [word, prefixes, expected] of cases) {
    it(`${word} -> ${expected}`, () => {
      const minStem = prefixes === CONJUNCTIONS || prefixes === AND ? 3 : 2;
      assert.equal(withoutProclitics(normalizeText(word), prefixes, minStem), normalizeText(expected));
    });
  }

  it('keeps a word that would be left too short', () => {
    assert.equal(withoutProclitics('ال', NOUN_PREFIXES, 2), 'ال');
    assert.equal(withoutProclitics('وزن', CONJUNCTIONS, 3), 'وزن');
    assert.equal(withoutProclitics('وزير', CONJUNCTIONS, 3), 'زير');
  });
});

describe('procliticSplits', () => {
  it('gives the word, then every split, longest prefix first', () => {
    assert.deepEqual(
      procliticSplits('وبالكرملين', NOUN_PREFIXES, 2).map((s) => [s.prefix?.written ?? '', s.stem]),
      [['', 'وبالكرملين'], ['وبال', 'كرملين'], ['وب', 'الكرملين'], ['و', 'بالكرملين']],
    );
  });
});

describe('startsWithProclitic', () => {
  it('tells a conjunction on a long word', () => {
    assert.equal(startsWithProclitic('والسيد', AND, 3), true);
    assert.equal(startsWithProclitic('السيد', AND, 3), false);
  });
});

describe('arabicStems', () => {
  it('removes proclitics, counting them', () => {
    const stems = arabicStems('وبالكرملين');
    assert.ok(stems.some((s) => s.stem === 'كرملين' && s.morphemes === 3), JSON.stringify(stems));
    const putin = arabicStems('لبوتين');
    assert.ok(putin.some((s) => s.stem === 'بوتين' && s.morphemes === 1), JSON.stringify(putin));
  });

  it('leaves at least two letters', () => {
    assert.deepEqual(
      arabicStems('وشي').map((s) => s.stem),
      ['وشي', 'شي'],
    );
    assert.deepEqual(
      arabicStems('ال').map((s) => s.stem),
      ['ال'],
    );
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isArabicToken, normalizeText, tokenize } from '../../src/text/normalize.ts';
import { latinForms } from '../../src/text/latin-readings.ts';
import { NameMatcher, countVocabulary, sameNameSkeleton } from '../../src/text/transliterate.ts';
import { observed } from '../support/observed.ts';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seedTexts = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => tokenize(normalizeText(readFileSync(`${SEEDS}${f}`, 'utf8'))));
const seedVocabulary = countVocabulary(seedTexts);

/** The n most frequent Arabic tokens of the seed articles: ordinary news words (and a few names). */
function frequentSeedWords(n: number): Map<string, number> {
  const sorted = [...seedVocabulary.tokens].filter(([t]) => isArabicToken(t)).sort((a, b) => b[1] - a[1]);
  return new Map(sorted.slice(0, n));
}

const ar = (text: string): string => normalizeText(text);

describe('NameMatcher reading Latin letters (latinSkeletons, through the matcher)', () => {
  // One corpus vocabulary holding all of them: each name must find its own spelling among the others.
  const spellings: [string, string][] = [
    ['Putin', 'بوتين'],
    ['Lavrov', 'لافروف'],
    ['Sechin', 'سيتشين'],
    ['Ushakov', 'أوشاكوف'],
    ['Khodorkovsky', 'خودوركوفسكي'],
    ['Philip', 'فيليب'],
    ['Alexei', 'أليكسي'],
    ['Macron', 'ماكرون'],
    ['Cecil', 'سيسيل'],
    ['Wagner', 'فاغنر'],
    ['Moscow', 'موسكو'],
    ['Russell', 'راسل'],
  ];
  const matcher = new NameMatcher(new Map(spellings.map(([, arabic]) => [ar(arabic), 1])));
  const best = (latin: string) => matcher.match(latin, 1)[0]?.token;

  it('reads plain consonants one to one', () => {
    assert.equal(best('Putin'), ar('بوتين'));
    assert.equal(best('Lavrov'), ar('لافروف'));
  });

  it('reads digraphs as one sound (ch, sh, kh, ph)', () => {
    for (const [latin, arabic] of spellings.filter(([latin]) => ['Sechin', 'Ushakov', 'Khodorkovsky', 'Philip'].includes(latin))) {
      assert.equal(best(latin), ar(arabic), latin);
    }
  });

  it('covers ambiguous letters with alternatives (x as ks, c as k or s, w as v)', () => {
    for (const latin of ['Alexei', 'Macron', 'Cecil', 'Wagner']) assert.equal(best(latin), ar(spellings.find(([l]) => l === latin)![1]), latin);
  });

  it('drops vowels, w after a vowel and doubled letters', () => {
    assert.equal(best('Moscow'), ar('موسكو'));
    assert.equal(best('Russell'), ar('راسل'));
  });

  it('reads g as ج or غ: Sergei finds either spelling', () => {
    for (const spelling of ['سيرغي', 'سيرجي']) {
      assert.equal(new NameMatcher(new Map([[ar(spelling), 1], [ar('سيرفي'), 1]])).match('Sergei', 1)[0]?.token, ar(spelling), spelling);
    }
  });

  it('reads "ng" as نغ or ن', () => {
    for (const spelling of ['شينغ', 'شين']) assert.equal(new NameMatcher(new Map([[ar(spelling), 1]])).match('Sheng', 1)[0]?.token, ar(spelling), spelling);
  });

  it('matches nothing for a word without Latin letters', () => {
    assert.deepEqual(matcher.match('بوتين'), []);
    assert.deepEqual(latinForms(''), []);
  });
});

describe('NameMatcher', () => {
  // Names the news agencies transliterate; the last ones are absent from the seed articles
  // and added to their vocabulary, as another corpus would have them.
  const names: [latin: string, arabic: string][] = [
    ['Putin', 'بوتين'],
    ['Xi', 'شي'],
    ['Ushakov', 'أوشاكوف'],
    ['Sechin', 'سيتشين'],
    ['Biden', 'بايدن'],
    ['Moscow', 'موسكو'],
    ['Beijing', 'بكين'],
    ['Washington', 'واشنطن'],
    ['Kremlin', 'الكرملين'],
    ['Lavrov', 'لافروف'],
    ['Peskov', 'بيسكوف'],
    ['Zelensky', 'زيلينسكي'],
    ['Macron', 'ماكرون'],
    ['Shoigu', 'شويغو'],
  ];
  const vocabulary = new Map(seedVocabulary.tokens);
  for (const [, arabic] of names) if (!vocabulary.has(ar(arabic))) vocabulary.set(ar(arabic), 1);
  const matcher = new NameMatcher(vocabulary, { bigrams: seedVocabulary.bigrams });

  for (const [latin, arabic] of names) {
    it(`GIVEN the seed vocabulary WHEN asked for ${latin} THEN ranks ${arabic} first`, () => {
      const matches = matcher.match(latin);
      assert.equal(matches[0]?.token, ar(arabic), JSON.stringify(matches));
    });
  }

  it('matches a multi-word transliteration when the pair occurs in the corpus (Jinping -> جين بينغ)', () => {
    const matches = matcher.match('Jinping');
    assert.equal(matches[0]?.token, 'جين بينغ', JSON.stringify(matches));
  });

  it('does not match two tokens without the corpus bigrams', () => {
    const plain = new NameMatcher(vocabulary);
    assert.ok(plain.match('Jinping').every((m) => !m.token.includes(' ')), `plain.match('Jinping'): ${observed(plain.match('Jinping'))}`);
  });

  it('also returns the spelling variants and prefixed forms of a name, lower', () => {
    const tokens = matcher.match('Putin', 10).map((m) => m.token);
    assert.ok(tokens.includes('وبوتين') && tokens.includes('بوتن'), tokens.join(','));
    assert.equal(tokens[0], 'بوتين');
  });

  it('finds a name carrying a proclitic when only that form is in the corpus', () => {
    const prefixedOnly = new NameMatcher(new Map([['وبوتين', 1], ['والحكومة', 3], ['بيان', 2]].map(([t, n]) => [ar(String(t)), Number(n)])));
    assert.deepEqual(
      prefixedOnly.match('Putin').map((m) => m.token),
      ['وبوتين'],
    );
  });

  it('matches a word of one or two letters only to an identical skeleton', () => {
    const small = new NameMatcher(new Map([['شي', 1], ['شيخ', 5], ['شاب', 5], ['سي', 2]]));
    assert.deepEqual(
      small.match('Xi').map((m) => m.token),
      ['شي'],
    );
  });

  it('ranks a more frequent token first among equal scores', () => {
    const tied = new NameMatcher(new Map([['بوتين', 1], ['فبوتين', 1], ['وبوتين', 9]]));
    assert.deepEqual(
      tied.match('Putin').map((m) => m.token),
      ['بوتين', 'وبوتين', 'فبوتين'],
    );
  });

  it('returns scores between 0 and 1, best first, at most `limit`', () => {
    const matches = matcher.match('Putin', 2);
    assert.equal(matches.length, 2);
    assert.ok(matches.every((m) => m.score > 0 && m.score <= 1), `matches: ${observed(matches)}`);
    assert.ok((matches[0]?.score ?? 0) >= (matches[1]?.score ?? 0), `scores: ${observed(matches.map((m) => m.score))}`);
  });

  it('returns nothing for an empty or non-Latin word', () => {
    assert.deepEqual(matcher.match(''), []);
    assert.deepEqual(matcher.match('بوتين'), []);
    assert.deepEqual(matcher.match('2024'), []);
  });

  it('ignores non-Arabic tokens of the vocabulary', () => {
    const mixed = new NameMatcher(new Map([['putin', 5], ['بوتين', 1], ['2022', 3]]));
    assert.deepEqual(
      mixed.match('Putin').map((m) => m.token),
      ['بوتين'],
    );
  });

  const commonWords = [
    'water', 'capital', 'boiling', 'position', 'relations', 'president', 'sanctions', 'trade',
    'talks', 'visit', 'dependent', 'term', 'statement', 'remarks', 'months',
  ];

  it('GIVEN 200 frequent words of the seed articles THEN common English words match nothing', () => {
    const newsWords = new NameMatcher(frequentSeedWords(200));
    for (const word of commonWords) assert.deepEqual(newsWords.match(word), [], word);
  });

  it('GIVEN the whole seed vocabulary THEN "water" and "capital" still match nothing', () => {
    for (const word of ['water', 'capital', 'boiling', 'position']) {
      assert.deepEqual(matcher.match(word), [], `${word}: ${JSON.stringify(matcher.match(word))}`);
    }
  });
});

describe('sameNameSkeleton', () => {
  it('finds a name under the clitics running text puts on it: and, by, for, the', () => {
    const written: [latin: string, arabic: string][] = [['Putin', 'وبوتين'], ['Putin', 'لبوتين'], ['Kremlin', 'والكرملين'], ['Washington', 'وواشنطن'], ['Jinping', 'جين بينغ']];
    for (const [latin, arabic] of written) {
      assert.equal(sameNameSkeleton(latin, normalizeText(arabic)), true, `${latin} is written ${arabic}`);
    }
  });

  it('does not read ك ("like") as a clitic before a name: كبيرة (big) is not Peru', () => {
    assert.equal(sameNameSkeleton('Peru', normalizeText('كبيرة')), false, 'Peru in كبيرة');
    assert.equal(sameNameSkeleton('Peru', normalizeText('بيرو')), true, 'Peru as بيرو');
  });
});

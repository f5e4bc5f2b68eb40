import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishFigure, numberPhraseAt } from '../../src/english/numbers.ts';
import { glossTokens } from '../../src/english/tokens.ts';

/** The English of the number phrase at the start of `text`, or undefined. */
function english(text: string): string | undefined {
  return numberPhraseAt(glossTokens(text), 0)?.english;
}

describe('numbers, amounts, percentages and dates in English', () => {
  it('GIVEN amounts of money THEN the currency as English writes it, with its scale', () => {
    assert.equal(english('123 مليار دولار'), '$123 billion');
    assert.equal(english('200 مليار دولار أمريكي'), '$200 billion');
    assert.equal(english('٢٢٨ مليار دولار'), '$228 billion');
    assert.equal(english('5 ملايين يورو'), '€5 million');
    assert.equal(english('3 مليارات يوان'), '3 billion yuan');
    assert.equal(english('150 مليون جرعة'), '150 million');
  });
  it('GIVEN percentages THEN "percent", whichever way the Arabic writes it', () => {
    assert.equal(english('90 في المائة'), '90 percent');
    assert.equal(english('90 في المئة'), '90 percent');
    assert.equal(english('31٪'), '31 percent');
    assert.equal(english('٣٫٥٪'), '3.5 percent');
    assert.equal(english('12 بالمائة'), '12 percent');
  });
  it('GIVEN dates THEN day, month and year in English; the Levantine month after a slash is the same month', () => {
    assert.equal(english('8 فبراير'), '8 February');
    assert.equal(english('8 فبراير/شباط'), '8 February');
    assert.equal(english('8 فبراير/شباط 2024'), '8 February 2024');
    assert.equal(english('فبراير/شباط 2022'), 'February 2022');
    assert.equal(english('أكتوبر/تشرين الأول 2023'), 'October 2023');
    assert.equal(english('مارس/آذار 2023'), 'March 2023');
    assert.equal(english('يوم الأربعاء'), undefined, 'يوم is a word of its own');
    assert.equal(english('الأربعاء'), 'Wednesday');
    assert.equal(english('عام 2023'), '2023', 'في عام 2023 is "in 2023"');
  });
  it('GIVEN number words THEN English numbers, an ordinal with its tens in one', () => {
    assert.equal(english('ثمانية أيام'), 'eight');
    assert.equal(english('الخامسة والسبعين'), 'seventy-fifth');
    assert.equal(english('العشرين'), 'twentieth');
    assert.equal(english('عامين'), 'two years');
  });
  it('GIVEN a bare number or year THEN as written in ASCII digits', () => {
    assert.equal(english('2023'), '2023');
    assert.equal(english('١٥٠'), '150');
    assert.equal(english('1,000'), '1,000');
  });
  it('GIVEN words that are no number THEN nothing', () => {
    assert.equal(english('التجارة'), undefined);
    assert.equal(english(''), undefined);
  });
});

describe('englishFigure (briefing figures)', () => {
  it('GIVEN a whole figure THEN its English; GIVEN more than a figure THEN undefined (the gloss takes over)', () => {
    assert.equal(englishFigure(glossTokens('123 مليار دولار')), '$123 billion');
    assert.equal(englishFigure(glossTokens('90 في المائة')), '90 percent');
    assert.equal(englishFigure(glossTokens('31٪')), '31 percent');
    assert.equal(englishFigure(glossTokens('2023')), '2023');
    assert.equal(englishFigure(glossTokens('150 مليون جرعة')), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldDigits, isArabicToken, normalizeText, tokenize } from '../../src/text/normalize.ts';

describe('normalizeText', () => {
  it('removes harakat, tanween, shadda, sukun and the superscript alef', () => {
    assert.equal(normalizeText('قَالَ'), 'قال');
    assert.equal(normalizeText('كِتَابٍ'), 'كتاب');
    assert.equal(normalizeText('مُحَمَّدٌ'), 'محمد');
    assert.equal(normalizeText('هٰذا'), 'هذا');
  });

  it('removes tatweel, so a stretched word matches the plain one', () => {
    assert.equal(normalizeText('الرئيـــــس'), normalizeText('الرئيس'));
    assert.equal(normalizeText('بوتـين'), 'بوتين');
  });

  it('folds every alef/hamza form to a bare alef', () => {
    assert.equal(normalizeText('أوشاكوف'), 'اوشاكوف');
    assert.equal(normalizeText('إيران'), 'ايران');
    assert.equal(normalizeText('آسيا'), 'اسيا');
    assert.equal(normalizeText('ٱلله'), 'الله');
  });

  it('folds hamza on waw and on yeh to the bare letters', () => {
    assert.equal(normalizeText('مؤتمر'), 'موتمر');
    assert.equal(normalizeText('رئيس'), 'رييس');
  });

  it('folds ta marbuta to heh, so "الصينية" and "الصينيه" are one spelling', () => {
    assert.equal(normalizeText('الصينية'), 'الصينيه');
    assert.equal(normalizeText('الصينية'), normalizeText('الصينيه'));
  });

  it('folds alef maqsura to yeh, so "إلى" and "الي" are one spelling', () => {
    assert.equal(normalizeText('إلى'), 'الي');
    assert.equal(normalizeText('مستوى'), normalizeText('مستوي'));
  });

  it('folds Persian letters to their Arabic counterparts', () => {
    assert.equal(normalizeText('کی'), 'كي');
  });

  it('turns Arabic-Indic and Persian digits into ASCII digits', () => {
    assert.equal(normalizeText('٣١٪'), '31٪');
    assert.equal(normalizeText('۲۰۲۴'), '2024');
    assert.equal(foldDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹'), '0123456789 0123456789');
  });

  it('removes zero-width and bidirectional controls, so they neither split nor glue words', () => {
    const controls = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202E', '\u2066', '\u2069', '\uFEFF', '\u061C', '\u00AD'];
    for (const control of controls) {
      const codePoint = control.codePointAt(0)!.toString(16);
      assert.deepEqual(tokenize(normalizeText(`أوشا${control}كوف`)), ['اوشاكوف'], `U+${codePoint} inside a word`);
      assert.equal(normalizeText(`${control}بوتين`), 'بوتين', `U+${codePoint} before a word`);
    }
  });

  it('lower-cases Latin text and strips its accents', () => {
    assert.equal(normalizeText('Xi Jinping'), 'xi jinping');
    assert.equal(normalizeText('Café Déjà'), 'cafe deja');
  });

  it('leaves white space and punctuation where they are', () => {
    assert.equal(normalizeText('قال: "نعم".'), 'قال: "نعم".');
  });
});

describe('tokenize', () => {
  it('splits normalised text into runs of letters or digits in any script', () => {
    assert.deepEqual(tokenize(normalizeText('وقال أوشاكوف، للصحفيين: “نعم”.')), ['وقال', 'اوشاكوف', 'للصحفيين', 'نعم']);
  });

  it('keeps digits as tokens and splits at hyphens, slashes and percent signs', () => {
    assert.deepEqual(tokenize(normalizeText('COVID-19 في 8 فبراير/شباط بنسبة ٣١٪')), ['covid', '19', 'في', '8', 'فبراير', 'شباط', 'بنسبه', '31']);
  });

  it('returns no tokens for punctuation and white space only', () => {
    assert.deepEqual(tokenize(normalizeText(' ،.؛ - “” ')), []);
    assert.deepEqual(tokenize(''), []);
  });
});

describe('isArabicToken', () => {
  it('tells Arabic tokens from Latin and digit tokens', () => {
    assert.equal(isArabicToken('اوشاكوف'), true);
    assert.equal(isArabicToken('ushakov'), false);
    assert.equal(isArabicToken('2024'), false);
  });
});

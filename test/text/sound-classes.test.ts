import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arabicForm, arabicSkeleton } from '../../src/text/sound-classes.ts';

describe('arabicSkeleton', () => {
  it('drops vowel letters, so بوتين and بوتن share a skeleton', () => {
    assert.equal(arabicSkeleton('بوتين'), 'بتن');
    assert.equal(arabicSkeleton('بوتن'), 'بتن');
  });

  it('folds emphatic and similar letters into one class', () => {
    assert.equal(arabicSkeleton('طالب'), arabicSkeleton('تالب'));
    assert.equal(arabicSkeleton('صين'), arabicSkeleton('سين'));
    assert.equal(arabicSkeleton('ضرب'), arabicSkeleton('درب'));
    assert.equal(arabicSkeleton('قمر'), arabicSkeleton('كمر'));
    assert.equal(arabicSkeleton('ظل'), arabicSkeleton('زل'));
    assert.equal(arabicSkeleton('حسن'), arabicSkeleton('هسن'));
  });

  it('ignores diacritics, hamza seats, ع and a final ه', () => {
    assert.equal(arabicSkeleton('أُوشاكُوف'), 'شكف');
    assert.equal(arabicSkeleton('غزة'), 'غز');
    assert.equal(arabicSkeleton('عباس'), 'بس');
  });

  it('keeps two equal consonants apart (Arabic writes a doubled one once)', () => {
    assert.equal(arabicSkeleton('تطوير'), 'تتر');
  });
});

describe('arabicForm', () => {
  it('keeps vowel letters as units and reads an initial ا before و as a hamza seat', () => {
    assert.equal(arabicForm('بوتين'), 'بوتين');
    assert.equal(arabicForm('أوشاكوف'), 'وشاكوف');
  });
});

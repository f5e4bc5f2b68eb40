import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { splitSentences } from '../../src/text/sentences.ts';
import { observed } from '../support/observed.ts';

/** The sentences as text, cut from the input by their spans. */
function sentencesOf(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

describe('splitSentences', () => {
  it('splits at . ؟ ! and ؛ followed by white space', () => {
    assert.deepEqual(sentencesOf('هل ستلتقيان؟ نعم! سنلتقي؛ ثم نتحدث. انتهى'), ['هل ستلتقيان؟', 'نعم!', 'سنلتقي؛', 'ثم نتحدث.', 'انتهى']);
  });

  it('keeps a closing quotation mark after the full stop with its sentence: “…”.', () => {
    assert.deepEqual(sentencesOf('وقال أوشاكوف: “تم إعداد بيان مشترك”. وأضاف أن الزيارة مهمة.'), [
      'وقال أوشاكوف: “تم إعداد بيان مشترك”.',
      'وأضاف أن الزيارة مهمة.',
    ]);
  });

  it('keeps a closing quotation mark before the next sentence with the quote it closes: “….”', () => {
    assert.deepEqual(sentencesOf('قال: “نحن نعارض.” ثم غادر.'), ['قال: “نحن نعارض.”', 'ثم غادر.']);
  });

  it('keeps straight quotes and brackets after ! ؟ and . with their sentence', () => {
    assert.deepEqual(sentencesOf('قال "نعم"! و"لا"؟ ثم قال (هذا مهم). أخيرا'), ['قال "نعم"!', 'و"لا"؟', 'ثم قال (هذا مهم).', 'أخيرا']);
  });

  it('does not split inside decimal numbers', () => {
    assert.deepEqual(sentencesOf('زادت التجارة بنسبة 3.5 في المائة. وبلغت 1.25 مليار دولار.'), [
      'زادت التجارة بنسبة 3.5 في المائة.',
      'وبلغت 1.25 مليار دولار.',
    ]);
  });

  it('treats an ellipsis as one sentence end', () => {
    assert.deepEqual(sentencesOf('انتظر... ثم قال شيئا'), ['انتظر...', 'ثم قال شيئا']);
  });

  it('leaves surrounding white space out of every span', () => {
    assert.deepEqual(sentencesOf('  أول جملة.   ثانية جملة.  \n'), ['أول جملة.', 'ثانية جملة.']);
  });

  it('returns no sentences for empty or blank text', () => {
    assert.deepEqual(splitSentences(''), []);
    assert.deepEqual(splitSentences(' \n\t '), []);
  });

  it('gives spans that cut the seed articles back to their exact text: in order, not overlapping, only white space between', async () => {
    const text = await readFile(new URL('../../seeds/003_e1704f5e1c1310a5.txt', import.meta.url), 'utf8');
    for (const line of text.split('\n').filter((l) => l.trim())) {
      const spans = splitSentences(line);
      assert.ok(spans.length > 0, `spans: ${observed(spans)}`);
      let at = 0;
      for (const span of spans) {
        assert.ok(span.start >= at && span.end > span.start && span.end <= line.length, `bad span ${JSON.stringify(span)}`);
        assert.match(line.slice(at, span.start), /^\s*$/, 'non-space text left out between sentences');
        at = span.end;
      }
      assert.match(line.slice(at), /^\s*$/, 'non-space text left out at the end');
    }
  });

  it('splits a seed paragraph of several quoted statements into its sentences', async () => {
    const text = await readFile(new URL('../../seeds/004_7f546b9a39fe931a.txt', import.meta.url), 'utf8');
    const line = text.split('\n')[20]!; // line 21: two quoted statements by Ushakov
    assert.deepEqual(sentencesOf(line), [
      'وأضاف: “موسكو وبكين لا ولن تقبلا بهذه السياسة”.',
      '“الشيء الأكثر أهمية هو أن يفهم قادة البلدين أن الولايات المتحدة لديها عملياً سياسة الاحتواء المزدوج لروسيا والصين”.',
    ]);
  });
});

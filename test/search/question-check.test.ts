import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkQuestion, cleanQuestion } from '../../src/search/question-check.ts';
import { Refusals, refusalText } from '../../src/search/refusals.ts';

describe('cleanQuestion', () => {
  it('GIVEN zero-width, bidi and control characters THEN removes them; line breaks become spaces', () => {
    assert.equal(cleanQuestion('\u202eWhat did Ush\u200bakov\u200f say?\u202c'), 'What did Ushakov say?');
    assert.equal(cleanQuestion('\u2066ماذا\u2069 قال\u00ad أوشاكوف؟\ufeff'), 'ماذا قال أوشاكوف؟');
    assert.equal(cleanQuestion('line one\nline\ttwo\u0000\u0007'), 'line one line two');
  });
  it('GIVEN Arabic text THEN leaves its letters, marks and punctuation alone', () => {
    assert.equal(cleanQuestion('  كم بلغ حجم التبادل التجاري؟ ٣١٪  '), 'كم بلغ حجم التبادل التجاري؟ ٣١٪');
  });
});

describe('checkQuestion', () => {
  it('GIVEN nothing, spaces, punctuation, emoji or invisible characters only THEN empty, with an example of what to ask', () => {
    for (const raw of [null, '', '   ', '?!…', '؟؟ ، .', '🙂🙂 👍', '\u200b\u200c\u200d\u2060\ufeff', '\u202e\u202d\u2066', '** __ ~~ ||']) {
      const checked = checkQuestion(raw);
      assert.equal(checked.ok, false, JSON.stringify(raw));
      assert.deepEqual(checked, { ok: false, reason: 'empty' }, JSON.stringify(raw));
    }
    assert.match(Refusals.empty(), /^There is nothing to search for in that question \(no letters or numbers\)\. Ask about the articles, e\.g\. “What did Ushakov say\?”/);
  });
  it('GIVEN more than 1000 characters THEN too long, stating the length and the limit', () => {
    const checked = checkQuestion('x'.repeat(20_000));
    assert.deepEqual(checked, { ok: false, reason: 'too-long', length: 20_000 });
    assert.equal(
      refusalText({ reason: 'too-long', length: 20_000 }),
      'That question is 20,000 characters long; the limit is 1,000 characters. Please ask something shorter, e.g. “What did Ushakov say?”.',
    );
    assert.equal(checkQuestion('x'.repeat(1001)).ok, false);
    assert.equal(checkQuestion(` ${'x'.repeat(1000)} `).ok, true, 'the limit counts the trimmed text, as the engine does');
  });
  it('GIVEN a question with a letter or a digit THEN ok, cleaned', () => {
    assert.deepEqual(checkQuestion(' \u200bwhat did\nUshakov say? '), { ok: true, question: 'what did Ushakov say?' });
    assert.deepEqual(checkQuestion('2021?'), { ok: true, question: '2021?' });
  });
  it('GIVEN a noun THEN the refusal uses it', () => {
    assert.match(refusalText({ reason: 'empty' }, 'topic'), /^There is nothing to search for in that topic/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSpeechCues } from '../../../src/search/speakers/reported-speech.ts';

const speakerOf = (sentence: string) => findSpeechCues(sentence).map((cue) => cue.speakerWords.map((w) => w.raw).join(' '));

describe('findSpeechCues', () => {
  it('takes the subject after a reporting verb, up to the content opener', () => {
    assert.deepEqual(speakerOf('وقال سيرغي لافروف إن المحادثات كانت بناءة.'), ['سيرغي لافروف']);
  });

  it('keeps an apposition but stops at the colon before a quotation', () => {
    assert.deepEqual(speakerOf('وأكد دميتري بيسكوف، المتحدث باسم الكرملين: “لا تغيير في موقفنا”.'), ['دميتري بيسكوف المتحدث باسم الكرملين']);
  });

  it('gives no subject for a verb that has none ("وأضاف: …"), so attribution carries one over', () => {
    const cues = findSpeechCues('وأضاف: “سنواصل العمل معا”.');
    assert.equal(cues.length, 1);
    assert.equal(cues[0]!.kind, 'verb');
    assert.deepEqual(cues[0]!.speakerWords, []);
  });

  it('reads subject-first clauses ("أن لافروف قال إن …")', () => {
    assert.deepEqual(speakerOf('وذكرت الصحيفة أن لافروف قال إن الاجتماع تأجل.'), ['الصحيفة', 'لافروف']);
  });

  it('finds the speaker of "عن X قوله" and says when the cue closes the sentence', () => {
    const cues = findSpeechCues('ونقلت الوكالة عن الوزير قوله.');
    assert.deepEqual(cues.map((c) => c.speakerWords.map((w) => w.raw).join(' ')), ['الوزير']);
    assert.equal(cues[0]!.attributesPrevious, true);
  });

  it('ignores negated verbs and verbs that report no words', () => {
    assert.deepEqual(findSpeechCues('ولم يذكر البيان أي تفاصيل عن الاتفاق.'), []);
    assert.deepEqual(findSpeechCues('وأكدت الحكومة دعمها للخطة الجديدة.'), []);
  });

  it('marks a sentence that only quotes as quote-only', () => {
    assert.deepEqual(findSpeechCues('“هذه خطوة مهمة للعلاقات بين البلدين”.').map((c) => c.kind), ['quote-only']);
  });
});

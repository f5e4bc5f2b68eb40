import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveFollowUp, type FollowUp, type FollowUpCorpus } from '../../src/team/follow-up.ts';
import type { ThreadContext, Turn } from '../../src/team/thread-context.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

const USHAKOV = { asked: 'Ushakov', names: ['يوري أوشاكوف'], latin: ['Yuri Ushakov'] };
const passages = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, file: `00${i}.txt`, lineStart: i + 1, lineEnd: i + 1 }));

function thread(...turns: Partial<Turn>[]): ThreadContext {
  return {
    threadId: 't',
    updatedAt: '2025-03-02T10:00:00.000Z',
    turns: turns.map((t, i) => ({ asked: 'q', question: 'q', topic: '', passages: [], at: `2025-03-02T09:0${i}:00.000Z`, ...t })),
  };
}

function question(resolved: FollowUp): Extract<FollowUp, { kind: 'question' }> {
  assert.equal(resolved.kind, 'question', JSON.stringify(resolved));
  return resolved as Extract<FollowUp, { kind: 'question' }>;
}

describe('resolveFollowUp (the seeds corpus names the speakers)', { timeout: 60_000 }, () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  let corpus: FollowUpCorpus;
  before(async () => {
    t = await openTestEngine();
    corpus = { speakersNamed: (words) => t.engine.quotes(words).speakers.map((s) => s.name), latinName: (name) => t.engine.latinName(name) };
  });
  after(async () => t?.close());

  const afterUshakov = () => thread({ asked: 'What did Ushakov say?', question: 'What did Ushakov say?', speaker: USHAKOV, passages: passages(5) });

  it('GIVEN no conversation THEN the message stands alone, as typed', () => {
    assert.deepEqual(resolveFollowUp('what else did he say?', null, corpus), { kind: 'question', question: 'what else did he say?', exclude: [], topic: '' });
  });

  it('GIVEN a pronoun and words of "more" THEN the thread’s speaker, without the passages already shown', () => {
    for (const text of ['what else did he say?', 'What more did he say', 'anything else he said?', 'Did he say anything else?']) {
      const resolved = question(resolveFollowUp(text, afterUshakov(), corpus));
      assert.equal(resolved.question, 'what did يوري أوشاكوف say?', text);
      assert.equal(resolved.readAs, 'what did Yuri Ushakov say?', text);
      assert.deepEqual(resolved.exclude.map((p) => p.id), ['p1', 'p2', 'p3', 'p4', 'p5'], text);
    }
  });

  it('GIVEN an Arabic reporting verb with no subject THEN the thread’s speaker takes its place', () => {
    const more = question(resolveFollowUp('ماذا قال أيضاً؟', afterUshakov(), corpus));
    assert.equal(more.question, 'ماذا قال يوري أوشاكوف؟');
    assert.equal(more.exclude.length, 5);
    const topic = question(resolveFollowUp('ماذا قال عن الغاز؟', afterUshakov(), corpus));
    assert.equal(topic.question, 'ماذا قال يوري أوشاكوف عن الغاز؟');
    assert.deepEqual(topic.exclude, [], 'a new topic is not "more": what was shown may answer it');
  });

  it('GIVEN "and about X" THEN the speaker is carried and X is the topic; in Arabic too', () => {
    const english = question(resolveFollowUp('and about gas?', afterUshakov(), corpus));
    assert.deepEqual([english.question, english.readAs, english.topic], ['what did يوري أوشاكوف say about gas?', 'what did Yuri Ushakov say about gas?', 'gas']);
    assert.equal(question(resolveFollowUp('What about sanctions', afterUshakov(), corpus)).question, 'what did يوري أوشاكوف say about sanctions?');
    assert.equal(question(resolveFollowUp('وماذا عن الغاز؟', afterUshakov(), corpus)).question, 'ماذا قال يوري أوشاكوف عن الغاز؟');
    assert.equal(question(resolveFollowUp('وعن الغاز؟', afterUshakov(), corpus)).question, 'ماذا قال يوري أوشاكوف عن الغاز؟');
  });

  it('GIVEN "and X" naming someone quoted THEN X replaces the speaker and the topic is carried', () => {
    const context = thread({ asked: 'what did Ushakov say about gas?', question: 'what did Ushakov say about gas?', speaker: USHAKOV, topic: 'gas', passages: passages(3) });
    const resolved = question(resolveFollowUp('and Putin?', context, corpus));
    assert.equal(resolved.question, 'what did فلاديمير بوتين say about gas?');
    assert.deepEqual(resolved.speaker?.names, ['فلاديمير بوتين']);
  });

  it('GIVEN "and about X" after a topic question THEN the new words with the earlier topic', () => {
    const context = thread({ asked: 'trade between Russia and China', question: 'trade between Russia and China', topic: 'trade between Russia and China', passages: passages(2) });
    assert.deepEqual(question(resolveFollowUp('and about gas?', context, corpus)).question, 'gas trade between Russia and China');
    const again = question(resolveFollowUp('what else?', context, corpus));
    assert.deepEqual([again.question, again.exclude.length], ['trade between Russia and China', 2]);
  });

  it('GIVEN #n THEN passages like it, or with article words its whole article; Arabic and written-out numbers too', () => {
    const context = afterUshakov();
    assert.deepEqual(resolveFollowUp('more like #2', context, corpus), { kind: 'similar', number: 2, passage: passages(5)[1] });
    assert.deepEqual(resolveFollowUp('show the whole article of #3', context, corpus), { kind: 'article', number: 3, passage: passages(5)[2] });
    assert.deepEqual(resolveFollowUp('similar to number 4?', context, corpus), { kind: 'similar', number: 4, passage: passages(5)[3] });
    assert.deepEqual(resolveFollowUp('مثل رقم ٢', context, corpus), { kind: 'similar', number: 2, passage: passages(5)[1] });
    assert.deepEqual(resolveFollowUp('المقال الكامل للفقرة 1', context, corpus), { kind: 'article', number: 1, passage: passages(5)[0] });
  });

  it('GIVEN a reference the thread cannot resolve THEN says why and what it can', () => {
    assert.deepEqual(resolveFollowUp('more like #9', afterUshakov(), corpus), { kind: 'unclear', why: 'There is no passage #9: the last answer here showed 5 passages (#1–#5).' });
    const noSpeaker = thread({ asked: 'trade', question: 'trade', topic: 'trade', passages: passages(1) });
    assert.match((resolveFollowUp('what did she say?', noSpeaker, corpus) as { why: string }).why, /^I don't know who “she” is in this thread/);
    assert.match((resolveFollowUp('#1', thread({ asked: 'x', question: 'x' }), corpus) as { why: string }).why, /no answer here has shown passages yet/);
  });

  it('GIVEN a question that names its own speaker THEN it stands alone (and carries that speaker on)', () => {
    const resolved = question(resolveFollowUp('What did Putin say?', afterUshakov(), corpus));
    assert.deepEqual([resolved.question, resolved.readAs, resolved.exclude], ['What did Putin say?', undefined, []]);
    assert.deepEqual(resolved.speaker?.names, ['فلاديمير بوتين']);
    const more = question(resolveFollowUp('what else did Putin say?', afterUshakov(), corpus));
    assert.deepEqual([more.question, more.exclude.length], ['what did Putin say', 5]);
  });
});

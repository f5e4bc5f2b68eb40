import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePassage, type Passage } from '../../../src/corpus/passages.ts';
import { attributeQuotes, type SpeakerDirectory } from '../../../src/search/speakers/attribution.ts';
import { observed } from '../../support/observed.ts';

function article(file: string, paragraphs: string[]): Passage[] {
  return paragraphs.map((text, i) => makePassage({ id: `${file}#L${i * 2 + 1}`, file, lineStart: i * 2 + 1, lineEnd: i * 2 + 1, text, isTitle: i === 0 }));
}

function quotesBy(directory: SpeakerDirectory, passages: Passage[], name: string): string[] {
  const speaker = directory.speakers.find((s) => s.name.includes(name));
  assert.ok(speaker, `no speaker named ${name}; found ${directory.speakers.map((s) => s.name).join(', ')}`);
  return speaker.quotes.map((q) => {
    const passage = passages[q.doc]!;
    const span = passage.sentences[q.sentence]!;
    return passage.text.slice(span.start, span.end);
  });
}

describe('attributeQuotes', () => {
  const passages = [
    ...article('a.txt', [
      'لافروف يزور أنقرة لبحث الأزمة',
      'وقال وزير الخارجية الروسي سيرغي لافروف للصحفيين إن المحادثات كانت بناءة.',
      'وأضاف: “سنواصل العمل مع شركائنا”.',
      'وفي سياق آخر، ارتفعت أسعار النفط.',
      'وقال الوزير التركي مولود جاويش أوغلو إن بلاده تدعم الحوار.',
      'من جهته، قال الوزير الروسي إن موسكو مستعدة لجولة جديدة.',
    ]),
    ...article('b.txt', ['تصريحات جديدة حول الأزمة', 'وقال لافروف إن الغرب يتحمل المسؤولية.', 'وأضاف: “لا بديل عن الحل السياسي”.']),
  ];
  const directory = attributeQuotes(passages);

  it('attributes a named quote to its speaker', () => {
    assert.ok(quotesBy(directory, passages, 'لافروف').some((q) => q.includes('المحادثات كانت بناءة')), `quotesBy(directory, passages, 'لافروف'): ${observed(quotesBy(directory, passages, 'لافروف'))}`);
  });

  it('carries the speaker over to "وأضاف: …" in the next paragraph', () => {
    assert.ok(quotesBy(directory, passages, 'لافروف').some((q) => q.includes('سنواصل العمل مع شركائنا')), `quotesBy(directory, passages, 'لافروف'): ${observed(quotesBy(directory, passages, 'لافروف'))}`);
  });

  it('resolves a bare title to the person the article gave that title ("الوزير الروسي")', () => {
    assert.ok(quotesBy(directory, passages, 'لافروف').some((q) => q.includes('موسكو مستعدة')), `quotesBy(directory, passages, 'لافروف'): ${observed(quotesBy(directory, passages, 'لافروف'))}`);
    assert.ok(!quotesBy(directory, passages, 'جاويش').some((q) => q.includes('موسكو مستعدة')), `quotesBy(directory, passages, 'جاويش'): ${observed(quotesBy(directory, passages, 'جاويش'))}`);
  });

  it('merges name forms across articles ("لافروف" is "سيرغي لافروف")', () => {
    const speakers = directory.speakers.filter((s) => s.tokens.has('لافروف'));
    assert.equal(speakers.length, 1);
    assert.equal(speakers[0]!.name, 'سيرغي لافروف');
    assert.ok(quotesBy(directory, passages, 'لافروف').some((q) => q.includes('لا بديل عن الحل السياسي')), `quotesBy(directory, passages, 'لافروف'): ${observed(quotesBy(directory, passages, 'لافروف'))}`);
  });

  it('does not attribute sentences without reported speech', () => {
    const attributed = directory.speakers.flatMap((s) => s.quotes.map((q) => passages[q.doc]!.text));
    assert.ok(!attributed.some((text) => text.includes('أسعار النفط')), `attributed: ${observed(attributed)}`);
  });

  describe('reporting verbs beyond "say", the audience, participles and coordinated speakers', () => {
    const more = [
      ...article('c.txt', [
        'زيارة وزير الخارجية',
        'ودعا وزير الخارجية الفرنسي جان دوران الأطراف إلى "وقف فوري لإطلاق النار".',
        'ونفت روما أنها تلقت أي طلب رسمي.',
        'وكتب دوران في مقال نشرته صحيفة محلية أن "الحوار هو الطريق الوحيد".',
        'كما ذكّر الحضور بأن فرنسا دعمت المبادرة منذ البداية.',
        'وشكر الرئيس البرازيلي كارلوس مينديز نظيره على "الاستقبال الحار".',
        'في كلمته، أشاد مينديز بالعلاقات الثنائية، قائلاً إن "البلدين شريكان طبيعيان".',
        'وأكد السيد مينديز والسيد دوران أن "التعاون سيستمر".',
      ]),
    ];
    const directory = attributeQuotes(more);
    const names = directory.speakers.filter((s) => s.quotes.length > 0).map((s) => s.name);

    it('GIVEN دعا / نفت / كتب / شكر THEN the subject right after the verb speaks, not its object', () => {
      assert.ok(quotesBy(directory, more, 'دوران').some((q) => q.includes('وقف فوري')), `دعا: ${names.join(', ')}`);
      assert.ok(quotesBy(directory, more, 'روما').some((q) => q.includes('تلقت أي طلب')), `نفت: ${names.join(', ')}`);
      assert.ok(quotesBy(directory, more, 'دوران').some((q) => q.includes('الحوار هو الطريق')), `كتب: ${names.join(', ')}`);
      assert.ok(quotesBy(directory, more, 'مينديز').some((q) => q.includes('الاستقبال الحار')), `شكر: ${names.join(', ')}`);
      assert.ok(!names.some((name) => name.includes('الأطراف') || name.includes('نظيره')), `an object listed as a speaker: ${names.join(', ')}`);
    });

    it('GIVEN "ذكّر الحضور بأن …" THEN the audience is not a speaker; the paragraph before\'s speaker is', () => {
      assert.ok(!names.some((name) => name.includes('الحضور')), `the audience listed: ${names.join(', ')}`);
      assert.ok(quotesBy(directory, more, 'دوران').some((q) => q.includes('فرنسا دعمت المبادرة')), `the reminder carried over to دوران: ${observed(quotesBy(directory, more, 'دوران'))}`);
    });

    it('GIVEN "…، قائلاً إن …" THEN the sentence\'s subject speaks', () => {
      assert.ok(quotesBy(directory, more, 'مينديز').some((q) => q.includes('شريكان طبيعيان')), `participle: ${names.join(', ')}`);
    });

    it('GIVEN "أكد السيد X والسيد Y أن …" THEN both speak', () => {
      assert.ok(quotesBy(directory, more, 'مينديز').some((q) => q.includes('التعاون سيستمر')), `مينديز: ${observed(quotesBy(directory, more, 'مينديز'))}`);
      assert.ok(quotesBy(directory, more, 'دوران').some((q) => q.includes('التعاون سيستمر')), `دوران: ${observed(quotesBy(directory, more, 'دوران'))}`);
    });
  });
});

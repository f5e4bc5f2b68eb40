import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { classifyLines, findTitleLine, isWidgetLine, type BoilerplateReason } from '../../src/corpus/boilerplate.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import { readCorpus, type SourceDocument } from '../../src/corpus/read-corpus.ts';
import { observed } from '../support/observed.ts';
import { defaultSettings } from '../../src/settings.ts';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

function doc(file: string, lines: string[]): SourceDocument {
  return { file, text: lines.join('\n'), lines, hash: file };
}

/** The reason for each line of one file, by its text. */
function reasonsOf(documents: SourceDocument[], file: string): Map<string, BoilerplateReason | undefined> {
  const reasons = classifyLines(documents, defaultSettings.passages).get(file)!;
  const lines = documents.find((d) => d.file === file)!.lines;
  return new Map(lines.map((line, i) => [line, reasons[i]]));
}

const CONTENT = [
  'قال وزير الخارجية إن المحادثات مع الجانب الصيني كانت مثمرة وبناءة.',
  'وأضاف أن البلدين اتفقا على مواصلة التعاون في مجالات الطاقة والتجارة.',
  'ومن المقرر أن تعقد جولة جديدة من المحادثات في بكين الشهر المقبل.',
];

describe('isWidgetLine', () => {
  it('recognises subscribe, share, comment, follow and sign-in widgets in Arabic', () => {
    for (const line of [
      'اشترك الآن للحصول على وصول مجاني غير محدود',
      'اشترك في النشرة البريدية',
      'شارك هذه المقالة مع أصدقائك!',
      'شاركوا الخبر',
      'تابعونا على تويتر',
      'تابع قناتنا على يوتيوب',
      'تسجيل الدخول',
      'شكرا لمتابعتكم',
      '0 تعليق',
      'التعليقات (3)',
      'اقرأ أيضا: بوتين يزور بكين',
      '[إعلان 2]',
      'رابط المصدر',
      'جميع الحقوق محفوظة © 2024',
    ]) {
      assert.equal(isWidgetLine(line, defaultSettings.passages), true, line);
    }
  });

  it('recognises the same widgets in English', () => {
    for (const line of ['Subscribe now', 'Share this article', 'Follow us on Facebook', 'Comments (12)', 'Advertisement', 'By admin', 'Sign up for our newsletter']) {
      assert.equal(isWidgetLine(line, defaultSettings.passages), true, line);
    }
  });

  it('does not take an article sentence that contains "شارك" or "تابع" for a widget', () => {
    for (const line of [
      'شارك الرئيس الصيني في القمة التي عقدت في موسكو يوم الخميس.',
      'وقال إن بلاده تابع باهتمام التطورات في المنطقة.',
      'Putin said both countries share the same view on security.',
    ]) {
      assert.equal(isWidgetLine(line, defaultSettings.passages), false, line);
    }
  });

  it('recognises photo captions with their credit and reporters\' bylines with their sources', () => {
    for (const line of [
      'الرئيس شي جين بينغ (يسار) والرئيس فلاديمير بوتن في الكرملين في مارس 2023. الصورة: وكالة فرانس برس',
      'صورة: رويترز',
      'Photo: Reuters',
      'فام جيانج (وفقا لشبكة CNN ورويترز )',
      'Jane Doe (according to AP and Reuters)',
    ]) {
      assert.equal(isWidgetLine(line, defaultSettings.passages), true, line);
    }
  });

  it('keeps an article sentence that cites a source in parentheses or mentions a photo', () => {
    for (const line of [
      'وقال وزير الخارجية (وفقا لوكالة الأنباء الرسمية) إن المحادثات ستستمر في بكين الأسبوع المقبل.',
      'ونشرت الوزارة صورة للقاء الرئيسين في الكرملين يوم الخميس الماضي بعد المحادثات.',
    ]) {
      assert.equal(isWidgetLine(line, defaultSettings.passages), false, line);
    }
  });

  it('does not take a long paragraph for a widget, even when it reads "شارك هذه المقالة" somewhere', () => {
    const paragraph = `${CONTENT.join(' ')} وقال المتحدث للصحفيين: شارك هذه المقالة مع من تريد، فالموقف الروسي واضح ولا يحتاج إلى شرح.`;
    assert.equal(isWidgetLine(paragraph, defaultSettings.passages), false);
  });
});

describe('classifyLines', () => {
  it('drops widget lines and keeps the article paragraphs around them', () => {
    const documents = [doc('a.txt', ['عنوان الخبر عن القمة الصينية الروسية', CONTENT[0]!, 'شارك هذه المقالة مع أصدقائك!', CONTENT[1]!, 'تابعونا على تويتر وفيسبوك', CONTENT[2]!])];
    const reasons = reasonsOf(documents, 'a.txt');
    assert.equal(reasons.get('شارك هذه المقالة مع أصدقائك!'), 'widget');
    assert.equal(reasons.get('تابعونا على تويتر وفيسبوك'), 'widget');
    for (const line of CONTENT) assert.equal(reasons.get(line), undefined, line);
  });

  it('drops one-word labels and counters such as "0 تعليق" as having no sentence', () => {
    const documents = [doc('a.txt', ['عنوان الخبر عن القمة الصينية الروسية', 'أخبار', CONTENT[0]!, 'ضغط', '0 تعليق', '12', CONTENT[1]!])];
    const reasons = reasonsOf(documents, 'a.txt');
    assert.equal(reasons.get('أخبار'), 'no-sentence');
    assert.equal(reasons.get('ضغط'), 'no-sentence');
    assert.ok(reasons.get('0 تعليق'), '"0 تعليق" kept');
    assert.equal(reasons.get('12'), 'no-sentence');
  });

  it('marks blank lines as having no sentence', () => {
    const reasons = classifyLines([doc('a.txt', ['عنوان الخبر عن القمة', '', '   ', CONTENT[0]!])], defaultSettings.passages).get('a.txt')!;
    assert.deepEqual(reasons, [undefined, 'no-sentence', 'no-sentence', undefined]);
  });

  it('drops every occurrence of a menu line repeated within one file', () => {
    const menu = 'الرئيسية أخبار رياضة اقتصاد ثقافة منوعات';
    const documents = [doc('a.txt', ['عنوان الخبر عن القمة الصينية الروسية', menu, CONTENT[0]!, CONTENT[1]!, menu])];
    const reasons = classifyLines(documents, defaultSettings.passages).get('a.txt')!;
    assert.deepEqual(reasons, [undefined, 'repeated', undefined, undefined, 'repeated']);
  });

  it('drops a short line that several files share, in every file', () => {
    const shared = 'حقوق النشر لموقع الأخبار اليومية العربية';
    const documents = [
      doc('a.txt', ['عنوان الخبر الأول عن القمة', CONTENT[0]!, shared]),
      doc('b.txt', ['عنوان الخبر الثاني عن الطاقة', CONTENT[1]!, shared]),
    ];
    assert.equal(reasonsOf(documents, 'a.txt').get(shared), 'repeated');
    assert.equal(reasonsOf(documents, 'b.txt').get(shared), 'repeated');
    assert.equal(reasonsOf(documents, 'a.txt').get(CONTENT[0]!), undefined);
  });

  it('keeps a long statement that two outlets both quote, once in each file', () => {
    const statement = 'وقال المتحدث باسم الكرملين إن الزعيمين اتفقا على مواصلة المحادثات في الأسبوع المقبل في العاصمة الصينية بكين.';
    const documents = [
      doc('a.txt', ['عنوان الخبر الأول عن القمة', statement, CONTENT[0]!, statement]),
      doc('b.txt', ['عنوان الخبر الثاني عن الطاقة', CONTENT[1]!, statement]),
    ];
    assert.deepEqual(classifyLines(documents, defaultSettings.passages).get('a.txt'), [undefined, undefined, undefined, 'repeated']);
    assert.deepEqual(classifyLines(documents, defaultSettings.passages).get('b.txt'), [undefined, undefined, undefined]);
  });

  it('keeps the headline the first time and drops it where the page repeats it at the bottom', () => {
    const title = 'سنقاوم: بوتين يوحد الجبهة ضد العقوبات';
    const documents = [doc('a.txt', ['Site NET', 'أخبار', title, CONTENT[0]!, CONTENT[1]!, title])];
    assert.equal(findTitleLine(documents[0]!, defaultSettings.passages), 2);
    assert.deepEqual(classifyLines(documents, defaultSettings.passages).get('a.txt'), ['no-sentence', 'no-sentence', undefined, undefined, undefined, 'repeated']);
  });

  it('matches repeated lines after normalisation: diacritics, hamza forms and punctuation do not hide a repeat', () => {
    const documents = [doc('a.txt', ['عنوان الخبر عن القمة الصينية الروسية', 'مواضيع ذات صلة بأخبار روسيا والصين', CONTENT[0]!, 'مَواضيعُ ذاتُ صِلة بـأخبار روسيا والصين:'])];
    assert.deepEqual(classifyLines(documents, defaultSettings.passages).get('a.txt'), [undefined, 'repeated', undefined, 'repeated']);
  });
});

describe('GIVEN the seed articles', () => {
  let documents: SourceDocument[];
  let kept: Set<string>;

  before(async () => {
    ({ documents } = await readCorpus(SEEDS));
    kept = new Set(splitIntoPassages(documents, defaultSettings.passages).flatMap((d) => d.passages.map((p) => p.text)));
  });

  it('keeps all of Ushakov\'s quoted statements', () => {
    const ushakov = documents.flatMap((d) => d.lines).filter((line) => line.includes('أوشاكوف'));
    assert.ok(ushakov.length >= 8, `${ushakov.length} lines mention أوشاكوف`);
    for (const line of ushakov) assert.ok(kept.has(line.trim()), `dropped: ${line.slice(0, 60)}`);
  });

  it('keeps a real paragraph that merely contains a word like "وتشارك"', () => {
    const line = documents[4]!.lines[12]!;
    assert.match(line, /وتشارك الكرملين/);
    assert.ok(kept.has(line.trim()), `kept: ${observed(kept)}`);
  });

  it('drops the subscribe box, share and thanks-for-following widgets, by-lines, ads and comment counters', () => {
    const dropped = [
      'اشترك الآن للحصول على وصول مجاني غير محدود إلى موقع reuters.com',
      'تسجيل',
      'معاييرنا: مبادئ الثقة في Thomson Reuters.',
      'للحصول على أحدث العناوين ، تابع قناتنا على أخبار Google عبر الإنترنت أو عبر التطبيق.',
      'By admin',
      '[إعلان 2]',
      'رابط المصدر',
      'تعليق (0)',
      'Bbabo NET',
      'أخبار',
      'شارك هذه المقالة مع أصدقائك!',
      '0 تعليق',
    ];
    for (const line of dropped) assert.ok(!kept.has(line), `kept: ${line}`);
    assert.ok(![...kept].some((text) => text.startsWith('شكرا لمتابعتكم')), 'kept the thanks-for-following line');
    assert.ok(![...kept].some((text) => text.startsWith('تقرير إضافي')), 'kept the by-line');
  });
});

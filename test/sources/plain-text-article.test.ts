import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainTextArticle } from '../../src/sources/plain-text-article.ts';
import { observed } from '../support/observed.ts';

type Article = Exclude<ReturnType<typeof plainTextArticle>, { reason: string }>;

/** The article, or the test fails showing the refusal. */
function read(text: string, markdown = true): Article {
  const result = plainTextArticle(text, markdown);
  assert.ok(!('reason' in result), `the file was refused: ${observed(result)}`);
  return result;
}

const BODY = ['افتتاح محطة جديدة لتحلية مياه البحر', '', 'افتتحت وزارة المياه صباح الأحد محطة جديدة لتحلية مياه البحر.'];

/** An attached .md file: a front matter of these lines, then the article. */
const withFrontMatter = (...fields: string[]) => ['---', ...fields, '---', ...BODY].join('\n');

describe('plainTextArticle: an attached .md file\'s front matter', () => {
  it('GIVEN a well-formed front matter THEN its fields are the article\'s metadata and the fences are not text', () => {
    const { metadata, paragraphs } = read(withFrontMatter('title: "محطة تحلية"', 'url: https://news.example/ar/desalination', 'outlet: صحيفة الاختبار', 'published: "2025-03-02T09:30:00+03:00"'));
    assert.deepEqual(metadata, { title: 'محطة تحلية', url: 'https://news.example/ar/desalination', outlet: 'صحيفة الاختبار', published: '2025-03-02T06:30:00.000Z' });
    assert.deepEqual(paragraphs, [BODY[0], BODY[2]]);
  });

  it('GIVEN dates that are no dates (path traversal, impossible days, years past 9999) THEN the date is dropped and the article kept', () => {
    for (const published of ['../../../etc/passwd', '"..\\\\..\\\\windows\\\\win.ini"', '2025-02-30x', '"+275760-09-13T00:00:00Z"', 'soon', '"2025-13-01"']) {
      const { metadata, paragraphs } = read(withFrontMatter(`published: ${published}`, 'fetched: "../x"'));
      assert.deepEqual(metadata, {}, `published: ${published}`);
      assert.equal(paragraphs.length, 2, `published: ${published}: ${observed(paragraphs)}`);
    }
  });

  it('GIVEN values of the wrong type (a boolean link, a quoted number as title) THEN the link is dropped and quoted text stays text', () => {
    assert.deepEqual(read(withFrontMatter('url: true', 'title: عنوان')).metadata, { title: 'عنوان' });
    assert.deepEqual(read(withFrontMatter('title: "42"', 'outlet: "null"')).metadata, { title: '42', outlet: 'null' });
  });

  // Date.parse's legacy fallback reads a bare number as a month or year (V8: "12" -> 2001-12-01).
  it('GIVEN a bare number as the date (published: 12, fetched: 0) THEN no date is invented', () => {
    assert.deepEqual(read(withFrontMatter('published: 12', 'fetched: 0', 'title: عنوان')).metadata, { title: 'عنوان' });
  });

  it('GIVEN a link that is not http(s) (javascript:, file:, a password) THEN it is dropped', () => {
    for (const url of ['"javascript:alert(document.cookie)"', 'file:///etc/shadow', '"https://admin:hunter2@news.example/"', '"data:text/html;base64,PHNjcmlwdD4="']) {
      assert.deepEqual(read(withFrontMatter(`url: ${url}`, 'title: عنوان')).metadata, { title: 'عنوان' }, url);
    }
  });

  it('GIVEN a front matter with no closing fence THEN there is none: every line is text', () => {
    const { metadata, paragraphs } = read(['---', 'title: "x"', ...BODY].join('\n'));
    assert.deepEqual(metadata, {});
    assert.deepEqual(paragraphs, ['---', 'title: "x"', BODY[0], BODY[2]]);
  });

  it('GIVEN a .txt file THEN a leading --- block is text, not metadata', () => {
    const { metadata, paragraphs } = read(withFrontMatter('title: "x"'), false);
    assert.deepEqual(metadata, {});
    assert.equal(paragraphs[1], 'title: "x"');
  });
});

describe('plainTextArticle: the text', () => {
  it('GIVEN Markdown (headings, links, images, emphasis, lists, quotes) THEN each line is its plain text', () => {
    const md = ['# عنوان الخبر', '', '> قال **الوزير** إن [المشروع](https://x.example/p) سيكتمل.', '- بند أول', '1. بند ثان', '![صورة](https://x.example/i.png)النص بعد الصورة', '`رمز`'].join('\n');
    assert.deepEqual(read(md).paragraphs, ['عنوان الخبر', 'قال الوزير إن المشروع سيكتمل.', 'بند أول', 'بند ثان', 'النص بعد الصورة', 'رمز']);
  });

  it('GIVEN HTML in a line (a script, a link, entities) THEN only its text is kept', () => {
    const { paragraphs } = read('عنوان\n<p>نص <a href="javascript:x">رابط</a> &amp; <script>alert(1)</script>باقي</p>\n');
    assert.deepEqual(paragraphs, ['عنوان', 'نص رابط & باقي']);
  });

  it('GIVEN Windows and old Mac line ends, tabs and control characters THEN each line is one clean paragraph', () => {
    assert.deepEqual(read('سطر أول\r\nسطر\tثان\u0007\rسطر ثالث').paragraphs, ['سطر أول', 'سطر ثان', 'سطر ثالث']);
  });

  it('GIVEN a file of blank lines or only a front matter THEN it is refused: it holds no text', () => {
    for (const text of ['', '\n\n  \n', withFrontMatter('title: x').split('\n').slice(0, 3).join('\n')]) {
      const result = plainTextArticle(text, true);
      assert.deepEqual(result, { reason: 'it holds no text' }, observed(text));
    }
  });

  it('GIVEN markup with more elements than the limit THEN it is refused with the count', () => {
    const result = plainTextArticle(`عنوان\n${'<b>x</b>'.repeat(50)}`, true, { maxElements: 10, maxDepth: 128 });
    assert.match('reason' in result ? result.reason : observed(result), /it has 50 elements, more than the 10/);
  });
});

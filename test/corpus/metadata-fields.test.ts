import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpUrl, isoDate, MAX_FIELD_LENGTH, singleLine } from '../../src/corpus/metadata-fields.ts';

// Every field of an article's metadata comes from a page, a feed, an attachment or a hand-written
// front matter; answers cite them. Each is checked for what it claims to be.
describe('isoDate', () => {
  it('GIVEN the date forms pages and feeds use THEN ISO 8601 in UTC', () => {
    assert.deepEqual(
      ['2025-03-02', '2025-03-02T09:30:00+03:00', 'Sun, 02 Mar 2025 09:30:00 GMT', '2025-03-02T09:30:00.123Z'].map(isoDate),
      ['2025-03-02T00:00:00.000Z', '2025-03-02T06:30:00.000Z', '2025-03-02T09:30:00.000Z', '2025-03-02T09:30:00.123Z'],
    );
  });

  it('GIVEN a path, an empty value, words or a year past 9999 THEN no date (never a file name outside the corpus)', () => {
    for (const text of ['../../../etc/passwd', '..\\..\\x', '', '   ', 'yesterday', '+275760-09-13T00:00:00.000Z', '2025-13-45', null, undefined]) {
      assert.equal(isoDate(text), undefined, JSON.stringify(text));
    }
  });

  it('GIVEN a bare small number THEN no date is invented', () => {
    assert.deepEqual(['12', '0', '7'].map(isoDate), [undefined, undefined, undefined]);
  });
});

describe('httpUrl', () => {
  it('GIVEN http(s) links THEN the URL parser\'s spelling (host lower-cased, path kept)', () => {
    assert.deepEqual(['https://News.Example/ar/خبر?id=1', ' http://news.example '].map(httpUrl), ['https://news.example/ar/%D8%AE%D8%A8%D8%B1?id=1', 'http://news.example/']);
  });

  it('GIVEN javascript:, data:, file:, a password, or no URL at all THEN nothing to cite', () => {
    for (const text of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>1</script>', 'file:///etc/passwd', 'https://user:pw@news.example/', 'https://user@news.example/', '//news.example/a', 'news.example/a', '', null]) {
      assert.equal(httpUrl(text), undefined, JSON.stringify(text));
    }
  });
});

describe('singleLine', () => {
  it('GIVEN a title with line breaks, tabs, control characters and bidi controls THEN one plain line', () => {
    assert.equal(singleLine('عنوان\nثان\r\n\tثالث\u0000\u2028رابع \u202Eabc\u202C \u2067x\u2069'), 'عنوان ثان ثالث رابع abc x');
  });

  it('GIVEN an over-long title THEN it is cut at the limit, without trailing space; GIVEN only white space THEN nothing', () => {
    const long = singleLine(`${'كلمة '.repeat(200)}`);
    assert.equal(long!.length <= MAX_FIELD_LENGTH && !long!.endsWith(' '), true, `${long!.length} characters`);
    assert.equal(singleLine('abc def', 4), 'abc');
    assert.deepEqual([singleLine(' \n\t '), singleLine(''), singleLine(null)], [undefined, undefined, undefined]);
  });
});

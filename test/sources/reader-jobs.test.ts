import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { defaultParseLimits } from '../../src/sources/parse-limits.ts';
import { runReaderJob } from '../../src/sources/reader-jobs.ts';
import { UntrustedReader } from '../../src/sources/untrusted-reader.ts';
import { articlePage, testArticles } from '../support/news-site/articles.ts';
import { observed } from '../support/observed.ts';

/** Text in windows-1256 (the Arabic code page older Arabic news sites still serve), built from the decoder's own table. */
function windows1256(text: string): Buffer {
  const decoder = new TextDecoder('windows-1256');
  const byteOf = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) byteOf.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Buffer.from([...text].map((char) => {
    const byte = byteOf.get(char);
    assert.ok(byte !== undefined, `${observed(char)} has no windows-1256 byte`);
    return byte;
  }));
}

const article = testArticles[1]!;
const limits = defaultParseLimits;

describe('runReaderJob: bytes as fetched, decoded and read', () => {
  it('GIVEN a page in windows-1256 declared in the Content-Type THEN the Arabic text comes out intact', () => {
    const result = runReaderJob({ kind: 'page', body: windows1256(articlePage(article).replace('utf-8', 'windows-1256')), contentType: 'text/html; charset=windows-1256', limits });
    assert.ok('paragraphs' in result && result.paragraphs.includes(article.paragraphs[0]!), `the first paragraph is not read: ${observed(result)}`);
  });

  it('GIVEN a windows-1256 page that declares its charset only in <meta charset> THEN it is decoded by that', () => {
    const result = runReaderJob({ kind: 'page', body: windows1256(articlePage(article).replace('utf-8', 'windows-1256')), contentType: 'text/html', limits });
    assert.ok('paragraphs' in result && result.paragraphs.includes(article.paragraphs[1]!), `the second paragraph is not read: ${observed(result)}`);
  });

  it('GIVEN an unknown charset or one bad byte in a UTF-8 page THEN the page is still read (UTF-8, the bad byte replaced)', () => {
    const page = Buffer.from(articlePage(article));
    const broken = Buffer.concat([page.subarray(0, page.indexOf('</h1>')), Buffer.from([0xff]), page.subarray(page.indexOf('</h1>'))]);
    for (const [body, contentType] of [[page, 'text/html; charset=x-no-such-charset'], [broken, 'text/html; charset=utf-8']] as const) {
      const result = runReaderJob({ kind: 'page', body, contentType, limits });
      assert.ok('paragraphs' in result && result.paragraphs.includes(article.paragraphs[2]!), `${contentType}: ${observed(result)}`);
    }
  });

  it('GIVEN a feed job THEN relative links are resolved against the feed\'s own address', () => {
    const xml = '<rss version="2.0"><channel><title>t</title><item><title>خبر</title><link>/ar/news/1</link></item></channel></rss>';
    const result = runReaderJob({ kind: 'feed', body: Buffer.from(xml), contentType: 'application/rss+xml', feedUrl: 'https://news.example/ar/rss', limits });
    assert.deepEqual(result, { title: 't', items: [{ link: 'https://news.example/ar/news/1', title: 'خبر' }] });
  });

  it('GIVEN an attached file that is binary or not UTF-8 THEN it is refused with a reason that says what to do', () => {
    const binary = runReaderJob({ kind: 'text', body: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), markdown: false, limits });
    assert.deepEqual(binary, { reason: 'it looks binary (it contains NUL bytes)' });
    const cp1256 = runReaderJob({ kind: 'text', body: windows1256(article.paragraphs[0]!), markdown: true, limits });
    assert.deepEqual(cp1256, { reason: 'it is not valid UTF-8 text (save it as UTF-8)' });
  });

  it('GIVEN a UTF-8 .md file with a byte-order mark and a front matter THEN its metadata and paragraphs are read', () => {
    const md = `\uFEFF---\ntitle: "${article.title}"\npublished: "${article.published}"\n---\n${article.paragraphs.join('\n\n')}\n`;
    const result = runReaderJob({ kind: 'text', body: Buffer.from(md), markdown: true, limits });
    assert.deepEqual(result, { metadata: { title: article.title, published: article.published }, paragraphs: article.paragraphs });
  });
});

// The thread runs untrusted-reader-worker.ts, which hands each job to runReaderJob: what it sends back
// across the thread boundary must be what runReaderJob returns, nothing lost in the message.
describe('the reading thread gives the same results as runReaderJob', { timeout: 120_000 }, () => {
  const reader = new UntrustedReader();
  after(() => reader.close());

  it('GIVEN a windows-1256 page, a feed and a file THEN the thread reads each as runReaderJob does', async () => {
    const page = { body: windows1256(articlePage(article).replace('utf-8', 'windows-1256')), contentType: 'text/html; charset=windows-1256' };
    const feed = { body: Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><entry><title>x</title><link href="a/b"/></entry></feed>'), contentType: 'application/atom+xml', feedUrl: 'https://news.example/feeds/' };
    const text = { body: Buffer.from('عنوان\n\nنص المقال\n'), markdown: false };
    assert.deepEqual(await reader.page(page), runReaderJob({ kind: 'page', ...page, limits }));
    assert.deepEqual(await reader.feed(feed), { title: 'Atom', items: [{ link: 'https://news.example/feeds/a/b', title: 'x' }] });
    assert.deepEqual(await reader.text(text), { metadata: {}, paragraphs: ['عنوان', 'نص المقال'] });
  });
});

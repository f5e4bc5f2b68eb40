import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractArticle, type ExtractedArticle } from '../../src/sources/extract-article.ts';
import { ELEMENTLESS_PAGES, nestedDivs } from '../support/hostile-pages.ts';
import { articlePage, testArticles } from '../support/news-site/articles.ts';
import { observed } from '../support/observed.ts';

/** The article, or the test fails showing the refusal. */
function extracted(html: string, limits?: Parameters<typeof extractArticle>[1]): ExtractedArticle {
  const result = extractArticle(html, limits);
  assert.ok(!('reason' in result), `the page was refused: ${observed(result)}`);
  return result;
}

const article = testArticles[0]!;

describe('extractArticle: the article out of a real page', () => {
  it('GIVEN a news page with header, navigation, related links, scripts and footer THEN exactly the article\'s paragraphs come out, in order', () => {
    const { paragraphs } = extracted(articlePage(article));
    // What the reader sees above the text may lead (the <h1> headline, the visible date); nothing else.
    const lead = paragraphs.slice(0, -article.paragraphs.length);
    assert.deepEqual(paragraphs.slice(-article.paragraphs.length), article.paragraphs);
    assert.ok(lead.every((p) => p === article.title || p === article.published.slice(0, 10)), `before the article: ${observed(lead)}`);
  });

  it('GIVEN that page THEN no boilerplate, script text or style is in the text', () => {
    const text = extracted(articlePage(article)).paragraphs.join('\n');
    for (const boilerplate of ['سياسة الخصوصية', 'جميع الحقوق محفوظة', 'اقرأ أيضا', 'اتصل بنا', 'window.tracker', 'inline script', 'سكربت لا يجب أن يظهر', 'font-family']) {
      assert.ok(!text.includes(boilerplate), `“${boilerplate}” was kept: ${observed(text)}`);
    }
  });

  it('GIVEN the page\'s meta data THEN the title, the outlet (og:site_name) and the date (ISO 8601) are read', () => {
    const { title, outlet, published } = extracted(articlePage(article, 'جريدة المساء'));
    assert.match(title ?? '', new RegExp(article.title), observed(title));
    assert.equal(outlet, 'جريدة المساء');
    assert.equal(published, article.published);
  });

  it('GIVEN a page stating its date only in <time datetime> THEN that date is read; one that states a non-date gets none', () => {
    const paragraphs = article.paragraphs.map((p) => `<p>${p}</p>`).join('');
    const page = (time: string) => `<html><head><title>t</title></head><body><article><h1>عنوان</h1><time datetime="${time}">x</time>${paragraphs}</article></body></html>`;
    assert.equal(extracted(page('2025-03-02T09:30:00+03:00')).published, '2025-03-02T06:30:00.000Z');
    assert.equal(extracted(page('../../../etc/passwd')).published, undefined);
  });

  it('GIVEN an article with entities, <br> and inline markup THEN each paragraph is one line of plain text', () => {
    const html = `<html><body><article><h1>عنوان</h1>
      <p>${article.paragraphs[0]}<br>سطر&nbsp;بعد   فاصل &amp; <b>عريض</b> و<a href="/x">رابط</a>.</p>
      <p>${article.paragraphs[1]}\u0007</p></article></body></html>`;
    const { paragraphs } = extracted(html);
    assert.ok(paragraphs.includes('سطر بعد فاصل & عريض ورابط.'), `the line with markup: ${observed(paragraphs)}`);
    assert.ok(paragraphs.includes(article.paragraphs[1]!), `the control character stayed: ${observed(paragraphs)}`);
    assert.ok(paragraphs.every((p) => !/[\n\r\u0000-\u001F<>]/.test(p)), `a paragraph holds a line break, control character or markup: ${observed(paragraphs)}`);
  });
});

describe('extractArticle: pages with no article are refused with the reason', () => {
  it('GIVEN a login wall (a few words and a form) THEN it holds too little text to be an article', () => {
    const html = '<html><body><header>صحيفة</header><main><h1>سجّل الدخول</h1><p>هذا المحتوى للمشتركين فقط.</p><form><input name="u"><button>دخول</button></form></main></body></html>';
    const result = extractArticle(html);
    assert.match('reason' in result ? result.reason : observed(result), /too little text to be an article \(\d+ characters\)/);
  });

  it('GIVEN pages with no elements (empty, text only, a comment) THEN each is refused, none throws', () => {
    for (const html of ELEMENTLESS_PAGES) {
      const result = extractArticle(html);
      assert.match('reason' in result ? result.reason : observed(result), /no HTML page|no article text|too little text/, observed(html));
    }
  });

  it('GIVEN more elements than the limit THEN it is refused before parsing, naming the count and the limit', () => {
    const html = `<html><body>${'<p>نص</p>'.repeat(300)}</body></html>`;
    const result = extractArticle(html, { maxElements: 100, maxDepth: 128 });
    assert.match('reason' in result ? result.reason : observed(result), /it has 302 elements, more than the 100 an article page is read with/);
  });

  it('GIVEN nesting deeper than the limit THEN it is refused by depth (Readability never runs on it)', () => {
    const result = extractArticle(nestedDivs(300));
    assert.match('reason' in result ? result.reason : observed(result), /nested more than 128 levels deep/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalUrl } from '../../src/sources/canonical-url.ts';

// One article shared with tracking parameters, a fragment or www. is one article: /add and the
// feed poll must not save it twice, and /feeds remove must find a feed however it is written.
describe('canonicalUrl', () => {
  it('GIVEN the same article with tracking parameters, a fragment, www. and a trailing slash THEN one address', () => {
    const forms = [
      'https://www.news.example/ar/2025/desalination/',
      'https://news.example/ar/2025/desalination?utm_source=twitter&utm_medium=social',
      'https://news.example/ar/2025/desalination#comments',
      'https://NEWS.example/ar/2025/desalination?fbclid=IwAR0abc&gclid=xyz&ref=home',
    ];
    assert.deepEqual([...new Set(forms.map(canonicalUrl))], ['https://news.example/ar/2025/desalination']);
  });

  it('GIVEN parameters that choose the article THEN they are kept', () => {
    assert.equal(canonicalUrl('https://news.example/article.php?id=42&utm_campaign=x&lang=ar'), 'https://news.example/article.php?id=42&lang=ar');
    assert.notEqual(canonicalUrl('https://news.example/article.php?id=42'), canonicalUrl('https://news.example/article.php?id=43'));
  });

  it('GIVEN different sites or schemes THEN different addresses', () => {
    assert.notEqual(canonicalUrl('https://news.example/a'), canonicalUrl('https://news.example.evil/a'));
    assert.notEqual(canonicalUrl('https://news.example/a'), canonicalUrl('http://news.example/a'));
  });

  it('GIVEN text that is no URL THEN it comes back trimmed, never throws', () => {
    assert.equal(canonicalUrl('  not a url  '), 'not a url');
    assert.equal(canonicalUrl(''), '');
  });
});

import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { describe, it } from 'node:test';
import { countOpeningTags, domSizeProblem, markupSizeProblem } from '../../src/sources/dom-size.ts';
import { nestedDivs } from '../support/hostile-pages.ts';

const limits = { maxElements: 1000, maxDepth: 50 };

describe('markupSizeProblem: counted before anything is parsed', () => {
  it('GIVEN a page THEN its opening tags are counted (closing tags, comments and text are not)', () => {
    assert.equal(countOpeningTags('<!-- c --><html><body><p>a < b</p><br/></body></html>'), 4);
  });

  it('GIVEN more tags than the limit THEN the reason names both numbers; within it THEN none', () => {
    assert.equal(markupSizeProblem('<p>x</p>'.repeat(1500), limits), 'it has 1,500 elements, more than the 1,000 an article page is read with');
    assert.equal(markupSizeProblem('<p>x</p>'.repeat(1000), limits), undefined);
  });
});

describe('domSizeProblem: a parsed tree measured without recursion', () => {
  const body = (html: string) => parseHTML(`<html><body>${html}</body></html>`).document.body as unknown as Parameters<typeof domSizeProblem>[0];

  it('GIVEN a tree deeper than the limit THEN refused by depth, even 20,000 levels deep (no stack overflow)', () => {
    for (const depth of [51, 20_000]) {
      const { document } = parseHTML(nestedDivs(depth));
      assert.equal(domSizeProblem(document.documentElement as unknown as Parameters<typeof domSizeProblem>[0], { maxElements: 100_000, maxDepth: 50 }), 'its elements are nested more than 50 levels deep (a page built to stall readers)', `${depth} levels`);
    }
  });

  it('GIVEN a wide, shallow tree over the element limit THEN refused by its size; a real-sized one passes', () => {
    assert.equal(domSizeProblem(body('<p>x</p>'.repeat(1001)), limits), 'it has more than 1,000 elements');
    assert.equal(domSizeProblem(body(`<article>${'<p>نص <b>عريض</b></p>'.repeat(100)}</article>`), limits), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFrontMatter, validMetadata, writeFrontMatter } from '../../src/corpus/front-matter.ts';

const block = (...lines: string[]) => ['---', ...lines, '---', 'نص المقال'];

describe('readFrontMatter', () => {
  it('GIVEN well-formed fields THEN reads them; dates come back as ISO 8601', () => {
    const { metadata, lineCount } = readFrontMatter(block('title: "عنوان"', 'url: "https://example.com/a"', 'outlet: صحيفة', 'published: 2025-03-02'));
    assert.deepEqual(metadata, { title: 'عنوان', url: 'https://example.com/a', outlet: 'صحيفة', published: '2025-03-02T00:00:00.000Z' });
    assert.equal(lineCount, 6);
  });

  // Issue 20, cases 3 and 8: `published: ../../../x` named a file outside the corpus; `javascript:` was cited.
  it('GIVEN a date that is no date, a link that is not http(s) or carries a password THEN those fields are dropped', () => {
    for (const published of ['../../../x', '"..\\\\..\\\\x"', '/etc/passwd', '"2025-13-45"', 'yesterday']) {
      assert.equal(readFrontMatter(block(`published: ${published}`)).metadata.published, undefined, published);
    }
    for (const url of ['"javascript:alert(1)"', 'JavaScript:alert(1)', '"data:text/html,<script>x</script>"', 'file:///etc/passwd', '"https://user:pw@example.com/"', 'not a url', '"//evil.example/x"']) {
      assert.equal(readFrontMatter(block(`url: ${url}`)).metadata.url, undefined, url);
    }
  });

  it('GIVEN a title or outlet with line breaks, control characters and bidi overrides THEN each becomes one plain line', () => {
    const { metadata } = readFrontMatter(block('title: "first\\n---\\nurl: https://evil.example\\u2028x\\u0000"', 'outlet: "a\\tb\\u202egro.live\\u202c"'));
    assert.equal(metadata.title, 'first --- url: https://evil.example x');
    assert.equal(metadata.outlet, 'a bgro.live');
  });

  it('GIVEN written metadata THEN it reads back the same', () => {
    const metadata = validMetadata({ title: 'Read the statement](https://evil.example/login) [more', url: 'https://example.com/a?b=(c)', published: '2025-03-02T09:30:00.000Z' });
    const lines = writeFrontMatter(metadata).split('\n');
    assert.deepEqual(readFrontMatter(lines).metadata, metadata);
  });
});

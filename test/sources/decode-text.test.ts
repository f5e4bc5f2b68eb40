import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFetchedText } from '../../src/sources/decode-text.ts';

const ARABIC = 'وزارة المياه';
/** ARABIC in windows-1256, byte for byte. */
const ARABIC_1256 = Buffer.from([0xe6, 0xd2, 0xc7, 0xd1, 0xc9, 0x20, 0xc7, 0xe1, 0xe3, 0xed, 0xc7, 0xe5]);

describe('decodeFetchedText', () => {
  it('GIVEN windows-1256 bytes and the charset in the Content-Type (any case, quoted or not) THEN the Arabic text', () => {
    for (const type of ['text/html; charset=windows-1256', 'text/html;CHARSET="Windows-1256"', 'application/rss+xml; charset = windows-1256']) {
      assert.equal(decodeFetchedText(ARABIC_1256, type), ARABIC, type);
    }
  });

  it('GIVEN a <meta charset> near the top and no charset in the header THEN the page is decoded by the meta', () => {
    const page = Buffer.concat([Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body>'), ARABIC_1256]);
    assert.match(decodeFetchedText(page, 'text/html'), new RegExp(`${ARABIC}$`));
  });

  it('GIVEN no charset anywhere, or one no decoder knows THEN UTF-8', () => {
    const utf8 = Buffer.from(`<p>${ARABIC}</p>`);
    assert.deepEqual([decodeFetchedText(utf8, 'text/html'), decodeFetchedText(utf8, 'text/html; charset=klingon-8')], [`<p>${ARABIC}</p>`, `<p>${ARABIC}</p>`]);
  });

  it('GIVEN one bad byte in a UTF-8 page THEN only that byte is lost (a replacement character), not the page', () => {
    const text = decodeFetchedText(Buffer.concat([Buffer.from(ARABIC), Buffer.from([0xff]), Buffer.from(ARABIC)]), 'text/html; charset=utf-8');
    assert.equal(text, `${ARABIC}\uFFFD${ARABIC}`);
  });
});

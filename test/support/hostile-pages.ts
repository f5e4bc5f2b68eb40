/**
 * Pages, files and feeds built to break or stall a reader (issue 20, cases 4 and 5). Used by the
 * tests and by the bench (`npm run bench`, event_loop_max_ms_hostile_page).
 */

const PARAGRAPH = `<p>${'كلمة في مقال طويل '.repeat(15)}</p>`;

/** `depth` nested <div>s around one paragraph: 2,000 of them (22 KB) ran Readability for 65 s. */
export function nestedDivs(depth: number): string {
  return `<html><head><title>عنوان</title></head><body>${'<div>'.repeat(depth)}${PARAGRAPH}${'</div>'.repeat(depth)}</body></html>`;
}

/** A wide page: `count` small elements inside an article, under the depth cap; slow to read, harmless to the bot. */
export function manyElements(count: number): string {
  const cells = Array.from({ length: count / 2 }, (_, i) => `<div><span>${i}</span></div>`).join('');
  return `<html><body><article>${PARAGRAPH}${cells}${PARAGRAPH}</article></body></html>`;
}

/** Pages with no element at all: the extractor threw on these. */
export const ELEMENTLESS_PAGES = ['', '   ', 'only text, no markup', '<!-- a comment and nothing else -->', '\u0000\u0001binary'];

/** Feeds the parser threw on, and one far too long: each must be a refusal (or its first items), never a crash. */
export function hostileFeeds(): Record<string, string> {
  const laughs = Array.from({ length: 10 }, (_, i) => (i === 0 ? '<!ENTITY e0 "lol">' : `<!ENTITY e${i} "${`&e${i - 1};`.repeat(10)}">`)).join('');
  const item = (i: number) => `<item><title>خبر ${i}</title><link>https://example.com/news/${i}</link></item>`;
  return {
    'internal DOCTYPE (entity expansion)': `<?xml version="1.0"?><!DOCTYPE rss [${laughs}]><rss version="2.0"><channel><title>&e9;</title>${item(1)}</channel></rss>`,
    'external entity': `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title>${item(1)}</channel></rss>`,
    'deep nesting': `<rss version="2.0"><channel><title>t</title>${item(1)}${'<x>'.repeat(20_000)}${'</x>'.repeat(20_000)}</channel></rss>`,
    '100,000 items': `<rss version="2.0"><channel><title>t</title>${Array.from({ length: 100_000 }, (_, i) => item(i)).join('')}</channel></rss>`,
  };
}

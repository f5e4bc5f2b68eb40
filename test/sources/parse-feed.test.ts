import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeed, type ParsedFeed } from '../../src/sources/parse-feed.ts';
import { observed } from '../support/observed.ts';

const FEED_URL = 'https://news.example/ar/rss.xml';

/** The feed, or the test fails showing the refusal. */
function read(xml: string, feedUrl = FEED_URL, limits?: Parameters<typeof parseFeed>[2]): ParsedFeed {
  const result = parseFeed(xml, feedUrl, limits);
  assert.ok(!('reason' in result), `the feed was refused: ${observed(result)}`);
  return result;
}

/** The refusal's reason, or the test fails showing what was read. */
function refusal(xml: string): string {
  const result = parseFeed(xml, FEED_URL);
  assert.ok('reason' in result, `the feed was read: ${observed(result)}`);
  return result.reason;
}

// An RSS 2.0 feed as news sites publish it: a dc: namespace, CDATA titles, relative and
// guid-only links, tracking parameters, an item with no link at all.
const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title><![CDATA[صحيفة الاختبار - آخر الأخبار]]></title>
  <link>https://news.example/ar/</link>
  <atom:link href="https://news.example/ar/rss.xml" rel="self" type="application/rss+xml"/>
  <description>آخر الأخبار</description>
  <item>
    <title><![CDATA[افتتاح محطة جديدة لتحلية مياه البحر]]></title>
    <link>https://news.example/ar/2025/03/02/desalination?utm_source=rss</link>
    <pubDate>Sun, 02 Mar 2025 09:30:00 +0000</pubDate>
    <description><![CDATA[<p>افتتحت وزارة المياه...</p>]]></description>
  </item>
  <item>
    <title>موسم قمح وفير &amp; توقعات</title>
    <link>/ar/2025/03/04/wheat</link>
    <dc:date>2025-03-04T14:00:00+02:00</dc:date>
  </item>
  <item>
    <title>خبر برابط دائم</title>
    <guid isPermaLink="true">https://news.example/ar/metro</guid>
    <pubDate>not a date at all</pubDate>
  </item>
  <item>
    <title>خبر بمعرف ليس رابطا</title>
    <guid isPermaLink="false">tag:news.example,2025:1234</guid>
  </item>
  <item><title>خبر بلا رابط</title></item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Test Newsroom</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-03-06T07:15:00Z</updated>
  <entry>
    <title>Metro line three opens</title>
    <link rel="self" href="https://news.example/api/entries/3"/>
    <link rel="alternate" type="text/html" href="https://news.example/en/metro-line"/>
    <id>urn:uuid:1225c695</id>
    <updated>2025-03-06T08:00:00Z</updated>
    <published>2025-03-06T07:15:00Z</published>
  </entry>
  <entry>
    <title type="text">Wheat harvest beats forecasts</title>
    <link href="../en/wheat"/>
    <updated>2025-03-04T14:00:00Z</updated>
  </entry>
</feed>`;

describe('parseFeed: RSS 2.0', () => {
  it('GIVEN a news site\'s RSS feed THEN every item with an address is listed with its headline and date; the item without one is left out', () => {
    const feed = read(RSS);
    assert.equal(feed.title, 'صحيفة الاختبار - آخر الأخبار');
    assert.deepEqual(feed.items, [
      { link: 'https://news.example/ar/2025/03/02/desalination?utm_source=rss', title: 'افتتاح محطة جديدة لتحلية مياه البحر', published: '2025-03-02T09:30:00.000Z' },
      { link: 'https://news.example/ar/2025/03/04/wheat', title: 'موسم قمح وفير & توقعات', published: '2025-03-04T12:00:00.000Z' },
      { link: 'https://news.example/ar/metro', title: 'خبر برابط دائم' },
    ]);
    assert.equal(feed.listed, undefined, 'a feed within the limit says nothing about more items');
  });

  it('GIVEN a guid marked isPermaLink="false" THEN it is never taken for the article\'s address', () => {
    const links = read(RSS).items.map((item) => item.link);
    assert.ok(!links.some((link) => link.includes('tag:')), `a non-permalink guid became a link: ${observed(links)}`);
  });

  it('GIVEN a date that is no date THEN the item keeps its link and title but no date', () => {
    const item = read(RSS).items.find((i) => i.link.endsWith('/metro'));
    assert.deepEqual(item, { link: 'https://news.example/ar/metro', title: 'خبر برابط دائم' });
  });

  it('GIVEN a headline with line breaks and bidi overrides THEN it is one plain line', () => {
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>سطر أول
سطر ثان\u202Egnp.live\u202C</title><link>https://news.example/a</link></item></channel></rss>`;
    assert.deepEqual(read(xml).items, [{ link: 'https://news.example/a', title: 'سطر أول سطر ثانgnp.live' }]);
  });

  it('GIVEN a link that cannot be an address THEN that item is left out, the others kept', () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
      <item><title>bad</title><link>http://[not-a-host/</link></item>
      <item><title>good</title><link>https://news.example/good</link></item></channel></rss>`;
    assert.deepEqual(read(xml).items, [{ link: 'https://news.example/good', title: 'good' }]);
  });

  it('GIVEN more items than the limit THEN the first ones are read and the count listed says how many there were', () => {
    const items = Array.from({ length: 12 }, (_, i) => `<item><title>خبر ${i}</title><link>https://news.example/${i}</link></item>`).join('');
    const feed = read(`<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`, FEED_URL, { maxDepth: 128, maxFeedItems: 5 });
    assert.deepEqual(feed.items.map((item) => item.link), [0, 1, 2, 3, 4].map((i) => `https://news.example/${i}`));
    assert.equal(feed.listed, 12);
  });

  it('GIVEN a feed with one item (no array in the XML) THEN that item is read', () => {
    assert.deepEqual(read('<rss version="2.0"><channel><title>t</title><item><link>https://news.example/only</link></item></channel></rss>').items, [{ link: 'https://news.example/only' }]);
  });

  it('GIVEN an empty channel THEN the feed is read with no items, not refused', () => {
    assert.deepEqual(read('<rss version="2.0"><channel><title>لا جديد</title></channel></rss>'), { title: 'لا جديد', items: [] });
  });
});

describe('parseFeed: Atom', () => {
  it('GIVEN an Atom feed THEN each entry\'s alternate link is read (relative ones against the feed\'s address), published before updated', () => {
    const feed = read(ATOM, 'https://news.example/feeds/atom.xml');
    assert.equal(feed.title, 'Test Newsroom');
    assert.deepEqual(feed.items, [
      { link: 'https://news.example/en/metro-line', title: 'Metro line three opens', published: '2025-03-06T07:15:00.000Z' },
      { link: 'https://news.example/en/wheat', title: 'Wheat harvest beats forecasts', published: '2025-03-04T14:00:00.000Z' },
    ]);
  });
});

describe('parseFeed: what is refused, with the reason', () => {
  it('GIVEN an HTML page where a feed was expected THEN it is refused as not a feed, or not well-formed', () => {
    assert.match(refusal('<!doctype html><html><head><title>x</title></head><body><p>hi</body></html>'), /not well-formed XML|neither an RSS 2\.0 nor an Atom feed/);
    assert.match(refusal('<html><body><p>hello</p></body></html>'), /neither an RSS 2\.0 nor an Atom feed/);
  });

  it('GIVEN truncated XML THEN the reason names the line of the fault', () => {
    const cut = RSS.slice(0, RSS.indexOf('</item>') + 20);
    assert.match(refusal(cut), /not well-formed XML \(line \d+: /);
  });

  it('GIVEN an RDF (RSS 1.0) or JSON feed THEN it is refused as neither RSS 2.0 nor Atom', () => {
    const rdf = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel></rdf:RDF>';
    assert.match(refusal(rdf), /neither an RSS 2\.0 nor an Atom feed/);
    assert.match(refusal('{"version":"https://jsonfeed.org/version/1.1","items":[]}'), /not well-formed XML|neither an RSS 2\.0 nor an Atom feed/);
  });

  it('GIVEN a billion-laughs feed or one reading a local file THEN it is refused for declaring entities, before any expansion', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>`;
    for (const xml of [laughs, xxe]) assert.match(refusal(xml), /declares its own entities/);
  });

  it('GIVEN HTML entities XML does not define THEN they are not expanded into the headline', () => {
    const result = parseFeed('<rss version="2.0"><channel><title>a&nbsp;b</title><item><title>x&hellip;</title><link>https://news.example/x</link></item></channel></rss>', FEED_URL);
    const titles = 'reason' in result ? [result.reason] : [result.title, ...result.items.map((item) => item.title)];
    assert.ok(!titles.some((title) => title?.includes('\u00A0') || title?.includes('…')), `an HTML entity was expanded: ${observed(titles)}`);
  });

  it('GIVEN elements nested deeper than the limit THEN the feed is refused by its depth', () => {
    const deep = `<rss version="2.0"><channel><title>t</title><item>${'<x>'.repeat(40)}${'</x>'.repeat(40)}<link>https://news.example/a</link></item></channel></rss>`;
    const result = parseFeed(deep, FEED_URL, { maxDepth: 20, maxFeedItems: 10 });
    assert.match('reason' in result ? result.reason : observed(result), /nested more than 20 levels deep/);
  });

  it('GIVEN empty text or binary bytes THEN a reason, never an exception', () => {
    for (const input of ['', '   ', '\u0000\u0001\u0002\uFFFD\uFFFD', 'PK\u0003\u0004 not xml']) {
      const result = parseFeed(input, FEED_URL);
      assert.ok('reason' in result && result.reason.length > 0, `${observed(input)} gave ${observed(result)}`);
    }
  });
});

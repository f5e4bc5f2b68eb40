import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import { loadCatalogue } from '../../src/sources/corpus-catalogue.ts';
import { addFeed, removeFeed } from '../../src/sources/feed-list.ts';
import { loadFeedStore } from '../../src/sources/feed-store.ts';
import { defaultFetchPolicy } from '../../src/sources/fetch-policy.ts';
import { pollFeeds } from '../../src/sources/poll-feeds.ts';
import { defaultPollLimits } from '../../src/poll-limits.ts';
import { loopbackSpellings, otherPrivateLinks, PRIVATE_REFUSAL } from '../support/hostile-addresses.ts';
import { hostileFeeds } from '../support/hostile-pages.ts';
import { articlePage, syntheticArticle, testArticles } from '../support/news-site/articles.ts';
import { rssLinks, startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { defaultSettings } from '../../src/settings.ts';

const policy = { ...defaultFetchPolicy, allowPrivateAddresses: true, timeoutMs: 3000 };

describe('pollFeeds', { timeout: 120_000 }, () => {
  let site: NewsSite;
  let scratch: string;
  let corpus: string;
  let storeFile: string;
  const scratches: string[] = [];
  before(async () => {
    site = await startNewsSite();
  });
  after(async () => {
    await site.close();
  });
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'poll-feeds-test-'));
    scratches.push(scratch);
    corpus = join(scratch, 'corpus');
    storeFile = join(scratch, 'index.feeds.json');
    await mkdir(corpus);
    site.setFeedArticles(testArticles);
  });
  const poll = (feeds: string[]) => pollFeeds({ corpusDir: corpus, catalogue: () => loadCatalogue(corpus, defaultSettings.nearDuplicates), storeFile, configuredFeeds: feeds, policy });

  it('GIVEN an RSS feed of three Arabic articles THEN saves each as Markdown with front matter, main text only', async () => {
    const [report] = await poll([site.url('/rss.xml')]);
    assert.deepEqual(report!.outcomes.map((o) => o.status), ['added', 'added', 'added'], JSON.stringify(report));
    const files = (await readdir(corpus)).sort();
    assert.equal(files.length, 3, `expected three files, got ${files.join(', ')}`);
    const text = await readFile(join(corpus, files[0]!), 'utf8');
    const article = testArticles[0]!;
    assert.match(text, new RegExp(`^---\\ntitle: "${article.title}"\\nurl: "${site.url(`/articles/${article.slug}`)}"\\noutlet: "صحيفة الاختبار"\\npublished: "${article.published}"\\nfetched: "`));
    for (const paragraph of article.paragraphs) assert.ok(text.includes(`\n${paragraph}\n`), `paragraph missing or not on its own line: ${paragraph}`);
    for (const boilerplate of ['اقرأ أيضا', 'جميع الحقوق محفوظة', 'سياسة الخصوصية', 'window.tracker', 'سكربت', '<']) {
      assert.ok(!text.includes(boilerplate), `boilerplate or markup reached the corpus: ${boilerplate}`);
    }
  });

  it('GIVEN the saved articles THEN the corpus reader keeps front matter out of passages and line numbers point into the file', async () => {
    await poll([site.url('/rss.xml')]);
    const { documents } = await readCorpus(corpus);
    const [doc] = documents;
    assert.equal(doc!.metadata?.url, site.url(`/articles/${testArticles[0]!.slug}`));
    const [passages] = splitIntoPassages(documents, defaultSettings.passages);
    assert.ok(passages!.passages.every((p) => !/^(title|url|outlet|published|fetched):|^---$/.test(p.text)), 'a front matter line became a passage');
    const lines = (await readFile(join(corpus, doc!.file), 'utf8')).split('\n');
    for (const p of passages!.passages) assert.equal(lines[p.lineStart - 1], p.text, `line ${p.lineStart} is not the passage`);
    assert.equal(passages!.title, testArticles[0]!.title);
  });

  it('GIVEN a second poll THEN adds nothing and fetches no article page again', async () => {
    await poll([site.url('/rss.xml')]);
    const before = site.requests.length;
    const [report] = await poll([site.url('/rss.xml')]);
    assert.deepEqual(report!.outcomes, [], 'the second poll handled items again');
    assert.deepEqual(site.requests.slice(before), ['/rss.xml'], 'pages were fetched again');
    assert.equal((await readdir(corpus)).length, 3);
  });

  it('GIVEN an Atom feed listing the same articles THEN recognises them as already in the corpus', async () => {
    await poll([site.url('/rss.xml')]);
    const [, atom] = await poll([site.url('/rss.xml'), site.url('/atom.xml')]);
    assert.deepEqual(atom!.outcomes.map((o) => o.status), ['duplicate', 'duplicate', 'duplicate'], JSON.stringify(atom));
    assert.match(atom!.outcomes[0]!.status === 'duplicate' ? atom!.outcomes[0]!.reason : '', /already in the corpus as 2025-03-02-/);
  });

  it('GIVEN an Atom feed alone THEN reads relative links and dates', async () => {
    const [report] = await poll([site.url('/atom.xml')]);
    assert.deepEqual(report!.outcomes.map((o) => o.status), ['added', 'added', 'added'], JSON.stringify(report));
    const first = report!.outcomes[0]!;
    assert.equal(first.status === 'added' ? first.metadata.published : '', testArticles[0]!.published);
  });

  it('GIVEN a malformed feed, a non-feed and a feed with bad pages THEN each is reported by URL and the good article still arrives', async () => {
    const reports = await poll([site.url('/broken.xml'), site.url('/not-a-feed.xml'), site.url('/mixed.xml'), site.url('/nowhere.xml')]);
    assert.match(reports[0]!.problem ?? '', /not well-formed XML/);
    assert.match(reports[1]!.problem ?? '', /neither an RSS 2.0 nor an Atom feed/);
    assert.match(reports[3]!.problem ?? '', /HTTP 404|gone/);
    const mixed = reports[2]!.outcomes;
    assert.deepEqual(mixed.map((o) => o.status), ['refused', 'added', 'refused'], JSON.stringify(mixed));
    assert.match(mixed[0]!.status === 'refused' ? `${mixed[0]!.source}: ${mixed[0]!.reason}` : '', /\/gone: the page is gone/);
    assert.match(mixed[2]!.status === 'refused' ? mixed[2]!.reason : '', /application\/json, not text\/html/);
  });

  it('GIVEN an article already stored and a poll that fails THEN the stored file is unchanged', async () => {
    await writeFile(join(corpus, 'kept.txt'), 'مقال محفوظ من قبل لا يجوز أن يضيع.\n');
    await poll([site.url('/loop-a')]);
    assert.equal(await readFile(join(corpus, 'kept.txt'), 'utf8'), 'مقال محفوظ من قبل لا يجوز أن يضيع.\n');
  });

  // Issue 20, case 4: a feed that made the parser throw ended the whole poll; later feeds were not
  // fetched and the store of seen items was not written.
  it('GIVEN feeds the parser refuses (deep nesting, entities) and a page with no elements THEN each is reported, the good feed still arrives and the store is written', async () => {
    const feeds = hostileFeeds();
    site.serve('/deep.xml', 'application/rss+xml', feeds['deep nesting']!);
    site.serve('/entities.xml', 'application/rss+xml', feeds['internal DOCTYPE (entity expansion)']!);
    site.serve('/blank-page', 'text/html', '');
    site.serve('/with-blank.xml', 'application/rss+xml', rssLinks('فارغ', [site.url('/blank-page'), site.url('/articles/metro-line')]));
    const reports = await poll([site.url('/deep.xml'), site.url('/entities.xml'), site.url('/with-blank.xml'), site.url('/rss.xml')]);
    assert.match(reports[0]!.problem ?? '', /nested more than 128 levels deep/);
    assert.match(reports[1]!.problem ?? '', /declares its own entities/);
    assert.deepEqual(reports[2]!.outcomes.map((o) => o.status), ['refused', 'added'], JSON.stringify(reports[2]));
    assert.match(reports[2]!.outcomes[0]!.status === 'refused' ? reports[2]!.outcomes[0]!.reason : '', /no HTML page to read an article from/);
    assert.deepEqual(reports[3]!.outcomes.map((o) => o.status), ['added', 'added', 'duplicate'], JSON.stringify(reports[3]));
    const store = await loadFeedStore(storeFile);
    assert.equal(store.seen[site.url('/rss.xml')]?.length, 3, `the store was not written: ${JSON.stringify(store)}`);
  });

  // Issue 20, case 7: refused items were fetched again at every poll.
  it(`GIVEN an item refused at ${defaultPollLimits.attemptsPerItem} polls THEN it is not fetched again; the report says so`, async () => {
    const feed = site.url(`/links.xml?to=${encodeURIComponent(site.url('/gone'))}`);
    const reasons: string[] = [];
    for (let i = 0; i < defaultPollLimits.attemptsPerItem; i++) {
      const [report] = await poll([feed]);
      reasons.push(report!.outcomes[0]?.status === 'refused' ? report!.outcomes[0]!.reason : JSON.stringify(report));
    }
    assert.doesNotMatch(reasons[0]!, /not fetched again/);
    assert.match(reasons.at(-1)!, /the page is gone \(HTTP 404\) \(refused at 3 polls: it is not fetched again\)/);
    const before = site.requests.length;
    const [last] = await poll([feed]);
    assert.deepEqual(last!.outcomes, []);
    assert.deepEqual(site.requests.slice(before), ['/links.xml'], 'the refused item was fetched again');
  });

  // Issue 20, case 7: a 100,000-item feed meant 100,000 sequential fetches.
  it('GIVEN a feed of 100,000 items THEN one poll fetches at most FEED_ITEMS_PER_POLL of them and says how many wait', async () => {
    site.serve('/huge.xml', 'application/rss+xml', rssLinks('ضخم', Array.from({ length: 100_000 }, (_, i) => site.url(`/gone?item=${i}`))));
    const before = site.requests.length;
    const [report] = await pollFeeds({ corpusDir: corpus, catalogue: () => loadCatalogue(corpus, defaultSettings.nearDuplicates), storeFile, configuredFeeds: [site.url('/huge.xml')], policy: { ...policy, maxBytes: 16 * 1024 * 1024 } });
    assert.equal(report!.outcomes.length, defaultPollLimits.itemsPerFeed, JSON.stringify(report).slice(0, 300));
    assert.equal(report!.deferred, 1000 - defaultPollLimits.itemsPerFeed, 'the items left for later (of the first 1,000 looked at)');
    assert.equal(site.requests.length - before, 1 + defaultPollLimits.itemsPerFeed, 'pages fetched');
  });

  it('GIVEN a per-feed cap of 2 THEN the third article arrives at the next poll', async () => {
    const limits = { ...defaultPollLimits, itemsPerFeed: 2 };
    const [first] = await pollFeeds({ corpusDir: corpus, catalogue: () => loadCatalogue(corpus, defaultSettings.nearDuplicates), storeFile, configuredFeeds: [site.url('/rss.xml')], policy, limits });
    assert.deepEqual([first!.outcomes.map((o) => o.status), first!.deferred], [['added', 'added'], 1]);
    const [second] = await pollFeeds({ corpusDir: corpus, catalogue: () => loadCatalogue(corpus, defaultSettings.nearDuplicates), storeFile, configuredFeeds: [site.url('/rss.xml')], policy, limits });
    assert.deepEqual([second!.outcomes.map((o) => o.status), second!.deferred], [['added'], undefined]);
  });

  it('GIVEN slow pages and a poll deadline THEN the poll stops at its limit; the rest waits for the next poll', async () => {
    const articles = Array.from({ length: 8 }, (_, i) => syntheticArticle(i));
    for (const article of articles) site.serve(`/slow/${article.slug}`, 'text/html', articlePage(article), 700);
    site.serve('/slow.xml', 'application/rss+xml', rssLinks('بطيء', articles.map((a) => site.url(`/slow/${a.slug}`))));
    const started = performance.now();
    const [report, other] = await pollFeeds({ corpusDir: corpus, catalogue: () => loadCatalogue(corpus, defaultSettings.nearDuplicates), storeFile, configuredFeeds: [site.url('/slow.xml'), site.url('/rss.xml')], policy, limits: { ...defaultPollLimits, deadlineMs: 1500 } });
    const seconds = (performance.now() - started) / 1000;
    assert.ok(report!.outcomes.length >= 1 && report!.outcomes.length <= 4, `${report!.outcomes.length} slow pages were read`);
    assert.equal(report!.outcomes.length + (report!.deferred ?? 0), 8);
    assert.match(other!.problem ?? '', /not polled this time: the poll reached its limit of 2 s \(FEED_POLL_TIMEOUT_MS\)/);
    assert.ok(seconds < 6, `the poll took ${seconds.toFixed(1)} s`);
  });

  it('GIVEN /feeds add and remove THEN the list is kept in the store; FEEDS entries cannot be removed there', async () => {
    assert.match((await addFeed(storeFile, [], 'ftp://x')).message, /not an http\(s\) link/);
    assert.equal((await addFeed(storeFile, [], site.url('/atom.xml'))).ok, true);
    assert.match((await addFeed(storeFile, [], site.url('/atom.xml'))).message, /already in the feed list/);
    assert.deepEqual((await loadFeedStore(storeFile)).feeds, [site.url('/atom.xml')]);
    assert.match((await removeFeed(storeFile, [site.url('/rss.xml')], site.url('/rss.xml'))).message, /comes from the FEEDS setting/);
    assert.equal((await removeFeed(storeFile, [], site.url('/atom.xml'))).ok, true);
    assert.deepEqual((await loadFeedStore(storeFile)).feeds, []);
  });

  after(async () => {
    for (const dir of scratches) await rm(dir, { recursive: true, force: true });
  });
});

// Issue 20, case 1, through a feed: the feed's host is allowed by name, its items' links are judged.
describe('pollFeeds with items linking to private addresses, FETCH_ALLOW_PRIVATE_ADDRESSES unset', { timeout: 60_000 }, () => {
  let site: NewsSite;
  let internal: NewsSite;
  let scratch: string;
  before(async () => {
    site = await startNewsSite();
    internal = await startNewsSite();
    scratch = await mkdtemp(join(tmpdir(), 'poll-private-test-'));
    await mkdir(join(scratch, 'corpus'));
  });
  after(async () => {
    await site.close();
    await internal.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN a feed whose items link to every spelling of a private address THEN each item is refused and nothing internal is fetched', async () => {
    const sitePort = new URL(site.url('/')).port;
    const links = [...loopbackSpellings(Number(new URL(internal.url('/')).port), '/articles/wheat-harvest'), ...otherPrivateLinks()];
    const feed = site.url(`/links.xml?${links.map((l) => `to=${encodeURIComponent(l)}`).join('&')}`);
    const [report] = await pollFeeds({
      corpusDir: join(scratch, 'corpus'),
      catalogue: () => loadCatalogue(join(scratch, 'corpus'), defaultSettings.nearDuplicates),
      storeFile: join(scratch, 'feeds.json'),
      configuredFeeds: [feed],
      policy: { ...defaultFetchPolicy, privateHosts: [`127.0.0.1:${sitePort}`], timeoutMs: 3000 },
    });
    assert.equal(report!.problem, undefined, `the feed itself was not read: ${report!.problem}`);
    // Spellings the URL parser writes the same way are one item (a feed listing a link twice is read once).
    assert.equal(report!.outcomes.length, new Set(links.map((l) => new URL(l).href)).size, JSON.stringify(report));
    for (const outcome of report!.outcomes) assert.match(outcome.status === 'refused' ? outcome.reason : JSON.stringify(outcome), PRIVATE_REFUSAL, outcome.source);
    assert.deepEqual(internal.requests, [], 'a feed item reached the internal server');
    assert.deepEqual(await readdir(join(scratch, 'corpus')), []);
  });
});

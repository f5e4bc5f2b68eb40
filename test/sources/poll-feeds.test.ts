import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import { addFeed, removeFeed } from '../../src/sources/feed-list.ts';
import { loadFeedStore } from '../../src/sources/feed-store.ts';
import { defaultFetchPolicy } from '../../src/sources/fetch-policy.ts';
import { pollFeeds } from '../../src/sources/poll-feeds.ts';
import { loopbackSpellings, otherPrivateLinks, PRIVATE_REFUSAL } from '../support/hostile-addresses.ts';
import { testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';

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
  const poll = (feeds: string[]) => pollFeeds({ corpusDir: corpus, storeFile, configuredFeeds: feeds, policy });

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
    const [passages] = splitIntoPassages(documents);
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
      storeFile: join(scratch, 'feeds.json'),
      configuredFeeds: [feed],
      policy: { ...defaultFetchPolicy, privateHosts: [`127.0.0.1:${sitePort}`], timeoutMs: 3000 },
    });
    assert.equal(report!.problem, undefined, `the feed itself was not read: ${report!.problem}`);
    assert.equal(report!.outcomes.length, links.length, JSON.stringify(report));
    for (const outcome of report!.outcomes) assert.match(outcome.status === 'refused' ? outcome.reason : JSON.stringify(outcome), PRIVATE_REFUSAL, outcome.source);
    assert.deepEqual(internal.requests, [], 'a feed item reached the internal server');
    assert.deepEqual(await readdir(join(scratch, 'corpus')), []);
  });
});

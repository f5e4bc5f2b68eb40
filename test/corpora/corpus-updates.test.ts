import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { defaultSettings } from '../../src/settings.ts';
import { loadCatalogue } from '../../src/sources/corpus-catalogue.ts';
import { CorpusUpdates } from '../../src/corpora/corpus-updates.ts';
import { loadFeedStore } from '../../src/sources/feed-store.ts';
import { defaultFetchPolicy } from '../../src/sources/fetch-policy.ts';
import { articlePage, syntheticArticle, testArticles } from '../support/news-site/articles.ts';
import { rssLinks, startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { waitFor } from '../support/wait-for.ts';

const policy = { ...defaultFetchPolicy, allowPrivateAddresses: true, timeoutMs: 5000 };

describe('CorpusUpdates', { timeout: 120_000 }, () => {
  let site: NewsSite;
  let scratch: string;
  let engine: Engine;
  const open = async (name: string) => {
    const corpusDir = join(scratch, name);
    await mkdir(corpusDir);
    const config = loadConfig({ INDEX_DIR: join(scratch, 'index'), MODEL_DIR: '/nonexistent', LOG_LEVEL: 'silent', CORPUS_DIR: corpusDir });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    engine = await Engine.open({ config: config.config, embedder: null });
    return corpusDir;
  };
  before(async () => {
    site = await startNewsSite();
    scratch = await mkdtemp(join(tmpdir(), 'corpus-updates-test-'));
  });
  after(async () => {
    await engine?.close();
    await site.close();
    await rm(scratch, { recursive: true, force: true });
  });

  // Issue 20, case 7: the poll held the only queue, so 8 slow items held a /feeds add for 12 s.
  it('GIVEN a poll fetching 8 slow pages THEN /feeds add, and /add of another link, finish while the poll is still fetching', async () => {
    const corpusDir = await open('queue');
    const updates = new CorpusUpdates({ corpusDir, catalogue: () => loadCatalogue(corpusDir, defaultSettings.nearDuplicates), storeFile: join(scratch, 'queue.feeds.json'), configuredFeeds: [site.url('/slow.xml')], policy, reindex: () => engine.reindex() });
    const articles = Array.from({ length: 8 }, (_, i) => syntheticArticle(100 + i));
    for (const article of articles) site.serve(`/slow/${article.slug}`, 'text/html', articlePage(article), 600);
    site.serve('/slow.xml', 'application/rss+xml', rssLinks('بطيء', articles.map((a) => site.url(`/slow/${a.slug}`))));
    let pollDone = false;
    const poll = updates.poll().then((result) => {
      pollDone = true;
      return result;
    });
    await waitFor(() => site.requests.some((p) => p.startsWith('/slow/')), { timeoutMs: 10_000, intervalMs: 10, message: 'the poll to start fetching its pages' });
    const feed = await updates.addFeed(site.url('/atom.xml'));
    assert.equal(feed.ok, true, feed.message);
    assert.equal(pollDone, false, '/feeds add waited for the whole poll');
    const added = await updates.addUrl(site.url(`/articles/${testArticles[2]!.slug}`));
    assert.equal(added.status, 'added', JSON.stringify(added));
    assert.equal(pollDone, false, '/add waited for the whole poll');
    const { reports } = await poll;
    assert.deepEqual(reports[0]!.outcomes.map((o) => o.status), Array(8).fill('added'));
    assert.equal(engine.stats().files.length, 9, 'every saved article is indexed');
    assert.deepEqual((await loadFeedStore(join(scratch, 'queue.feeds.json'))).feeds, [site.url('/atom.xml')], 'the poll undid /feeds add');
  });

  it('GIVEN two polls asked for at once THEN they share one poll: each page is fetched once', async () => {
    const corpusDir = await open('joined');
    const updates = new CorpusUpdates({ corpusDir, catalogue: () => loadCatalogue(corpusDir, defaultSettings.nearDuplicates), storeFile: join(scratch, 'joined.feeds.json'), configuredFeeds: [site.url('/rss.xml')], policy, reindex: () => engine.reindex() });
    const before = site.requests.length;
    const [a, b] = await Promise.all([updates.poll(), updates.poll()]);
    assert.strictEqual(a.reports[0], b.reports[0]);
    assert.deepEqual(site.requests.slice(before).filter((p) => p.startsWith('/articles/')).length, 3);
  });

  it('GIVEN the index update failing for one feed THEN that feed is reported, the next feed still arrives, and what was seen is stored', async () => {
    const corpusDir = await open('failing');
    let failures = 1;
    const updates = new CorpusUpdates({
      corpusDir,
      catalogue: () => loadCatalogue(corpusDir, defaultSettings.nearDuplicates),
      storeFile: join(scratch, 'failing.feeds.json'),
      configuredFeeds: [site.url(`/links.xml?to=${encodeURIComponent(site.url('/articles/metro-line'))}`), site.url('/atom.xml')],
      policy,
      reindex: () => (failures-- > 0 ? Promise.reject(new Error('the index database went away')) : engine.reindex()),
    });
    const { reports } = await updates.poll();
    assert.match(reports[0]!.problem ?? '', /could not be polled \(the index database went away\)/);
    // The failed feed's article was saved (only its index update failed): the next feed finds it there.
    assert.deepEqual(reports[1]!.outcomes.map((o) => o.status), ['added', 'added', 'duplicate'], JSON.stringify(reports[1]));
    const store = await loadFeedStore(join(scratch, 'failing.feeds.json'));
    assert.equal(store.seen[site.url('/atom.xml')]?.length, 3, JSON.stringify(store));
    assert.equal((await readdir(corpusDir)).length, 3);
    assert.equal(engine.stats().files.length, 3, 'the next update indexed every saved article');
  });
});

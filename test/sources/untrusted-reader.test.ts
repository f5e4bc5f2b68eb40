import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultSettings } from '../../src/settings.ts';
import { addFromUrl, type AddContext } from '../../src/sources/add-article.ts';
import { emptyCatalogue } from '../../src/sources/corpus-catalogue.ts';
import { defaultFetchPolicy } from '../../src/sources/fetch-policy.ts';
import { defaultParseLimits } from '../../src/sources/parse-limits.ts';
import { UntrustedReader } from '../../src/sources/untrusted-reader.ts';
import { measureEventLoopStall } from '../../src/util/event-loop-stall.ts';
import { ELEMENTLESS_PAGES, hostileFeeds, manyElements, nestedDivs } from '../support/hostile-pages.ts';
import { articlePage, testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';

/**
 * A generous bound on the event loop's longest stall while hostile input is read (before: 65 s for
 * 2,000 nested <div>s). The 100 ms target is measured by `npm run bench` (event_loop_max_ms_hostile_*):
 * on 2 cores shared with other jobs, a thread busy beside the main one delays its timers by tens of
 * milliseconds through CPU contention alone (a busy loop in a worker: 20-67 ms at load average 11).
 */
const MAX_STALL_MS = 500;

// Issue 20, cases 4 and 5: Readability ran 65 s on the event loop for 2,000 nested <div>s, and a
// page with no elements (or a feed with a DOCTYPE, entities, deep nesting) made a parser throw.
describe('reading hostile pages and feeds in the reading thread', { timeout: 120_000 }, () => {
  let site: NewsSite;
  let scratch: string;
  let ctx: AddContext;
  const reader = new UntrustedReader();
  before(async () => {
    site = await startNewsSite();
    scratch = await mkdtemp(join(tmpdir(), 'untrusted-reader-test-'));
    await mkdir(join(scratch, 'corpus'));
    ctx = { corpusDir: join(scratch, 'corpus'), policy: { ...defaultFetchPolicy, allowPrivateAddresses: true, timeoutMs: 5000 }, catalogue: emptyCatalogue(defaultSettings.nearDuplicates), reader };
    // The thread is started before the measurements: starting it is part of the bot's start-up.
    await reader.page({ body: Buffer.from(articlePage(testArticles[0]!)), contentType: 'text/html' });
  });
  after(async () => {
    await reader.close();
    await site.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN a page of 2,000 nested <div>s THEN adding it is refused by its depth, and the event loop never stalls over 100 ms', async () => {
    site.serve('/nested-2000', 'text/html', nestedDivs(2000));
    const { value: outcome, maxStallMs } = await measureEventLoopStall(() => addFromUrl(site.url('/nested-2000'), ctx));
    assert.match(outcome.status === 'refused' ? outcome.reason : JSON.stringify(outcome), /nested more than 128 levels deep/);
    assert.ok(maxStallMs < MAX_STALL_MS, `the event loop stalled ${maxStallMs.toFixed(1)} ms`);
  });

  it('GIVEN 20,000 nested <div>s (which overflowed the stack) and a slow but legal page of 40,000 elements THEN neither stalls the event loop', async () => {
    site.serve('/nested-20000', 'text/html', nestedDivs(20_000));
    site.serve('/wide', 'text/html', manyElements(40_000));
    const { value: outcomes, maxStallMs } = await measureEventLoopStall(async () => [await addFromUrl(site.url('/nested-20000'), ctx), await addFromUrl(site.url('/wide'), ctx)]);
    assert.match(outcomes[0]!.status === 'refused' ? outcomes[0]!.reason : JSON.stringify(outcomes[0]), /nested more than 128 levels deep/);
    assert.ok(['added', 'refused'].includes(outcomes[1]!.status), JSON.stringify(outcomes[1]));
    assert.ok(maxStallMs < MAX_STALL_MS, `the event loop stalled ${maxStallMs.toFixed(1)} ms`);
  });

  it('GIVEN pages with no elements THEN each is refused with a reason; nothing throws', async () => {
    for (const html of ELEMENTLESS_PAGES) {
      const result = await reader.page({ body: Buffer.from(html), contentType: 'text/html' });
      assert.ok('reason' in result, `extracted something from ${JSON.stringify(html)}`);
      assert.match(result.reason, /no HTML page|no article text|too little text/, JSON.stringify(html));
    }
    site.serve('/blank', 'text/html', '');
    const outcome = await addFromUrl(site.url('/blank'), ctx);
    assert.match(outcome.status === 'refused' ? outcome.reason : JSON.stringify(outcome), /no HTML page to read an article from/);
  });

  it('GIVEN hostile feeds (internal DOCTYPE, external entity, deep nesting, 100,000 items) THEN each is refused or cut to its first items, without stalling the event loop', async () => {
    const feeds = hostileFeeds();
    const { value: results, maxStallMs } = await measureEventLoopStall(async () => {
      const out: Record<string, Awaited<ReturnType<UntrustedReader['feed']>>> = {};
      for (const [name, xml] of Object.entries(feeds)) out[name] = await reader.feed({ body: Buffer.from(xml), contentType: 'application/rss+xml', feedUrl: 'https://example.com/rss' });
      return out;
    });
    const reason = (name: string) => {
      const result = results[name]!;
      return 'reason' in result ? result.reason : `read ${result.items.length} items`;
    };
    assert.match(reason('internal DOCTYPE (entity expansion)'), /declares its own entities/);
    assert.match(reason('external entity'), /declares its own entities/);
    assert.match(reason('deep nesting'), /nested more than 128 levels deep/);
    const long = results['100,000 items']!;
    assert.ok(!('reason' in long) && long.items.length === defaultParseLimits.maxFeedItems && long.listed === 100_000, `expected the first 1,000 of 100,000 items, got ${reason('100,000 items')}`);
    assert.ok(maxStallMs < MAX_STALL_MS, `the event loop stalled ${maxStallMs.toFixed(1)} ms`);
  });

  it('GIVEN a file whose line nests 20,000 tags THEN it is refused by depth, not by a stack overflow', async () => {
    const result = await reader.text({ body: Buffer.from(`عنوان\n${'<b>'.repeat(20_000)}نص${'</b>'.repeat(20_000)}\n`), markdown: true });
    assert.match('reason' in result ? result.reason : JSON.stringify(result), /nested more than 128 levels deep/);
  });

  it('GIVEN a page that takes longer than the time limit THEN the thread is ended, the page refused, and the next page read by a new thread', async () => {
    const hasty = new UntrustedReader({ ...defaultParseLimits, timeoutMs: 50 });
    try {
      const slow = await hasty.page({ body: Buffer.from(manyElements(40_000)), contentType: 'text/html' });
      assert.match('reason' in slow ? slow.reason : 'read in time', /took longer than 0\.05 s, so it was abandoned/);
      const patient = new UntrustedReader();
      const next = await patient.page({ body: Buffer.from(articlePage(testArticles[1]!)), contentType: 'text/html' });
      await patient.close();
      assert.ok(!('reason' in next) && next.paragraphs.includes(testArticles[1]!.paragraphs[0]!), `the next page was not read: ${JSON.stringify(next).slice(0, 200)}`);
    } finally {
      await hasty.close();
    }
  });

  it('GIVEN a thread that runs out of memory THEN only its input is refused', async () => {
    const starved = new UntrustedReader({ ...defaultParseLimits, maxMemoryMb: 4 });
    try {
      const result = await starved.page({ body: Buffer.from(manyElements(40_000)), contentType: 'text/html' });
      assert.match('reason' in result ? result.reason : 'read', /the reader (failed on it|stopped while reading it)/);
    } finally {
      await starved.close();
    }
    assert.deepEqual(await readdir(join(scratch, 'corpus')).then((files) => files.filter((f) => f.startsWith('.'))), [], 'a temporary file was left');
  });
});

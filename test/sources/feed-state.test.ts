import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileFeedState } from '../../src/sources/feed-state.ts';
import { observed } from '../support/observed.ts';

const FEED = 'https://news.example/ar/rss.xml';

describe('FileFeedState: a corpus\'s feeds and what became of their items, in a JSON file', () => {
  let scratch: string;
  let n = 0;
  /** A state in a file of its own (each test starts from nothing). */
  const fresh = () => new FileFeedState(join(scratch, `feeds-${++n}.json`));
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'feed-state-'));
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN no file yet THEN no feeds and no items; nothing is written by reading', async () => {
    const state = fresh();
    assert.deepEqual([await state.feeds(), await state.items(FEED)], [[], { seen: new Set(), refusals: {} }]);
    await assert.rejects(readFile(state.location), /ENOENT/);
  });

  it('GIVEN the same feed added as written differently (www., tracking, fragment) THEN it is stored once, as first written', async () => {
    const state = fresh();
    const added = [await state.addFeed(FEED), await state.addFeed('https://www.news.example/ar/rss.xml?utm_source=x#top'), await state.addFeed('https://other.example/feed')];
    assert.deepEqual([added, await state.feeds()], [[true, false, true], [FEED, 'https://other.example/feed']]);
  });

  it('GIVEN a feed removed by another spelling of its address THEN it is gone; removing one never added says so', async () => {
    const state = fresh();
    await state.addFeed(FEED);
    await state.addFeed('https://other.example/feed');
    assert.deepEqual([await state.removeFeed('https://www.news.example/ar/rss.xml/'), await state.removeFeed('https://never.example/rss')], [true, false]);
    assert.deepEqual(await state.feeds(), ['https://other.example/feed']);
  });

  it('GIVEN polls that deliver and refuse items THEN delivered ones are seen for good and a later delivery clears its refusal count', async () => {
    const state = fresh();
    await state.record(FEED, { delivered: ['https://news.example/1'], refused: { 'https://news.example/2': 1, 'https://news.example/3': 1 } });
    await state.record(FEED, { delivered: ['https://news.example/2', 'https://news.example/1'], refused: { 'https://news.example/3': 2 } });
    const items = await state.items(FEED);
    assert.deepEqual([[...items.seen].sort(), items.refusals], [['https://news.example/1', 'https://news.example/2'], { 'https://news.example/3': 2 }]);
    assert.deepEqual(await state.items('https://other.example/feed'), { seen: new Set(), refusals: {} }, 'one feed\'s items are not another\'s');
  });

  it('GIVEN a poll recorded while a feed is added THEN both are kept (changes to one file do not overwrite each other)', async () => {
    const state = fresh();
    await Promise.all([state.addFeed(FEED), state.record(FEED, { delivered: ['https://news.example/1'], refused: {} }), state.addFeed('https://other.example/feed')]);
    const feeds = await state.feeds();
    assert.deepEqual([[...feeds].sort(), [...(await state.items(FEED)).seen]], [['https://news.example/ar/rss.xml', 'https://other.example/feed'], ['https://news.example/1']]);
  });

  it('GIVEN a hand-edited file with wrong types in it THEN what is well-typed is read, the rest ignored', async () => {
    const state = fresh();
    await writeFile(state.location, JSON.stringify({ feeds: [FEED, 42, null], seen: { [FEED]: ['https://news.example/1', 7], other: 'x' }, refusals: { [FEED]: { 'https://news.example/2': 'many', 'https://news.example/3': 2 } } }));
    assert.deepEqual(await state.feeds(), [FEED]);
    assert.deepEqual(await state.items(FEED), { seen: new Set(['https://news.example/1']), refusals: { 'https://news.example/3': 2 } });
  });

  it('GIVEN a file that is not JSON THEN the error names the file and says the feeds would be lost; the file is left as it was', async () => {
    const state = fresh();
    await writeFile(state.location, '{"feeds": ["https://news.example/rss"');
    await assert.rejects(state.feeds(), (error: Error) => error.message.includes(state.location) && /not valid JSON: fix or delete it/.test(error.message));
    await assert.rejects(state.addFeed(FEED), /not valid JSON/);
    assert.equal(await readFile(state.location, 'utf8'), '{"feeds": ["https://news.example/rss"');
  });

  it('GIVEN a poll to run exclusively THEN it always runs (the file is this process\'s alone)', async () => {
    const result = await fresh().exclusively(FEED, async () => 'polled');
    assert.deepEqual(result, { ran: true, value: 'polled' }, observed(result));
  });
});

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addFromFile, addFromUrl, type AddContext } from '../../src/sources/add-article.ts';
import { articleFileName, pathInside } from '../../src/sources/article-file.ts';
import { defaultSettings } from '../../src/settings.ts';
import { emptyCatalogue, loadCatalogue } from '../../src/sources/corpus-catalogue.ts';
import { defaultFetchPolicy } from '../../src/sources/fetch-policy.ts';
import { loopbackSpellings, otherPrivateLinks, PRIVATE_REFUSAL } from '../support/hostile-addresses.ts';
import { testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';

describe('adding one article', { timeout: 60_000 }, () => {
  let site: NewsSite;
  let scratch: string;
  let corpus: string;
  let ctx: () => Promise<AddContext>;
  before(async () => {
    site = await startNewsSite();
    scratch = await mkdtemp(join(tmpdir(), 'add-article-test-'));
    corpus = join(scratch, 'corpus');
    await mkdir(corpus);
    ctx = async () => ({ corpusDir: corpus, policy: { ...defaultFetchPolicy, allowPrivateAddresses: true, timeoutMs: 3000 }, catalogue: await loadCatalogue(corpus, defaultSettings.nearDuplicates) });
  });
  after(async () => {
    await site.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN a page with scripts and event handlers inside the article THEN only its text is saved', async () => {
    const outcome = await addFromUrl(site.url('/script-page'), await ctx());
    assert.equal(outcome.status, 'added', JSON.stringify(outcome));
    const text = await readFile(join(corpus, outcome.status === 'added' ? outcome.file : ''), 'utf8');
    for (const markup of ['alert', 'evil', 'onclick', 'iframe', '<', '>']) assert.ok(!text.includes(markup), `“${markup}” reached the corpus`);
    assert.ok(text.includes(testArticles[2]!.paragraphs[1]!), 'the article text is missing');
  });

  it('GIVEN the same link with a fragment and tracking parameters THEN it is recognised without fetching', async () => {
    const requests = site.requests.length;
    const outcome = await addFromUrl(`${site.url('/script-page')}?utm_source=x#top`, await ctx());
    assert.match(outcome.status === 'duplicate' ? outcome.reason : JSON.stringify(outcome), /this link is already in the corpus/);
    assert.equal(site.requests.length, requests, 'the page was fetched again');
  });

  it('GIVEN a page redirecting to an article saved under another link THEN reports where it leads', async () => {
    await addFromUrl(site.url(`/articles/${testArticles[1]!.slug}`), await ctx());
    const outcome = await addFromUrl(site.url('/moved'), await ctx());
    assert.match(outcome.status === 'duplicate' ? outcome.reason : JSON.stringify(outcome), /it leads to .*\/articles\/wheat-harvest, already in the corpus as/);
  });

  it('GIVEN a file whose text nearly repeats a saved article THEN it is a near-duplicate; a new .html file is added as text', async () => {
    const [first, ...rest] = testArticles[1]!.paragraphs;
    const copy = join(scratch, 'copy.txt');
    await writeFile(copy, ['نسخة من الخبر', first, ...rest.slice(0, -1), `${rest.at(-1)} (تحديث)`].join('\n'));
    const near = await addFromFile(copy, await ctx());
    assert.match(near.status === 'duplicate' ? near.reason : JSON.stringify(near), /nearly the same text as 2025-03-04-127\.0\.0\.1-[0-9a-f]{8}\.md \(\d+% shared\)/);
    const page = join(scratch, 'metro.html');
    await writeFile(page, `<html><head><title>${testArticles[2]!.title}</title><script>steal()</script></head><body><article>${testArticles[2]!.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`);
    const fresh = await addFromFile(page, { ...(await ctx()), catalogue: emptyCatalogue(defaultSettings.nearDuplicates) });
    assert.equal(fresh.status, 'added', JSON.stringify(fresh));
    const saved = await readFile(join(corpus, fresh.status === 'added' ? fresh.file : ''), 'utf8');
    assert.ok(!saved.includes('steal'), 'a script reached the corpus');
    assert.match(saved, /^---\ntitle: ".+"\nfetched: "/);
  });

  it('GIVEN a file of another type, an empty one or a folder THEN refuses with the reason and saves nothing', async () => {
    const before = (await readdir(corpus)).length;
    await writeFile(join(scratch, 'data.pdf'), '%PDF');
    await writeFile(join(scratch, 'empty.md'), '\n\n');
    assert.match(JSON.stringify(await addFromFile(join(scratch, 'data.pdf'), await ctx())), /only .txt, .md and .html files can be added, not .pdf/);
    assert.match(JSON.stringify(await addFromFile(join(scratch, 'empty.md'), await ctx())), /it holds no text/);
    assert.equal((await readdir(corpus)).length, before);
  });
});

// Issue 20, case 1: `npm run add` of http://[::ffff:127.0.0.1]:PORT/article saved an internal page.
describe('adding links to private addresses, FETCH_ALLOW_PRIVATE_ADDRESSES unset', { timeout: 60_000 }, () => {
  let site: NewsSite;
  let internal: NewsSite;
  let scratch: string;
  let corpus: string;
  let ctx: (privateHosts?: string[]) => Promise<AddContext>;
  before(async () => {
    site = await startNewsSite();
    internal = await startNewsSite();
    scratch = await mkdtemp(join(tmpdir(), 'add-private-test-'));
    corpus = join(scratch, 'corpus');
    await mkdir(corpus);
    ctx = async (privateHosts = []) => ({ corpusDir: corpus, policy: { ...defaultFetchPolicy, privateHosts, timeoutMs: 3000 }, catalogue: await loadCatalogue(corpus, defaultSettings.nearDuplicates) });
  });
  after(async () => {
    await site.close();
    await internal.close();
    await rm(scratch, { recursive: true, force: true });
  });
  const portOf = (server: NewsSite) => Number(new URL(server.url('/')).port);

  it('GIVEN every spelling of 127.0.0.1 (IPv4-mapped, decimal, octal, hex, short, hosts-file names) THEN each is refused and the internal server is never asked', async () => {
    for (const url of loopbackSpellings(portOf(internal), '/articles/wheat-harvest')) {
      const outcome = await addFromUrl(url, await ctx());
      assert.equal(outcome.status, 'refused', `${url} was not refused: ${JSON.stringify(outcome)}`);
      assert.match(outcome.status === 'refused' ? outcome.reason : '', PRIVATE_REFUSAL, url);
    }
    assert.deepEqual(internal.requests, [], 'the internal server was reached');
    assert.deepEqual(await readdir(corpus), [], 'something was saved');
  });

  it('GIVEN private addresses inside IPv6 (mapped, compatible, translated, NAT64, 6to4, Teredo, site-local, discard) THEN each is refused by its range', async () => {
    for (const url of otherPrivateLinks()) {
      const outcome = await addFromUrl(url, await ctx());
      assert.match(outcome.status === 'refused' ? outcome.reason : JSON.stringify(outcome), PRIVATE_REFUSAL, url);
    }
    const metadata = await addFromUrl('http://[::ffff:169.254.169.254]/latest/meta-data/', await ctx());
    assert.match(metadata.status === 'refused' ? metadata.reason : '', /IPv4 169\.254\.169\.254 written as IPv6, a link-local address/);
  });

  it('GIVEN an allowed host (FETCH_PRIVATE_HOSTS) redirecting to each spelling THEN the hop is refused; the allowed host alone is fetched', async () => {
    const allowed = [`127.0.0.1:${portOf(site)}`];
    for (const target of [...loopbackSpellings(portOf(internal), '/articles/wheat-harvest'), ...otherPrivateLinks()]) {
      const outcome = await addFromUrl(site.url(`/redirect?to=${encodeURIComponent(target)}`), await ctx(allowed));
      assert.match(outcome.status === 'refused' ? outcome.reason : JSON.stringify(outcome), PRIVATE_REFUSAL, `redirect to ${target}`);
    }
    assert.deepEqual(internal.requests, [], 'a redirect reached the internal server');
    const direct = await addFromUrl(site.url('/articles/metro-line'), await ctx(allowed));
    assert.equal(direct.status, 'added', `the allowed host was not fetched: ${JSON.stringify(direct)}`);
    // The exemption is for the host as written: another spelling of the same address is judged.
    const respelled = await addFromUrl(`http://[::ffff:127.0.0.1]:${portOf(site)}/articles/desalination-plant`, await ctx(allowed));
    assert.match(respelled.status === 'refused' ? respelled.reason : JSON.stringify(respelled), PRIVATE_REFUSAL);
  });
});

// Issue 20, case 3: an .md file with `published: ../../../x` was saved outside CORPUS_DIR.
describe('front matter of an added file', { timeout: 60_000 }, () => {
  let scratch: string;
  let corpus: string;
  const body = 'ارتفعت حركة الحاويات في الميناء الجنوبي بنسبة خمسة عشر في المئة خلال الربع الأول من العام بحسب هيئة الموانئ.';
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'front-matter-test-'));
    corpus = join(scratch, 'deep', 'er', 'corpus');
    await mkdir(corpus, { recursive: true });
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });
  const add = async (name: string, frontMatter: string[], text = body) => {
    const file = join(scratch, name);
    await writeFile(file, ['---', ...frontMatter, '---', '', text].join('\n'));
    return addFromFile(file, { corpusDir: corpus, policy: defaultFetchPolicy, catalogue: emptyCatalogue(defaultSettings.nearDuplicates), now: () => new Date('2026-01-02T03:04:05Z') });
  };

  it('GIVEN `published` or `url` made to climb out of the folder THEN the article is saved inside it, under a name of safe characters', async () => {
    const hostile = [
      ['published: ../../../x'],
      ['published: "../../../../tmp/escaped"'],
      ['published: /etc/cron.d/x'],
      ['url: "http://../../x"', 'published: "..\\..\\x"'],
      ['url: "https://..%2f..%2fx/"'],
      ['url: "http://[::1]/a/../../b"'],
    ];
    for (const [i, frontMatter] of hostile.entries()) {
      const outcome = await add(`hostile-${i}.md`, frontMatter, `${body} ${i}`);
      assert.equal(outcome.status, 'added', JSON.stringify(outcome));
      const file = outcome.status === 'added' ? outcome.file : '';
      assert.match(file, /^(\d{4}-\d{2}-\d{2}|undated)-[a-z0-9.-]+-[0-9a-f]{8}\.md$/, `${frontMatter.join(' ')} gave ${file}`);
      assert.equal((await readFile(join(corpus, file), 'utf8')).includes(body), true);
    }
    const outside = (await readdir(scratch, { recursive: true })).filter((f) => !f.startsWith(join('deep', 'er', 'corpus')) && !/^hostile-\d\.md$|^deep$|^deep.er$/.test(f));
    assert.deepEqual(outside, [], 'a file was written outside the corpus folder');
  });

  it('GIVEN `url: "javascript:alert(1)"` THEN the link is not saved and the file is named as a plain file', async () => {
    const outcome = await add('script-link.md', ['title: "Read the statement](https://evil.example/login) [more"', 'url: "javascript:alert(1)"'], `${body} javascript`);
    assert.equal(outcome.status, 'added', JSON.stringify(outcome));
    assert.equal(outcome.status === 'added' ? outcome.metadata.url : 'none', undefined);
    const saved = await readFile(join(corpus, outcome.status === 'added' ? outcome.file : ''), 'utf8');
    assert.ok(!saved.includes('javascript:'), `the link was saved:\n${saved.slice(0, 300)}`);
    assert.match(outcome.status === 'added' ? outcome.file : '', /^2026-01-02-file-[0-9a-f]{8}\.md$/);
  });

  it('GIVEN any metadata THEN articleFileName stays a bare name and pathInside refuses whatever leaves the folder', () => {
    const name = articleFileName({ metadata: { title: 't', url: 'https://EXAMPLE.com.:8080/a', published: '../../x', fetched: '2026-01-02T00:00:00.000Z' }, paragraphs: ['p'] });
    assert.match(name, /^2026-01-02-example\.com-[0-9a-f]{8}\.md$/);
    for (const bad of ['../x.md', '/etc/x.md', '..', '.hidden.md', 'a/b.md', 'a\\b.md', '']) assert.equal(pathInside(corpus, bad), undefined, bad);
    assert.equal(pathInside(corpus, name), join(corpus, name));
  });
});

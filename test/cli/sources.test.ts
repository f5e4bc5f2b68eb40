import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { runCli as cli } from '../support/run-cli.ts';



describe('npm run feeds / npm run add', { timeout: 240_000 }, () => {
  let site: NewsSite;
  let scratch: string;
  let corpus: string;
  let env: Record<string, string>;
  before(async () => {
    site = await startNewsSite();
    scratch = await mkdtemp(join(tmpdir(), 'cli-sources-test-'));
    corpus = join(scratch, 'corpus');
    await mkdir(corpus);
    await writeFile(join(corpus, 'existing.txt'), 'مقال موجود في المجلد قبل قراءة أي خلاصة من الخلاصات.\n');
    env = { CORPUS_DIR: corpus, INDEX_DIR: join(scratch, 'index'), MODEL_DIR: join(scratch, 'no-model'), FEEDS: site.url('/rss.xml'), FETCH_ALLOW_PRIVATE_ADDRESSES: 'true' };
  });
  after(async () => {
    await site.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN FEEDS THEN poll saves three articles, updates the index, and ask --json cites url, title, outlet and date', async () => {
    const poll = await cli(['feeds', 'poll'], env);
    assert.equal(poll.code, 0, poll.stderr);
    assert.match(poll.stdout, /Polled 1 feed\(s\): 3 article\(s\) added, 0 already in the corpus, 0 refused/);
    assert.match(poll.stdout, /Indexed \d+ passages from 4 files/);
    const ask = await cli(['ask', '--json', 'محطة تحلية مياه البحر'], env);
    assert.equal(ask.code, 0, ask.stderr);
    const answer = JSON.parse(ask.stdout) as { passages: { file: string; lineStart: number; text: string; url?: string; title?: string; outlet?: string; published?: string }[] };
    const cited = answer.passages.find((p) => p.url?.endsWith('/articles/desalination-plant'));
    assert.ok(cited, `no passage cites the desalination article: ${ask.stdout.slice(0, 400)}`);
    assert.equal(cited.title, testArticles[0]!.title);
    assert.equal(cited.outlet, 'صحيفة الاختبار');
    assert.equal(cited.published, testArticles[0]!.published);
    const lines = (await readFile(join(corpus, cited.file), 'utf8')).split('\n');
    assert.equal(lines[cited.lineStart - 1], cited.text, 'the cited line does not hold the passage');
    const plain = answer.passages.find((p) => p.file === 'existing.txt');
    assert.ok(!plain || plain.url === undefined, 'a plain file got a url');
  });

  it('GIVEN a second poll THEN nothing is added', async () => {
    const poll = await cli(['feeds', 'poll'], env);
    assert.equal(poll.code, 0, poll.stderr);
    assert.match(poll.stdout, /Polled 1 feed\(s\): 0 article\(s\) added/);
    assert.equal((await readdir(corpus)).filter((f) => f.endsWith('.md')).length, 3);
  });

  it('GIVEN add with a file, the same file again, a bad link and a missing file THEN adds once and explains each refusal', async () => {
    const file = join(scratch, 'note.md');
    await writeFile(file, `# تقرير عن الموانئ\n\nارتفعت حركة الحاويات في الميناء الجنوبي بنسبة خمسة عشر في المئة خلال الربع الأول من العام.<script>alert(1)</script>\n`);
    const added = await cli(['add', file], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added \S+\.md: “تقرير عن الموانئ”/);
    const saved = (await readdir(corpus)).filter((f) => f.includes('-file-'));
    assert.equal(saved.length, 1, `expected one saved file, got ${saved.join(', ')}`);
    assert.ok(!(await readFile(join(corpus, saved[0]!), 'utf8')).includes('script'), 'the script reached the corpus');
    const again = await cli(['add', file], env);
    assert.match(again.stdout, /already in the corpus: note\.md: it has the same text as/);
    const ftp = await cli(['add', 'ftp://example.com/a'], env);
    assert.equal(ftp.code, 1);
    assert.match(ftp.stderr, /only http and https links are fetched, not ftp/);
    const missing = await cli(['add', join(scratch, 'missing.txt')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file, and not an http\(s\) link/);
    const refused = await cli(['add', site.url('/moved')], { ...env, FETCH_ALLOW_PRIVATE_ADDRESSES: 'false' });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /127\.0\.0\.1 is a loopback address.*FETCH_ALLOW_PRIVATE_ADDRESSES=true/);
    // Issue 20, case 1: the IPv4-mapped spelling of 127.0.0.1 saved the page ("Added 2026-12-03--ffff-7f00-1--….md").
    const mapped = await cli(['add', site.url('/articles/metro-line').replace('127.0.0.1', '[::ffff:127.0.0.1]')], { ...env, FETCH_ALLOW_PRIVATE_ADDRESSES: 'false' });
    assert.equal(mapped.code, 1, mapped.stdout);
    assert.match(mapped.stderr, /Refused http:\/\/\[::ffff:127\.0\.0\.1\]:\d+\/articles\/metro-line: ::ffff:7f00:1 is IPv4 127\.0\.0\.1 written as IPv6, a loopback address/);
    assert.ok(!(await readdir(corpus)).some((f) => f.includes('ffff')), 'the internal page was saved');
    // Issue 20, case 4: `npm run add` of a page with no elements printed a stack trace.
    await writeFile(join(scratch, 'blank.html'), '<!-- nothing -->');
    const blank = await cli(['add', join(scratch, 'blank.html')], env);
    assert.equal(blank.code, 1, blank.stdout);
    assert.match(blank.stderr, /Refused blank\.html: it holds no HTML page to read an article from/);
    assert.doesNotMatch(blank.stderr, /\n\s+at /, 'a stack trace was printed');
    const known = await cli(['add', site.url('/articles/metro-line')], env);
    assert.match(known.stdout, /this link is already in the corpus as 2025-03-06-/);
  });

  it('GIVEN add --server ID THEN the article goes to that Discord server’s own folder and index, not the shared corpus', async () => {
    const server = '400000000000000001';
    const before = (await readdir(corpus)).length;
    const added = await cli(['add', '--server', server, `${site.url('/articles/desalination-plant')}?copy=1`], env);
    // What the shared corpus has is not added again to a server's own articles.
    assert.match(added.stdout, /Not added, already in the corpus: .*: it has the same text as 2025-03-02-127\.0\.0\.1-/);
    const file = join(scratch, 'server-note.txt');
    await writeFile(file, 'تقرير خاص بالخادم عن حركة الشحن الجوي التي ارتفعت في المطار الدولي خلال الشهر الماضي.\n');
    const own = await cli(['add', '--server', server, file], env);
    assert.equal(own.code, 0, own.stderr);
    assert.match(own.stdout, /Added \S+-file-[0-9a-f]{8}\.md/);
    assert.match(own.stdout, /Indexed \d+ passages from 1 files/);
    assert.equal((await readdir(join(env.INDEX_DIR!, 'servers', server, 'articles'))).length, 1);
    assert.equal((await readdir(corpus)).length, before, 'the shared corpus changed');
    const bad = await cli(['add', '--server', '../x', file], env);
    assert.match(bad.stderr, /--server \.\.\/x: expected a Discord server id/);
    const help = await cli(['add', '--help'], env);
    assert.match(help.stdout, /shared corpus \(CORPUS_DIR, read by every Discord server\)/);
  });
});

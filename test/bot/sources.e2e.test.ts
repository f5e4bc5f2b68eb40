/**
 * Issue 13's "done when", through the real bot and discord.js against the Discord emulator: a feed
 * served on 127.0.0.1 is polled, its articles show in /sources and /ask with link and date, a second
 * poll adds nothing, /add takes an attached file, and each bad input gets a clear message.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import type { JsonObject } from '../support/discord-emulator/index.ts';
import { testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { maskedLinks, unescapeMarkdown } from '../support/discord-markdown.ts';
import { ALICE, BOB, MANAGE_GUILD, captureLogger, messageBodies, startHarness, testConfig, type Harness } from './harness.ts';

const KEPT = 'مقال محفوظ في المجلد من قبل، لا يجوز أن يضيع أو يتغير بسبب أي إضافة فاشلة.\n';

function lastMessage(responses: { data?: JsonObject }[]): { content: string; embeds: JsonObject[] } {
  const data = responses.at(-1)!.data!;
  // The content as Discord shows it: the bot escapes every bracket and parenthesis of its replies.
  return { content: unescapeMarkdown(String(data.content ?? '')), embeds: (data.embeds as JsonObject[] | undefined) ?? [] };
}

function allText(message: { content: string; embeds: JsonObject[] }): string {
  return [message.content, ...message.embeds.map((e) => `${e.title ?? ''}\n${e.url ?? ''}\n${e.description ?? ''}`)].join('\n');
}

describe('articles from feeds, links and attachments, through the Discord emulator', { timeout: 180_000 }, () => {
  let site: NewsSite;
  let h: Harness;
  let tmp: string;
  let corpus: string;
  let engine: Engine;
  let config: Config;
  let startedAt: string;
  const manager = { user: ALICE, memberPermissions: MANAGE_GUILD };

  before(async () => {
    site = await startNewsSite();
    tmp = await mkdtemp(path.join(tmpdir(), 'sources-e2e-'));
    corpus = path.join(tmp, 'corpus');
    await mkdir(corpus);
    await writeFile(path.join(corpus, 'kept.txt'), KEPT);
    config = testConfig(path.join(tmp, 'embeddings'), { CORPUS_DIR: corpus, FEEDS: site.url('/rss.xml'), FETCH_ALLOW_PRIVATE_ADDRESSES: 'true', FETCH_TIMEOUT_MS: '2000' });
    engine = await Engine.open({ config, embedder: null, logger: captureLogger().logger });
    h = await startHarness({ rateLimit: { limit: 1000 } }, { engine, config, tmp });
    startedAt = new Date().toISOString();
  });
  after(async () => {
    await h?.close();
    await engine?.close();
    await site?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('GIVEN a feed with three new Arabic articles THEN /feeds poll adds them and /sources lists their titles and links', async () => {
    const poll = lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'poll', ...manager }));
    assert.match(poll.content, /Polled 1 feed\(s\): 3 article\(s\) added, 0 already in the corpus, 0 refused/);
    const sources = allText(lastMessage(await h.emulator.sendSlashCommand({ name: 'sources', user: BOB })));
    for (const article of testArticles) {
      assert.ok(sources.includes(`[${article.title}](${site.url(`/articles/${article.slug}`)})`), `/sources lacks the linked title of ${article.slug}:\n${sources.slice(0, 600)}`);
    }
    assert.match(sources, /صحيفة الاختبار · <t:\d+:D>/);
  });

  it('GIVEN the new articles THEN /ask quotes one with its link, outlet and date, and its file and line', async () => {
    const answer = lastMessage(await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'ماذا قال الخطيب عن المحطة؟' }, user: BOB }));
    const cited = answer.embeds.find((e) => e.url === site.url('/articles/desalination-plant'));
    assert.ok(cited, `no passage links the desalination article: ${allText(answer).slice(0, 600)}`);
    assert.match(String(cited.title), /^\d+\. 2025-03-02-127\.0\.0\.1-[0-9a-f]{8}\.md · line \d+/);
    const published = Math.floor(Date.parse(testArticles[0]!.published) / 1000);
    assert.ok(String(cited.description).includes(`صحيفة الاختبار · <t:${published}:D>`), `no outlet and date in ${String(cited.description).slice(0, 300)}`);
    assert.match(String(cited.description), /الخطيب/);
  });

  it('GIVEN a second poll THEN nothing is added', async () => {
    const before = (await readdir(corpus)).length;
    const poll = lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'poll', ...manager }));
    assert.match(poll.content, /0 article\(s\) added/);
    assert.equal((await readdir(corpus)).length, before);
  });

  it('GIVEN /add with an attached .md file THEN it is saved, indexed and answerable; the same file again is reported', async () => {
    const text = '# تقرير الموانئ الفصلي\n\nارتفعت حركة الحاويات في الميناء الجنوبي بنسبة خمسة عشر في المئة خلال الربع الأول من العام بحسب هيئة الموانئ.\n';
    const file = h.emulator.uploadAttachment({ filename: 'ports.md', contentType: 'text/markdown; charset=utf-8', data: text });
    const added = allText(lastMessage(await h.emulator.sendSlashCommand({ name: 'add', options: { file }, ...manager })));
    assert.match(added, /Added one article to the shared corpus \(every server reads it\)\.[\s\S]*تقرير الموانئ الفصلي[\s\S]*Saved as \*\*\S+-file-[0-9a-f]{8}\.md\*\* and indexed/);
    const answer = allText(lastMessage(await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'حركة الحاويات في الميناء الجنوبي' }, user: BOB })));
    assert.match(answer, /-file-[0-9a-f]{8}\.md · line \d+/);
    const again = h.emulator.uploadAttachment({ filename: 'ports-copy.md', contentType: 'text/markdown', data: text });
    const duplicate = lastMessage(await h.emulator.sendSlashCommand({ name: 'add', options: { file: again }, ...manager }));
    assert.match(duplicate.content, /Not added, already in the corpus: ports-copy\.md: it has the same text as \S+-file-/);
  });

  it('GIVEN /add with a link already saved THEN says which file holds it', async () => {
    const known = lastMessage(await h.emulator.sendSlashCommand({ name: 'add', options: { url: site.url('/articles/wheat-harvest') }, ...manager }));
    assert.match(known.content, /this link is already in the corpus as 2025-03-04-/);
  });

  it('GIVEN bad input THEN each gets a clear message and nothing stored is lost', async () => {
    const cases: [JsonObject, RegExp][] = [
      [{ url: site.url('/gone') }, /the page is gone \(HTTP 404\)/],
      [{ url: site.url('/data.json') }, /it is application\/json, not text\/html or application\/xhtml\+xml/],
      [{ url: site.url('/loop-a') }, /redirects in a loop/],
      [{ url: site.url('/slow') }, /did not answer within 2 s/],
      [{ url: site.url('/huge') }, /over the 5\.0 MiB limit/],
      [{ url: site.url('/empty-page') }, /too little text to be an article|no article text/],
      [{ url: 'javascript:alert(1)' }, /only http and https links are fetched, not javascript/],
      [{ file: h.emulator.uploadAttachment({ filename: 'photo.png', contentType: 'image/png', data: 'x' }) }, /only \.txt, \.md and \.html files can be added, not \.png/],
      [{ file: h.emulator.uploadAttachment({ filename: 'big.txt', contentType: 'text/plain', data: Buffer.alloc(6 * 1024 * 1024, 0x61) }) }, /big\.txt: it is 6\.0 MiB, over the 5\.0 MiB limit/],
      [{ file: h.emulator.uploadAttachment({ filename: 'latin1.txt', contentType: 'text/plain', data: Buffer.from('caf\xe9', 'latin1') }) }, /not valid UTF-8/],
    ];
    for (const [options, expected] of cases) {
      const reply = lastMessage(await h.emulator.sendSlashCommand({ name: 'add', options: options as Record<string, string>, ...manager }));
      assert.match(reply.content, expected, `for ${JSON.stringify(options)}`);
      assert.match(reply.content, /^Refused /, `a refusal must say so: ${reply.content}`);
    }
    const neither = lastMessage(await h.emulator.sendSlashCommand({ name: 'add', ...manager }));
    assert.match(neither.content, /Give either `url`/);
    const notManager = lastMessage(await h.emulator.sendSlashCommand({ name: 'add', options: { url: site.url('/articles/metro-line') }, user: BOB, memberPermissions: '0' }));
    assert.equal(notManager.content, 'Only members with the **Manage Server** permission can add articles.');
    assert.equal(await readFile(path.join(corpus, 'kept.txt'), 'utf8'), KEPT);
    assert.equal((await readdir(corpus)).filter((f) => f.startsWith('.')).length, 0, 'a temporary file was left behind');
  });

  it('GIVEN /feeds add, list and remove THEN the list changes; FEEDS entries stay; a malformed feed is reported by URL', async () => {
    const added = lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'add', options: { url: site.url('/broken.xml') }, ...manager }));
    assert.match(added.content, /Added the feed/);
    const list = lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'list', ...manager }));
    assert.match(list.content, /2 feed\(s\)/);
    assert.match(list.content, /rss\.xml \(from FEEDS\)/);
    const poll = allText(lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'poll', ...manager })));
    assert.match(poll, /1 feed\(s\) unreadable/);
    assert.match(poll, /broken\.xml could not be read: it is not well-formed XML/);
    const fromConfig = lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'remove', options: { url: site.url('/rss.xml') }, ...manager }));
    assert.match(fromConfig.content, /comes from the FEEDS setting/);
    const removed = lastMessage(await h.emulator.sendSlashCommand({ name: 'feeds', subcommand: 'remove', options: { url: site.url('/broken.xml') }, ...manager }));
    assert.match(removed.content, /Removed the feed/);
  });

  it('GIVEN the FEED_CRON schedule fires THEN the poll runs and its report is logged', async () => {
    await h.bot.runScheduledPoll();
    assert.ok(h.logs.some((l) => /^Polled 1 feed\(s\): 0 article\(s\) added/.test(String(l.args[0]))), 'no poll report in the log');
  });

  it('GIVEN a scheduled briefing before the additions THEN the next briefing marks the four new articles and links them', async () => {
    // What a scheduled briefing posted just after the bot started would have recorded.
    await writeFile(path.join(tmp, 'briefing-state.json'), JSON.stringify({ lastBriefingAt: startedAt }));
    const briefing = allText(lastMessage(await h.emulator.sendSlashCommand({ name: 'briefing', user: BOB })));
    assert.match(briefing, /4 article\(s\) new since the last briefing/);
    assert.ok(briefing.includes(`🆕 **2025-03-06-127.0.0.1-`), `the metro article is not marked new:\n${briefing.slice(0, 800)}`);
    assert.ok(briefing.includes(`(${site.url('/articles/metro-line')})`), `the briefing does not link the metro article:\n${briefing.slice(0, 800)}`);
    assert.ok(!briefing.includes('🆕 **kept.txt'), 'an old article was marked new');
  });

  // Issue 20, case 8, through discord.js and the emulator: every message the bot posts is checked.
  it('GIVEN an added file whose title, outlet and text carry links and whose url is javascript: THEN nothing the bot posts links anywhere', async () => {
    const text = [
      '---',
      'title: "Read the statement](https://evil.example/login) [more"',
      'url: "javascript:alert(1)"',
      'outlet: "[Trusted](https://evil.example/outlet)"',
      'published: "../../../x"',
      '---',
      '',
      'تقرير هيئة الموانئ عن السفن: ارتفعت حركة السفن [اقرأ البيان](https://evil.example/one) في الميناء الشمالي ثم [التفاصيل](https://evil.example/two) بحسب الهيئة <https://evil.example/three>.',
    ].join('\n');
    const file = h.emulator.uploadAttachment({ filename: 'links.md', contentType: 'text/markdown', data: text });
    const callsBefore = h.emulator.calls.length;
    const added = allText(lastMessage(await h.emulator.sendSlashCommand({ name: 'add', options: { file }, ...manager })));
    assert.match(added, /Added one article/);
    await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'حركة السفن في الميناء الشمالي', public: true }, user: BOB });
    await h.emulator.sendSlashCommand({ name: 'sources', user: BOB });
    await h.emulator.sendSlashCommand({ name: 'briefing', user: BOB });
    const posted = messageBodies(h.emulator, callsBefore);
    const texts = posted.flatMap(({ body }) => [String(body.content ?? ''), ...((body.embeds as JsonObject[] | undefined) ?? []).flatMap((e) => [String(e.title ?? ''), String(e.description ?? ''), ...((e.fields as JsonObject[] | undefined) ?? []).map((f) => `${f.name}\n${f.value}`)])]);
    assert.ok(texts.some((t) => t.includes('الميناء الشمالي')), 'the article was not quoted');
    for (const t of texts) {
      const links = maskedLinks(t).filter((l) => !l.url.startsWith(site.url('/')));
      assert.deepEqual(links, [], `a posted message links elsewhere: ${t.slice(0, 400)}`);
      assert.ok(!/javascript:/i.test(t), `javascript: was posted: ${t.slice(0, 300)}`);
    }
    const urls = posted.flatMap(({ body }) => ((body.embeds as JsonObject[] | undefined) ?? []).map((e) => e.url).filter(Boolean));
    for (const url of urls) assert.match(String(url), /^https?:\/\//, 'an embed url is not http(s)');
  });
});

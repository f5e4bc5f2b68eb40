/**
 * Issue 20, case 2, through the real bot and discord.js against the Discord emulator: "Manage
 * Server" in any server (one an attacker made and invited the bot to) could add articles every
 * other server was answered from, and list or remove other servers' feeds. Now each server's
 * additions are answered and listed in that server only, over the shared corpus, which only the
 * bot's owners (BOT_OWNER_IDS) or the home server (DISCORD_GUILD_ID) change.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployCommands } from '../../src/bot/deploy.ts';
import type { Config } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { answerTo, captureLogger, MANAGE_GUILD, startHarness, testConfig, type Harness } from '../bot/harness.ts';
import { unescapeMarkdown } from '../support/discord-markdown.ts';
import type { JsonObject } from '../support/discord-emulator/index.ts';
import { testArticles } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { GUILD_ID } from '../support/newsroom.ts';

const SERVER_A = { id: '400000000000000001', channel: '400000000000000002' };
const SERVER_B = { id: '500000000000000001', channel: '500000000000000002' };
const ANNA = { id: '200000000000000071', username: 'anna', global_name: 'Anna' };
const MALLORY = { id: '200000000000000072', username: 'mallory', global_name: 'Mallory' };
const OWNER = { id: '200000000000000073', username: 'owner', global_name: 'Owner' };
const SHARED_ARTICLE = 'قالت هيئة الأرصاد إن موجة الحر ستستمر حتى نهاية الأسبوع في المناطق الساحلية، وإن درجات الحرارة قد تتجاوز أربعين درجة.\n';
const DESALINATION_QUESTION = 'ماذا قال الخطيب عن المحطة؟';

type Sent = { content: string; embeds: JsonObject[] };

function lastMessage(responses: { data?: JsonObject }[]): Sent {
  const data = responses.at(-1)!.data!;
  return { content: unescapeMarkdown(String(data.content ?? '')), embeds: (data.embeds as JsonObject[] | undefined) ?? [] };
}

function allText(message: Sent): string {
  return [message.content, ...message.embeds.map((e) => `${e.title ?? ''}\n${e.url ?? ''}\n${e.description ?? ''}`)].join('\n');
}

describe('per-server corpora, through the Discord emulator', { timeout: 180_000 }, () => {
  let site: NewsSite;
  let h: Harness;
  let tmp: string;
  let corpus: string;
  let engine: Engine;
  let config: Config;
  const inA = { guildId: SERVER_A.id, channelId: SERVER_A.channel, user: ANNA, memberPermissions: MANAGE_GUILD };
  const inB = { guildId: SERVER_B.id, channelId: SERVER_B.channel, user: MALLORY, memberPermissions: MANAGE_GUILD };
  const send = async (init: Parameters<Harness['emulator']['sendSlashCommand']>[0]) => lastMessage(await h.emulator.sendSlashCommand(init));
  const ask = (where: typeof inA, question: string) => send({ name: 'ask', options: { question, public: true }, ...where });
  const cites = (message: Sent, slug: string) => message.embeds.some((e) => e.url === site.url(`/articles/${slug}`));
  let answerInBBefore: Sent;

  before(async () => {
    site = await startNewsSite();
    tmp = await mkdtemp(path.join(tmpdir(), 'server-corpora-e2e-'));
    corpus = path.join(tmp, 'shared');
    await mkdir(corpus);
    await writeFile(path.join(corpus, 'weather.txt'), SHARED_ARTICLE);
    config = testConfig(path.join(tmp, 'embeddings'), { CORPUS_DIR: corpus, FETCH_ALLOW_PRIVATE_ADDRESSES: 'true', FETCH_TIMEOUT_MS: '3000', BOT_OWNER_IDS: OWNER.id });
    engine = await Engine.open({ config, embedder: null, logger: captureLogger().logger });
    h = await startHarness({ rateLimit: { limit: 1000 }, serverRateLimit: { limit: 1000 } }, { engine, config, tmp });
    for (const server of [SERVER_A, SERVER_B]) {
      h.emulator.addGuild({ id: server.id, name: `Server ${server.id}`, channels: [{ id: server.channel, name: 'general', type: 0 }] });
      await deployCommands({ token: h.emulator.token, clientId: h.emulator.applicationId, guildId: server.id, apiBase: h.emulator.apiBase });
    }
    for (const user of [ANNA, MALLORY, OWNER]) h.emulator.addUser(user);
    answerInBBefore = await ask(inB, 'موجة الحر في المناطق الساحلية');
  });
  after(async () => {
    await h?.close();
    await engine?.close();
    await site?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('GIVEN /add in server A THEN A is answered from the article and lists it; B is not and does not; the shared corpus is unchanged', async () => {
    const added = await send({ name: 'add', options: { url: site.url(`/articles/${testArticles[0]!.slug}`) }, ...inA });
    assert.match(allText(added), /Added one article to this server’s own articles \(answered and listed only here\)/);
    assert.ok(cites(await ask(inA, DESALINATION_QUESTION), testArticles[0]!.slug), 'server A is not answered from its own article');
    assert.ok(!cites(await ask(inB, DESALINATION_QUESTION), testArticles[0]!.slug), 'server B is answered from server A’s article');
    const sourcesA = allText(await send({ name: 'sources', ...inA }));
    const sourcesB = allText(await send({ name: 'sources', ...inB }));
    assert.match(sourcesA, /2025-03-02-127\.0\.0\.1-[0-9a-f]{8}\.md\*\* · added in this server/);
    assert.match(sourcesA, /weather\.txt/);
    assert.doesNotMatch(sourcesB, /2025-03-02-127\.0\.0\.1/, 'server B lists server A’s article');
    assert.match(sourcesB, /weather\.txt/);
    const quotesB = allText(await send({ name: 'quote', options: { speaker: 'الخطيب' }, ...inB }));
    assert.match(quotesB, /No quotes found/, 'server B quotes server A’s article');
    assert.match(allText(await send({ name: 'quote', options: { speaker: 'الخطيب' }, ...inA })), /الخطيب/);
    assert.doesNotMatch(allText(await send({ name: 'briefing', ...inB })), /محطة|الخطيب/, 'server B’s briefing draws on server A’s article');
    const mention = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> ${DESALINATION_QUESTION}`, author: MALLORY, guildId: SERVER_B.id, channelId: SERVER_B.channel });
    const reply = await answerTo(h.emulator, mention);
    assert.ok(!JSON.stringify(reply.embeds).includes('desalination-plant'), 'a mention in server B is answered from server A’s article');
    const mentionA = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> ${DESALINATION_QUESTION}`, author: ANNA, guildId: SERVER_A.id, channelId: SERVER_A.channel });
    const replyA = await answerTo(h.emulator, mentionA);
    assert.ok(JSON.stringify(replyA.embeds).includes('desalination-plant'), 'a mention in server A is not answered from its own article');
    assert.deepEqual(await readdir(corpus), ['weather.txt'], 'the shared corpus folder changed');
    // Server B's answers are exactly as before: server A's index statistics are its own.
    assert.deepEqual(await ask(inB, 'موجة الحر في المناطق الساحلية'), answerInBBefore);
  });

  it('GIVEN /feeds add in server A THEN server B neither lists nor removes it, and polling A adds to A only', async () => {
    const feed = site.url('/rss.xml');
    assert.match((await send({ name: 'feeds', subcommand: 'add', options: { url: feed }, ...inA })).content, /Added the feed/);
    assert.ok(!(await send({ name: 'feeds', subcommand: 'list', ...inB })).content.includes(feed), 'server B lists server A’s feed');
    assert.match((await send({ name: 'feeds', subcommand: 'remove', options: { url: feed }, ...inB })).content, /is not in the feed list/);
    assert.ok((await send({ name: 'feeds', subcommand: 'list', ...inA })).content.includes(feed), 'server A lost its feed');
    const poll = await send({ name: 'feeds', subcommand: 'poll', ...inA });
    assert.match(poll.content, /Polled 1 feed\(s\): 2 article\(s\) added, 1 already in the corpus/);
    assert.ok(cites(await ask(inA, 'محصول القمح هذا العام'), testArticles[1]!.slug), 'server A is not answered from its feed');
    assert.ok(!cites(await ask(inB, 'محصول القمح هذا العام'), testArticles[1]!.slug), 'server B is answered from server A’s feed');
    assert.deepEqual(await readdir(corpus), ['weather.txt']);
  });

  it('GIVEN `shared` from a member who is no owner THEN refused; from a bot owner THEN every server reads it', async () => {
    const refused = await send({ name: 'add', options: { url: site.url(`/articles/${testArticles[2]!.slug}`), shared: true }, ...inB });
    assert.match(refused.content, /Only the bot’s owners \(BOT_OWNER_IDS\) can change the shared corpus/);
    assert.match((await send({ name: 'feeds', subcommand: 'add', options: { url: site.url('/atom.xml'), shared: true }, ...inB })).content, /Only the bot’s owners/);
    const byOwner = await send({ name: 'add', options: { url: site.url(`/articles/${testArticles[2]!.slug}`), shared: true }, ...inB, user: OWNER });
    assert.match(allText(byOwner), /Added one article to the shared corpus/);
    for (const where of [inA, inB]) assert.ok(cites(await ask(where, 'الخط الثالث لقطار الأنفاق'), testArticles[2]!.slug), `server ${where.guildId} does not read the shared article`);
    assert.equal((await readdir(corpus)).length, 2);
  });

  it('GIVEN /reindex in a server without articles of its own THEN it says so and the shared corpus is not re-read; in the home server THEN it is', async () => {
    const inC = { ...inB, guildId: SERVER_B.id };
    assert.match((await send({ name: 'reindex', ...inC })).content, /has no articles of its own/);
    assert.match((await send({ name: 'reindex', ...inA })).content, /already up to date|Reindexed/);
    assert.match((await send({ name: 'reindex', guildId: GUILD_ID, user: ANNA, memberPermissions: MANAGE_GUILD })).content, /already up to date|Reindexed/);
  });

  it('GIVEN the FEED_CRON schedule THEN each server’s feeds are polled into that server', async () => {
    await h.bot.runScheduledPoll();
    assert.ok(h.logs.some((l) => new RegExp(`^Server ${SERVER_A.id}: Polled 1 feed`).test(String(l.args[0]))), `no poll of server A's feeds in the log: ${h.logs.map((l) => String(l.args[0])).join(' | ').slice(0, 400)}`);
    assert.ok(existsSync(path.join(config.INDEX_DIR, 'servers', SERVER_A.id, 'articles')), 'server A has no folder of its own');
    assert.ok(!existsSync(path.join(config.INDEX_DIR, 'servers', SERVER_B.id, 'articles')), 'server B got a corpus folder without adding anything');
  });
});

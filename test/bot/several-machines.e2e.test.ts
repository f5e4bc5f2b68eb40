/**
 * Two bot processes as two machines would run them: each from its own copy of the program in a
 * folder of its own (no file shared), each one shard of the bot against the Discord emulator
 * (discord.js's SHARDS and SHARD_COUNT), sharing nothing but one PostgreSQL database. An article
 * added in one process's server is quoted by the other's; a feed polled by both at once is read
 * by one of them, each item saved once; a scheduled briefing is posted once; a process killed
 * (SIGKILL) in the middle of a poll loses nothing, and the other carries on.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DiscordEmulator, shardOfGuild, type InteractionResponseRecord, type JsonObject } from '../support/discord-emulator/index.ts';
import { copyCheckout } from '../support/checkout-copy.ts';
import { articlePage, syntheticArticle, type TestArticle } from '../support/news-site/articles.ts';
import { startNewsSite, type NewsSite } from '../support/news-site/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { finished, outputMatch, startCli, type CliProcess } from './cli-process.ts';
import { ALICE, MANAGE_GUILD } from './harness.ts';

// (guild_id >> 22) % 2: the first server is on shard 0 (process A), the second on shard 1 (process B).
const SERVER_A = { id: '300000000000000001', channel: '300000000000000002' };
const SERVER_B = { id: '310000000000000001', channel: '310000000000000002', briefings: '310000000000000003' };
/** Every 20 seconds: each process tries to post each briefing. */
const BRIEFING_CRON = '*/20 * * * * *';
const BRIEFING_PERIOD_MS = 20_000;

const HARBOUR: TestArticle = {
  slug: 'kotka-harbour',
  title: 'إغلاق ميناء كوتكا أمام سفن الشحن',
  published: '2026-01-05T08:00:00.000Z',
  paragraphs: [
    'أعلنت مديرة ميناء كوتكا، إلينا فارتيانن، إغلاق الميناء أمام سفن الشحن ثلاثة أيام بسبب العاصفة الثلجية.',
    'وقالت فارتيانن إن الرافعات ستعود إلى العمل فور تحسن الطقس، وإن السفن المنتظرة ستدخل بالترتيب.',
  ],
};
/** The feed both processes poll at once, and the slow one a process is killed in the middle of. */
const FEED_ITEMS = [1, 2, 3, 4, 5, 6].map(syntheticArticle);
const SLOW_ITEMS = [21, 22, 23, 24, 25, 26].map(syntheticArticle);

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';

function rss(site: NewsSite, title: string, articles: TestArticle[]): string {
  const items = articles.map((a) => `<item><title>${a.title}</title><link>${site.url(`/articles/${a.slug}`)}</link><pubDate>${new Date(a.published).toUTCString()}</pubDate></item>`);
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title>${items.join('')}</channel></rss>`;
}

function last(responses: InteractionResponseRecord[]): JsonObject {
  return (responses.at(-1)?.data ?? {}) as JsonObject;
}

function embedsOf(responses: InteractionResponseRecord[]): JsonObject[] {
  return (last(responses).embeds as JsonObject[] | undefined) ?? [];
}

/** All of a reply's text: its content and every embed's title and description. */
function textOf(responses: InteractionResponseRecord[]): string {
  return [String(last(responses).content ?? ''), ...embedsOf(responses).flatMap((e) => [String(e.title ?? ''), String(e.description ?? '')])].join('\n');
}

/** When a message was created, from its snowflake id. */
function createdAt(id: string): number {
  return Number((BigInt(id) >> 22n) + 1420070400000n);
}

describe('two bot processes on two machines sharing one PostgreSQL', { skip, timeout: 180_000 }, () => {
  let emulator: DiscordEmulator;
  let site: NewsSite;
  let scratch: string;
  let machineA: string;
  let machineB: string;
  let botA: CliProcess;
  let botB: CliProcess;
  let client: pg.Client;

  const start = (cwd: string, shard: number) =>
    startCli(
      ['start'],
      {
        DATABASE_URL: databaseUrl,
        DISCORD_TOKEN: emulator.token,
        DISCORD_API_BASE: emulator.apiBase,
        // One shard each, as discord.js runs a shard given these (the ShardingManager sets them for its processes).
        SHARDS: String(shard),
        SHARD_COUNT: '2',
        DISCORD_GUILD_ID: SERVER_A.id,
        BOT_OWNER_IDS: ALICE.id,
        FEEDS: site.url('/machines.xml'),
        FETCH_PRIVATE_HOSTS: new URL(site.url('/')).host,
        BRIEFING_CHANNEL_ID: SERVER_B.briefings,
        BRIEFING_CRON,
      },
      { cwd },
    );
  const command = (server: { id: string }, name: string, extra: { options?: Record<string, string | boolean>; subcommand?: string } = {}) =>
    emulator.sendSlashCommand({ name, guildId: server.id, user: ALICE, memberPermissions: MANAGE_GUILD, ...extra });
  const articleCount = async (slugs: string[]) =>
    (await client.query<{ canonical_url: string; n: string }>("SELECT canonical_url, count(*) AS n FROM articles WHERE corpus = 'seeds' AND canonical_url = ANY($1) GROUP BY 1", [slugs.map((slug) => site.url(`/articles/${slug}`))])).rows;

  before(async () => {
    assert.equal(shardOfGuild(SERVER_A.id, 2), 0);
    assert.equal(shardOfGuild(SERVER_B.id, 2), 1);
    scratch = await mkdtemp(path.join(tmpdir(), 'machines-bots-'));
    [machineA, machineB] = await Promise.all([copyCheckout(path.join(scratch, 'machine-a')), copyCheckout(path.join(scratch, 'machine-b'))]);
    site = await startNewsSite();
    site.serve(`/articles/${HARBOUR.slug}`, 'text/html; charset=utf-8', articlePage(HARBOUR));
    site.serve('/machines.xml', 'application/rss+xml', rss(site, 'أخبار الآلات', FEED_ITEMS));
    for (const item of FEED_ITEMS) site.serve(`/articles/${item.slug}`, 'text/html; charset=utf-8', articlePage(item), 200);
    site.serve('/slow-machines.xml', 'application/rss+xml', rss(site, 'أخبار بطيئة', SLOW_ITEMS));
    for (const item of SLOW_ITEMS) site.serve(`/articles/${item.slug}`, 'text/html; charset=utf-8', articlePage(item), 1500);
    emulator = await DiscordEmulator.start({ shards: 2 });
    emulator.addGuild({ id: SERVER_A.id, name: 'Newsroom', channels: [{ id: SERVER_A.channel, name: 'general', type: 0 }] });
    emulator.addGuild({ id: SERVER_B.id, name: 'Desk', channels: [{ id: SERVER_B.channel, name: 'general', type: 0 }, { id: SERVER_B.briefings, name: 'briefings', type: 0 }] });
    emulator.addUser(ALICE);
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    // The first process finds the database empty and fills it from its checkout's seeds/; the second finds it filled.
    botA = start(machineA, 0);
    await outputMatch(botA, /Logged in to Discord as EmulatedBot/, 120_000);
    botB = start(machineB, 1);
    await emulator.waitForReady(120_000).catch((error: Error) => {
      throw new Error(`${error.message}; output A:\n${botA.output()}\noutput B:\n${botB.output()}`);
    });
  });

  after(async () => {
    for (const bot of [botA, botB]) if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await client?.end();
    await emulator?.stop();
    await site?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('starts each process from its own folder, one uploading the seeds, the other finding them in the database', () => {
    assert.match(botA.output(), /Uploaded .*machine-a\/seeds to PostgreSQL .*: 5 new, 0 changed, 0 removed, 0 unchanged file\(s\)\. Indexed \d+ passages from 5 files/);
    assert.match(botB.output(), /Index is up to date: 5 files/);
    assert.doesNotMatch(botB.output(), /Uploaded/, 'the second process uploaded nothing');
    assert.deepEqual(emulator.gateway.shards.map((s) => ({ shard: s.shard, guilds: s.guildIds })), [
      { shard: [0, 2], guilds: [SERVER_A.id] },
      { shard: [1, 2], guilds: [SERVER_B.id] },
    ]);
  });

  it('GIVEN /add in the server of one process THEN /ask in the server of the other quotes the article with its link', async () => {
    const url = site.url(`/articles/${HARBOUR.slug}`);
    const added = await command(SERVER_A, 'add', { options: { url } }).settled({ timeoutMs: 60_000 });
    assert.match(textOf(added), /Added one article to the shared corpus/, textOf(added));
    const answer = await command(SERVER_B, 'ask', { options: { question: 'لماذا أغلقت فارتيانن ميناء كوتكا؟' } }).settled({ timeoutMs: 60_000 });
    const quoting = embedsOf(answer).find((e) => String(e.description).includes('فارتيانن'));
    assert.ok(quoting, `the other process quotes the article: ${textOf(answer)}`);
    assert.equal(quoting.url, url, 'with its link');
    assert.match(String(quoting.description), /\[إغلاق ميناء كوتكا أمام سفن الشحن\]\(/, 'its title, linked');
    assert.match(botB.output(), /Loaded the index saved by another process/);
  });

  it('GIVEN both processes polling the shared feed at once THEN it is read by one at a time and each item is saved once', async () => {
    const [fromA, fromB] = await Promise.all([
      command(SERVER_A, 'feeds', { subcommand: 'poll' }).settled({ timeoutMs: 90_000 }),
      command(SERVER_B, 'feeds', { subcommand: 'poll', options: { shared: true } }).settled({ timeoutMs: 90_000 }),
    ]);
    // Markdown escaped as Discord shows it: "article\(s\)".
    const added = (text: string) => Number(/(\d+) article\\?\(s\\?\) added/.exec(text)?.[1]);
    assert.equal(added(textOf(fromA)) + added(textOf(fromB)), FEED_ITEMS.length, `six added in all:\nA: ${textOf(fromA)}\nB: ${textOf(fromB)}`);
    const rows = await articleCount(FEED_ITEMS.map((a) => a.slug));
    assert.deepEqual(rows.map((r) => Number(r.n)), FEED_ITEMS.map(() => 1), `each item saved once: ${JSON.stringify(rows)}`);
    for (const item of FEED_ITEMS) {
      assert.equal(site.requests.filter((p) => p === `/articles/${item.slug}`).length, 1, `${item.slug} fetched once, by one process`);
    }
    const delivered = await client.query("SELECT 1 FROM feed_items WHERE corpus = 'seeds' AND delivered");
    assert.equal(delivered.rowCount, FEED_ITEMS.length, 'each item recorded as delivered, once');
  });

  it('GIVEN BRIEFING_CRON in both processes THEN each scheduled briefing is posted by one of them, once', async () => {
    const times = (bot: CliProcess, pattern: RegExp) => new Set([...bot.output().matchAll(pattern)].map((m) => m[1]!));
    const posted = /Posted the scheduled briefing of (\S+) to/g;
    const elsewhere = /The scheduled briefing of (\S+) is posted by another bot process/g;
    const deadline = Date.now() + 60_000;
    let shared: string | undefined;
    while (!shared) {
      const [postedA, postedB, leftA, leftB] = [times(botA, posted), times(botB, posted), times(botA, elsewhere), times(botB, elsewhere)];
      shared = [...postedA].find((t) => leftB.has(t)) ?? [...postedB].find((t) => leftA.has(t));
      for (const t of postedA) assert.ok(!postedB.has(t), `the briefing of ${t} was posted by both processes`);
      if (!shared) {
        assert.ok(Date.now() < deadline, `no briefing was handled by both processes within a minute:\nA: ${botA.output()}\nB: ${botB.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const { rows } = await client.query<{ n: string; posted: boolean }>('SELECT count(*) AS n, bool_and(posted_at IS NOT NULL) AS posted FROM briefings WHERE channel_id = $1 AND scheduled_for = $2', [SERVER_B.briefings, shared]);
    assert.deepEqual(rows[0], { n: '1', posted: true }, 'one row, posted');
    const due = Date.parse(shared);
    const firstPages = emulator.channelMessages(SERVER_B.briefings).filter((m) => m.content.includes('Scheduled briefing') && createdAt(m.id) >= due && createdAt(m.id) < due + BRIEFING_PERIOD_MS);
    assert.equal(firstPages.length, 1, `one briefing posted for ${shared}: ${firstPages.map((m) => m.content.slice(0, 60)).join(' | ')}`);
  });

  it('GIVEN one process killed (SIGKILL) in the middle of a poll THEN nothing is lost: the other reads the feed and saves every item once', async () => {
    const feed = site.url('/slow-machines.xml');
    const stored = await command(SERVER_A, 'feeds', { subcommand: 'add', options: { url: feed } }).settled({ timeoutMs: 30_000 });
    assert.match(textOf(stored), /Added the feed/, textOf(stored));
    const listed = await command(SERVER_B, 'feeds', { subcommand: 'list' }).settled({ timeoutMs: 30_000 });
    assert.ok(textOf(listed).includes(feed.replace(/_/g, '\\_')) || textOf(listed).includes(feed), `the other process lists the feed added in the database: ${textOf(listed)}`);

    const fetched = () => site.requests.filter((p) => SLOW_ITEMS.some((a) => p === `/articles/${a.slug}`)).length;
    void command(SERVER_A, 'feeds', { subcommand: 'poll' }).settled({ timeoutMs: 120_000 }).catch(() => undefined);
    const deadline = Date.now() + 60_000;
    while (fetched() < 2) {
      assert.ok(Date.now() < deadline, `process A never started reading the slow feed:\n${botA.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    botA.child.kill('SIGKILL');
    assert.equal(await finished(botA, 10_000), null, 'process A was killed mid-poll');
    assert.ok(fetched() < SLOW_ITEMS.length, `killed before the poll ended (${fetched()} of ${SLOW_ITEMS.length} pages fetched)`);

    const rescued = await command(SERVER_B, 'feeds', { subcommand: 'poll', options: { shared: true } }).settled({ timeoutMs: 120_000 });
    assert.doesNotMatch(textOf(rescued), /being read by another bot process/, `the dead process's lock was let go at once: ${textOf(rescued)}`);
    const rows = await articleCount(SLOW_ITEMS.map((a) => a.slug));
    assert.deepEqual(rows.map((r) => Number(r.n)), SLOW_ITEMS.map(() => 1), `every item of the slow feed saved once: ${JSON.stringify(rows)}\n${textOf(rescued)}`);

    // The other process carries on, and answers from the articles it saved.
    const lastItem = SLOW_ITEMS.at(-1)!;
    const answer = await command(SERVER_B, 'ask', { options: { question: lastItem.paragraphs[0]!.split(' ').slice(0, 8).join(' ') } }).settled({ timeoutMs: 60_000 });
    assert.ok(embedsOf(answer).some((e) => e.url === site.url(`/articles/${lastItem.slug}`)), `answered from ${lastItem.slug}: ${textOf(answer)}`);
  });

  it('GIVEN SIGTERM THEN the remaining process stops gracefully, and neither kept anything on disk', async () => {
    botB.child.kill('SIGTERM');
    assert.equal(await finished(botB, 60_000), 0, botB.output());
    for (const machine of [machineA, machineB]) assert.equal(existsSync(path.join(machine, 'embeddings')), false, `${machine} wrote nothing to its INDEX_DIR`);
  });
});

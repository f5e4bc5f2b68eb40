/**
 * Nothing breaks, nothing leaks: bad input, the `source` option, permissions, rate limits per
 * user and per server, the token in logs, a gateway disconnect with answers in flight, a model
 * that fails to load, and a reindex while questions arrive. The real bot and discord.js client
 * against the emulator; faults are real (a closed socket, a corrupt model file, an HTTP proxy
 * answering 401 or echoing the Authorization header), not mocks.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Events, SlashCommandBuilder } from 'discord.js';
import { PROJECT_ROOT } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { Bot, BotStartError } from '../../src/bot/bot.ts';
import { commands } from '../../src/bot/commands/index.ts';
import type { Command } from '../../src/bot/commands/command.ts';
import { Refusals } from '../../src/search/refusals.ts';
import { limitProblems } from '../support/discord-limits.ts';
import { Replies } from '../../src/bot/replies.ts';
import { DiscordEmulator, type InteractionHandle, isEphemeral, type JsonObject, Permission } from '../support/discord-emulator/index.ts';
import { startFaultyProxy, type FaultyProxy } from './faulty-proxy.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { ALICE, answerTo, BOB, captureLogger, CHANNEL_ID, type E2eEngine, GUILD_ID, type Harness, MANAGE_GUILD, messageBodies, openE2eEngine, startHarness, testConfig, withTimeout } from './harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { observed } from '../support/observed.ts';

const SEED = '000_cb77782f9c145f20.txt';
/** A server where the bot is an administrator: it could ping @everyone if a message let it. */
const ADMIN_GUILD_ID = '300000000000000101';
const ADMIN_CHANNEL_ID = '300000000000000102';
const ROLE_ID = '300000000000000109';
const NO_LIMITS = { rateLimit: { limit: 100_000 }, serverRateLimit: { limit: 100_000 } };

/** An article whose text is full of mention and markdown syntax. */
const MENTIONS_FILE = '005_mentions.txt';
const MENTIONS_ARTICLE = [
  'بيان اللجنة حول الطاقة المتجددة',
  '',
  `قال المتحدث باسم اللجنة @everyone و@here إن الاجتماع حول الطاقة المتجددة كان مثمرا جدا، وشكر <@${BOB.id}> و<@!${ALICE.id}> وفريق <@&${ROLE_ID}> وقناة <#${CHANNEL_ID}> على جهودهم.`,
  '',
  'وأضاف المتحدث أن **النتائج** الخاصة بالطاقة المتجددة ستنشر في `تقرير` خاص و||سري|| قريبا، وأن [الرابط](https://evil.example) غير رسمي.',
  '',
].join('\n');

/** Everything a message shows: content, embed titles, descriptions, fields, footers. */
function shownText(body: JsonObject | undefined): string {
  const embeds = (body?.embeds as JsonObject[] | undefined) ?? [];
  const parts = [String(body?.content ?? '')];
  for (const e of embeds) {
    parts.push(String(e.title ?? ''), String(e.description ?? ''), String((e.footer as JsonObject | undefined)?.text ?? ''));
    for (const f of (e.fields as JsonObject[] | undefined) ?? []) parts.push(String(f.name), String(f.value));
  }
  return parts.join('\n');
}

const STACK_TRACE = /\n\s+at |\bat .+:\d+:\d+|\b(Type|Reference|Range|Syntax)?Error:|node_modules|\.ts:\d+/;
/** Mention syntax that would render as a pill (or ping): @everyone, @here, <@id>, <@!id>, <@&id>, <#id>. */
const LIVE_MENTION = /@(everyone|here)\b|<@[!&]?\d|<#\d/;

/** What every message the bot sent must satisfy: no pings, within Discord's limits, no stack traces, no live mention syntax. */
function assertEverySentMessageSafe(h: Harness): void {
  const bodies = messageBodies(h.emulator);
  assert.ok(bodies.length > 0, `bodies: ${observed(bodies)}`);
  for (const { route, body } of bodies) {
    assert.deepEqual((body.allowed_mentions as JsonObject | undefined)?.parse, [], `${route}: ${JSON.stringify(body.allowed_mentions)}`);
    assert.deepEqual(limitProblems({ content: body.content as string | undefined, embeds: body.embeds as never }), [], route);
    const text = shownText(body);
    assert.doesNotMatch(text, STACK_TRACE, `${route}: ${text.slice(0, 300)}`);
    assert.doesNotMatch(text, LIVE_MENTION, `${route}: ${text.slice(0, 300)}`);
    assert.ok(!text.includes(Replies.error), `${route}: an error reached the user`);
  }
  assert.deepEqual(h.emulator.failedCalls().map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.response)}`), []);
  assert.deepEqual(h.logs.filter((l) => l.type === 'error'), []);
}

/** The messages the bot posted in a channel (not interaction responses) must ping nobody. */
function assertNoPingsIn(h: Harness, channelId: string): void {
  for (const record of h.emulator.channelMessages(channelId)) {
    assert.deepEqual(record.message.mentions, [], record.content);
    assert.deepEqual(record.message.mention_roles, [], record.content);
    assert.equal(record.message.mention_everyone, false, record.content);
  }
}

async function mentionReply(h: Harness, content: string, channelId = CHANNEL_ID, author = ALICE) {
  const guildId = (h.emulator.channel(channelId)?.guild_id as string | undefined) ?? GUILD_ID;
  const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}>${content}`, author, channelId, guildId });
  return answerTo(h.emulator, sent);
}

function finalAnswer(responses: { kind: string; data?: JsonObject }[]): JsonObject {
  const last = responses.at(-1);
  assert.ok(last?.data, `no answer: ${JSON.stringify(responses.map((r) => r.kind))}`);
  return last.data;
}

describe('bad input, mentions and markdown, the source option', { timeout: 60_000 }, () => {
  let h: Harness;
  let engine: Engine;
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'bot-robust-'));
    const corpus = path.join(tmp, 'corpus');
    await cp(path.join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    await writeFile(path.join(corpus, MENTIONS_FILE), MENTIONS_ARTICLE);
    const config = testConfig(path.join(tmp, 'embeddings'), { CORPUS_DIR: corpus });
    engine = await Engine.open({ config, embedder: null, logger: captureLogger().logger });
    h = await startHarness(NO_LIMITS, { engine, config, tmp });
    h.emulator.addGuild({
      id: ADMIN_GUILD_ID,
      name: 'Bot is admin',
      botPermissions: (Permission.Administrator | Permission.MentionEveryone | Permission.SendMessages | Permission.ViewChannel | Permission.EmbedLinks).toString(),
      channels: [{ id: ADMIN_CHANNEL_ID, name: 'admins', type: 0 }],
    });
  });
  after(async () => {
    await h?.close();
    await engine?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  describe('empty questions', () => {
    it('GIVEN a mention with nothing, spaces, punctuation, emoji or invisible characters after it THEN a hint, no search', async () => {
      for (const rest of ['', '    ', ' ?!… ؟؟ ...', ' 🙂🙂 👍', ' \u200b\u200c\u200d\u2060\ufeff', ' \u202e\u2066\u2069', ` <@${h.emulator.botUserId}>`]) {
        const reply = await mentionReply(h, rest);
        assert.equal(reply.content, Replies.emptyMention, JSON.stringify(rest));
        assert.deepEqual(reply.embeds, []);
      }
    });

    it('GIVEN /ask with a question of spaces, punctuation or emoji (Discord only requires the option) THEN a polite refusal only the asker sees, without deferring', async () => {
      for (const question of ['   ', '?!…', '🙂🙂', '\u200b\u202e', '** __ ||']) {
        const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question, public: true }, user: ALICE });
        assert.equal(responses.length, 1);
        assert.equal(responses[0]!.callbackType, 4, 'answered at once');
        assert.equal(isEphemeral(responses[0]!.data), true);
        assert.equal(responses[0]!.data!.content, Refusals.empty());
      }
    });

    it('GIVEN /ask without its required question (a client that ignores the definition) THEN the same polite refusal, not an error', async () => {
      const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: {}, user: ALICE });
      assert.equal(responses[0]!.data!.content, Refusals.empty());
      assert.equal(isEphemeral(responses[0]!.data), true);
    });

    it('GIVEN /quote with an empty speaker and /briefing with an empty topic THEN polite refusals', async () => {
      const quote = await h.emulator.sendSlashCommand({ name: 'quote', options: { speaker: ' … ' }, user: ALICE });
      assert.match(quote[0]!.data!.content as string, /^Give a name to look for, e\.g\. “Ushakov” or “أوشاكوف”/);
      const briefing = await h.emulator.sendSlashCommand({ name: 'briefing', options: { topic: '؟؟' }, user: ALICE });
      assert.match(briefing[0]!.data!.content as string, /^There is nothing to search for in that topic/);
      assert.equal(isEphemeral(briefing[0]!.data), true);
    });
  });

  describe('long questions', () => {
    it('GIVEN a 20,000-character mention THEN refused with the limit stated, and the reply is short', async () => {
      const reply = await mentionReply(h, ` ${'what did Ushakov say about trade and gas '.repeat(500).slice(0, 20_000)}`);
      assert.equal(reply.content, Refusals.tooLong(19_999));
      assert.match(reply.content, /the limit is 1,000 characters/);
      assert.ok(reply.content.length < 300, `reply.content: ${observed(reply.content)}`);
      assert.deepEqual(reply.embeds, []);
    });

    it('GIVEN /ask with 20,000 characters (past Discord’s own 1,000 limit) THEN refused privately with the limit', async () => {
      const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'ت'.repeat(20_000), public: true }, user: ALICE });
      assert.equal(responses[0]!.callbackType, 4);
      assert.equal(isEphemeral(responses[0]!.data), true);
      assert.equal(responses[0]!.data!.content, Refusals.tooLong(20_000));
    });

    it('GIVEN a question of exactly 1,000 characters THEN answered, within every Discord limit', async () => {
      const question = 'What did Ushakov say about trade? '.repeat(40).slice(0, 1000);
      const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question, public: true }, user: ALICE });
      assert.equal(responses[0]!.callbackType, 5);
      const answer = finalAnswer(responses);
      assert.match(answer.content as string, /^\*\*Q:\*\* What did Ushakov say about trade\?/);
      assert.ok((answer.content as string).length <= 2000, `(answer.content as string): ${observed((answer.content as string))}`);
      assert.ok(((answer.embeds as JsonObject[]) ?? []).length > 0, `((answer.embeds as JsonObject[]) ?? []): ${observed(((answer.embeds as JsonObject[]) ?? []))}`);
    });
  });

  describe('invisible characters and markdown', () => {
    it('GIVEN zero-width and bidi control characters inside a question THEN they are ignored: the question is answered and shown without them', async () => {
      const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: '\u202eWhat did Ush\u200bakov\u200f say?\u202c\u2066', public: true }, user: ALICE });
      const answer = finalAnswer(responses);
      assert.equal((answer.content as string).split('\n')[0], '**Q:** What did Ushakov say?');
      assert.ok(shownText(answer).includes('أوشاكوف'), `shownText(answer): ${observed(shownText(answer))}`);
      const reply = await mentionReply(h, ' \u2067ماذا قال\u200c أوشاكوف؟\u2069');
      assert.equal(reply.content.split('\n')[0], '**Q:** ماذا قال أوشاكوف؟');
      assert.ok(reply.embeds.length > 0, `reply.embeds: ${observed(reply.embeds)}`);
    });

    it('GIVEN markdown in a question THEN it shows as typed (escaped), not as formatting or a masked link', async () => {
      const responses = await h.emulator.sendSlashCommand({
        name: 'ask',
        options: { question: '# **What** did _Ushakov_ say? `x` ~~y~~ ||z|| [click](https://evil.example)', public: true },
        user: ALICE,
      });
      const line = (finalAnswer(responses).content as string).split('\n')[0]!;
      assert.equal(line, '**Q:** \\# \\*\\*What\\*\\* did \\_Ushakov\\_ say? \\`x\\` \\~\\~y\\~\\~ \\|\\|z\\|\\| \\[click\\]\\(https://evil.example\\)');
    });

    it('GIVEN markdown and mention syntax in an article THEN the passage shows it escaped and inert', async () => {
      const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'الطاقة المتجددة', public: true }, user: ALICE, guildId: ADMIN_GUILD_ID, channelId: ADMIN_CHANNEL_ID });
      const answer = finalAnswer(responses);
      const text = shownText(answer);
      assert.ok(text.includes('005\\_mentions.txt'), text.slice(0, 500));
      assert.ok(text.includes('@\u200beveryone') && text.includes('@\u200bhere'), `text: ${observed(text)}`);
      // Mention syntax is both escaped (\<, \>) and broken by a zero-width space.
      for (const inert of [`\\<@\u200b${BOB.id}\\>`, `\\<@\u200b!${ALICE.id}\\>`, `\\<@\u200b&${ROLE_ID}\\>`, `\\<#\u200b${CHANNEL_ID}\\>`]) assert.ok(text.includes(inert), `${inert} not shown inert in ${text.slice(0, 400)}`);
      assert.ok(text.includes('\\*\\*النتائج\\*\\*') || text.includes('\\*\\*النتائج'), 'article markdown is escaped');
      assert.ok(text.includes('\\`تقرير\\`') && text.includes('\\|\\|سري\\|\\|') && text.includes('\\[الرابط\\]'), `text: ${observed(text)}`);
      const message = responses.find((r) => r.kind === 'editOriginal')!.message!;
      assert.deepEqual(message.mentions, []);
      assert.deepEqual(message.mention_roles, []);
      assert.equal(message.mention_everyone, false);
    });
  });

  describe('mentions in questions, where the bot could ping everyone', () => {
    const pings = (id: string) => `@everyone @here <@${id}> <@!${id}> <@&${ROLE_ID}> <#${ADMIN_CHANNEL_ID}>`;

    it('GIVEN @everyone, @here, <@id>, <@&role>, <#channel> in a mention THEN the reply pings nobody and shows them inert', async () => {
      const reply = await mentionReply(h, ` ${pings(BOB.id)} what did Ushakov say?`, ADMIN_CHANNEL_ID);
      assert.ok(reply.embeds.length > 0, `reply.embeds: ${observed(reply.embeds)}`);
      assert.deepEqual(reply.allowedMentions, { parse: [], replied_user: false });
      assert.doesNotMatch(reply.content, LIVE_MENTION);
      assert.ok(reply.content.includes('@\u200beveryone'), `reply.content: ${observed(reply.content)}`);
      assertNoPingsIn(h, ADMIN_CHANNEL_ID);
      assertNoPingsIn(h, reply.channelId);
    });

    it('GIVEN them in a public /ask, /quote and /briefing THEN the messages ping nobody', async () => {
      for (const [name, options] of [
        ['ask', { question: `${pings(BOB.id)} what did Ushakov say?`, public: true }],
        ['quote', { speaker: `${pings(BOB.id)}` }],
        ['briefing', { topic: `${pings(BOB.id)} التجارة` }],
      ] as const) {
        const handle = h.emulator.sendSlashCommand({ name, options, user: ALICE, guildId: ADMIN_GUILD_ID, channelId: ADMIN_CHANNEL_ID });
        const responses = await handle;
        const shown = responses.filter((r) => r.message).map((r) => r.message!);
        assert.ok(shown.length > 0, name);
        for (const message of shown) {
          assert.deepEqual(message.mentions, [], name);
          assert.deepEqual(message.mention_roles, [], name);
          assert.equal(message.mention_everyone, false, name);
          assert.doesNotMatch(shownText(message), LIVE_MENTION, name);
        }
      }
    });
  });

  describe('the source option of /ask', () => {
    const outside = ['../../etc/passwd', '/etc/passwd', '..\\..\\windows\\win.ini', `./${SEED}`, `${SEED}/../../../etc/passwd`, `seeds/${SEED}`, path.join(PROJECT_ROOT, 'seeds', SEED), '../seeds', SEED.toUpperCase(), 'nope.txt', ' ', '%2e%2e%2fetc%2fpasswd', `${SEED}\u0000`];

    it('GIVEN a path outside the corpus, an absolute path or an unknown file THEN a clear private refusal, and the engine is never asked', async () => {
      for (const source of outside) {
        const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade', source, public: true }, user: ALICE });
        assert.equal(responses.length, 1, source);
        assert.equal(responses[0]!.callbackType, 4, `${source}: refused before deferring`);
        assert.equal(isEphemeral(responses[0]!.data), true);
        assert.match(responses[0]!.data!.content as string, /^There is no article “.*” in the index\. `source` takes the name of an indexed file: pick one from the list that appears as you type, or see \/sources\.$/s, source);
      }
    });

    it('GIVEN the exact name of an indexed file THEN only passages of that file', async () => {
      const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', source: SEED, public: true }, user: ALICE });
      const embeds = finalAnswer(responses).embeds as JsonObject[];
      assert.ok(embeds.length > 0, `embeds: ${observed(embeds)}`);
      for (const embed of embeds) assert.ok((embed.title as string).includes('000\\_cb77782f9c145f20.txt'), embed.title as string);
    });

    it('GIVEN paths typed into the source autocomplete THEN nothing but indexed file names is ever offered', async () => {
      for (const typed of ['../../etc/passwd', '/etc', '..', 'seeds/']) {
        const responses = await h.emulator.sendAutocomplete({ name: 'ask', focused: 'source', value: typed, options: { question: 'x' }, user: ALICE });
        assert.deepEqual(responses[0]!.data!.choices, [], typed);
      }
      const all = (await h.emulator.sendAutocomplete({ name: 'ask', focused: 'source', value: '', user: ALICE }))[0]!.data!.choices as JsonObject[];
      assert.deepEqual(all.map((c) => c.value).sort(), engine.stats().files.map((f) => f.file).sort());
    });

    it('GIVEN results outside 1-10 (a client ignoring the definition) THEN clamped, not an error', async () => {
      const many = finalAnswer(await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', results: 500 }, user: ALICE }));
      assert.ok((many.embeds as JsonObject[]).length <= 10, `(many.embeds as JsonObject[]): ${observed((many.embeds as JsonObject[]))}`);
      const none = finalAnswer(await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', results: -3 }, user: ALICE }));
      assert.equal((none.embeds as JsonObject[]).length, 1);
    });
  });

  it('every message the bot sent: allowed_mentions.parse = [], within Discord limits, no stack trace, nothing refused by the API, no error logged', () => {
    assertEverySentMessageSafe(h);
    assertNoPingsIn(h, CHANNEL_ID);
    assertNoPingsIn(h, ADMIN_CHANNEL_ID);
  });
});

describe('/reindex when Discord’s permission check is bypassed', { timeout: 30_000 }, () => {
  let h: Harness;
  let shared: E2eEngine;
  before(async () => {
    shared = await openE2eEngine('bot-reindex-perm-');
    h = await startHarness(NO_LIMITS, shared);
  });
  after(async () => {
    await h?.close();
    await shared?.close();
  });

  it('GIVEN the interaction arrives from a member without Manage Server (no permissions at all, or @everyone’s) THEN refused, and nothing is reindexed', async () => {
    const builtAt = shared.engine.stats().builtAt;
    for (const memberPermissions of ['0', undefined, (Permission.ManageMessages | Permission.MentionEveryone).toString()]) {
      const responses = await h.emulator.sendSlashCommand({ name: 'reindex', user: BOB, ...(memberPermissions ? { memberPermissions } : {}) });
      assert.equal(responses.length, 1);
      assert.equal(responses[0]!.callbackType, 4, 'refused before deferring');
      assert.equal(isEphemeral(responses[0]!.data), true);
      assert.equal(responses[0]!.data!.content, 'Only members with the **Manage Server** permission can reindex the articles.');
    }
    assert.equal(shared.engine.stats().builtAt, builtAt);
    assert.ok(!h.logs.some((l) => String(l.args[0]).startsWith('Reindex by')), `h.logs: ${observed(h.logs)}`);
  });

  it('GIVEN /reindex from a DM (the command is guild-only on Discord) THEN refused', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'reindex', user: BOB, guildId: null });
    assert.equal(responses[0]!.data!.content, 'You can only reindex the articles inside a server.');
  });

  it('GIVEN a member with Manage Server, or an administrator THEN it runs', async () => {
    for (const memberPermissions of [MANAGE_GUILD, Permission.Administrator.toString()]) {
      const responses = await h.emulator.sendSlashCommand({ name: 'reindex', user: ALICE, memberPermissions });
      assert.equal(responses[0]!.callbackType, 5);
      assert.match(finalAnswer(responses).content as string, /already up to date/);
    }
    assert.equal(h.logs.filter((l) => String(l.args[0]).startsWith('Reindex by alice')).length, 2);
  });
});

describe('rate limits per user and per server', { timeout: 30_000 }, () => {
  const OTHER_GUILD_ID = '300000000000000201';
  const OTHER_CHANNEL_ID = '300000000000000202';
  const CAROL = { id: '200000000000000044', username: 'carol', global_name: 'Carol' };
  let h: Harness;
  let shared: E2eEngine;
  before(async () => {
    shared = await openE2eEngine('bot-limits-');
    h = await startHarness({ rateLimit: { limit: 2 }, serverRateLimit: { limit: 3 } }, shared);
    h.emulator.addGuild({ id: OTHER_GUILD_ID, name: 'Elsewhere', channels: [{ id: OTHER_CHANNEL_ID, name: 'general', type: 0 }] });
    h.emulator.addUser(CAROL);
  });
  after(async () => {
    await h?.close();
    await shared?.close();
  });

  it('GIVEN a server that used its questions THEN its members are told it is the server limit; other servers still get answers', async () => {
    const ask = (user: typeof ALICE, guildId = GUILD_ID) => h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade' }, user, guildId });
    assert.equal((await ask(ALICE))[0]!.callbackType, 5);
    assert.equal((await ask(ALICE))[0]!.callbackType, 5);
    const mine = await ask(ALICE);
    assert.match(mine[0]!.data!.content as string, /^You're asking faster than I can keep up with \(your limit: 2 questions a minute\)\. Please try again in \d+ s\.$/);
    assert.equal((await ask(BOB))[0]!.callbackType, 5, 'ALICE’s refused question did not use up the server');
    const server = await ask(CAROL);
    assert.equal(server[0]!.callbackType, 4);
    assert.equal(isEphemeral(server[0]!.data), true);
    assert.match(server[0]!.data!.content as string, /^This server is asking faster than I can keep up with \(server limit: 3 questions a minute, shared by everyone here\)\. Please try again in \d+ s\.$/);
    const elsewhere = await ask(CAROL, OTHER_GUILD_ID);
    assert.equal(elsewhere[0]!.callbackType, 5, 'another server is not affected');
    assert.ok((finalAnswer(elsewhere).embeds as JsonObject[]).length > 0, `(finalAnswer(elsewhere).embeds as JsonObject[]): ${observed((finalAnswer(elsewhere).embeds as JsonObject[]))}`);
  });

  it('GIVEN mentions in a server at its limit THEN each member is told once, then the bot stays quiet', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> trade?`, author: BOB, channelId: CHANNEL_ID });
    const told = await answerTo(h.emulator, sent, 5000);
    assert.match(told.content, /^This server is asking faster than I can keep up with \(server limit: 3 questions a minute/);
    const again = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> trade?`, author: BOB, channelId: CHANNEL_ID });
    assert.deepEqual(await h.settled(again.message.id as string), { handled: 'refused', channelId: CHANNEL_ID });
    assert.equal(h.emulator.channelMessages(CHANNEL_ID).filter((m) => m.messageReference?.message_id === again.message.id).length, 0, 'told once only');
    // /help and /sources cost nothing and still answer.
    assert.equal((await h.emulator.sendSlashCommand({ name: 'help', user: BOB }))[0]!.callbackType, 5);
  });
});

describe('the bot token never reaches a log or an error message', { timeout: 60_000 }, () => {
  let shared: E2eEngine;
  before(async () => {
    shared = await openE2eEngine('bot-token-');
  });
  after(async () => {
    await shared?.close();
  });

  /** Logs in through a proxy that answers GET /gateway/bot with `fault`; returns the start error and the logs. */
  async function failedLogin(fault: (authorization: string) => { status: number; body: Record<string, unknown> }) {
    const emulator = await DiscordEmulator.start();
    const proxy = await startFaultyProxy(emulator.baseUrl, (request) => (request.path === '/gateway/bot' ? fault(String(request.headers.authorization)) : undefined));
    const { logger, logs } = captureLogger();
    const bot = new Bot({ config: shared.config, engine: shared.engine, logger, settings: { token: emulator.token, apiBase: proxy.apiBase }, loginTimeoutMs: 10_000 });
    try {
      const error = await withTimeout(bot.start().then(() => null, (e: unknown) => e), 15_000, 'bot.start()');
      return { error, logs, token: emulator.token, proxy };
    } finally {
      await bot.stop();
      await proxy.close();
      await emulator.stop();
    }
  }

  it('GIVEN Discord refuses the token (401) THEN the start error names DISCORD_TOKEN and does not carry the token', async () => {
    const { error, logs, token, proxy } = await failedLogin(() => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } }));
    assert.equal(proxy.faults.length, 1);
    assert.ok(error instanceof BotStartError, `error: ${observed(error)}`);
    assert.equal(error.message, 'DISCORD_TOKEN: Discord refused the token. Copy it again from the Developer Portal (Bot → Reset Token).');
    assert.ok(!inspect(error, { depth: 10 }).includes(token), `inspect(error, { depth: 10 }): ${observed(inspect(error, { depth: 10 }))}`);
    assert.ok(!inspect(logs, { depth: 10 }).includes(token), `inspect(logs, { depth: 10 }): ${observed(inspect(logs, { depth: 10 }))}`);
  });

  it('GIVEN a proxy whose refusal echoes the Authorization header THEN the start error shows [redacted] instead of the token', async () => {
    const { error, token } = await failedLogin((authorization) => ({ status: 400, body: { message: `Proxy refused Authorization: ${authorization}`, code: 0 } }));
    assert.ok(error instanceof BotStartError, `error: ${observed(error)}`);
    assert.match(error.message, /^DISCORD_API_BASE: could not log in through http:\/\/127\.0\.0\.1:\d+\/api: Proxy refused Authorization: Bot \[redacted\]$/);
    assert.ok(!inspect(error, { depth: 10 }).includes(token), inspect(error, { depth: 10 }));
  });

  it('GIVEN errors while running that mention the token (a proxy echoing it, a handler quoting it) THEN the logs show [redacted]', async () => {
    let proxy: FaultyProxy | undefined;
    const leaky: Command = {
      data: new SlashCommandBuilder().setName('leaky').setDescription('Fails, quoting the token'),
      ephemeral: () => true,
      async execute(interaction) {
        throw new Error(`request with token ${interaction.client.token} failed`);
      },
    };
    const h = await startHarness({ ...NO_LIMITS, commands: [...commands, leaky] }, shared, {
      apiBase: async (emulator) => {
        proxy = await startFaultyProxy(emulator.baseUrl, (request) =>
          request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path)
            ? { status: 400, body: { message: `Invalid Form Body (sent with ${String(request.headers.authorization)})`, code: 50035, errors: { auth: String(request.headers.authorization) } } }
            : undefined,
        );
        return proxy.apiBase;
      },
    });
    try {
      const token = h.emulator.token;
      // A mention: its reply, then the apology, are refused by the proxy with the token in the body.
      const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> what did Ushakov say?`, author: ALICE, channelId: CHANNEL_ID });
      assert.equal((await h.settled(sent.message.id as string)).handled, 'failed');
      assert.equal(h.logs.filter((l) => l.type === 'error').length, 2, 'the failed answer and the failed apology');
      assert.equal(proxy!.faults.length, 2);
      const responses = await h.emulator.sendSlashCommand({ name: 'leaky', user: ALICE });
      assert.equal(finalAnswer(responses).content, Replies.error, 'the user gets the polite message');
      const logged = inspect(h.logs, { depth: 12 });
      assert.ok(!logged.includes(token), 'the token is not in the logs');
      assert.ok(!logged.includes(token.split('.')[2]!), 'not even its secret part');
      assert.match(logged, /Invalid Form Body \(sent with Bot \[redacted\]\)/);
      assert.match(logged, /request with token \[redacted\] failed/);
      assert.ok(h.logs.some((l) => l.type === 'error' && String(l.args[0]).startsWith('Answering the message')), 'the failure is logged');
      for (const { body } of messageBodies(h.emulator)) assert.ok(!shownText(body).includes(token), `shownText(body): ${observed(shownText(body))}`);
    } finally {
      await h.close();
      await proxy?.close();
    }
  });

  it('GIVEN `npm start` against a proxy that echoes the token THEN its output shows [redacted], never the token', async () => {
    const emulator = await DiscordEmulator.start();
    const proxy = await startFaultyProxy(emulator.baseUrl, (request) =>
      request.path === '/gateway/bot' ? { status: 400, body: { message: `Proxy refused Authorization: ${String(request.headers.authorization)}`, code: 0 } } : undefined,
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          LOG_LEVEL: 'debug',
          MODEL_DIR: '/nonexistent',
          ALLOW_MODEL_DOWNLOAD: 'false',
          INDEX_DIR: path.join(shared.tmp, 'cli-embeddings'),
          DICTIONARY_PATH: fixtureDictionaryPath(),
          DISCORD_TOKEN: emulator.token,
          DISCORD_API_BASE: proxy.apiBase,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code] = (await withTimeout(once(child, 'exit'), 40_000, `npm start; output so far:\n${output}`).catch((error: unknown) => {
        child.kill('SIGKILL');
        throw error;
      })) as [number | null];
      assert.equal(code, 1, output);
      assert.match(output, /Proxy refused Authorization: Bot \[redacted\]/);
      assert.ok(!output.includes(emulator.token), output);
      assert.ok(!output.includes(emulator.token.split('.')[2]!), output);
    } finally {
      await proxy.close();
      await emulator.stop();
    }
  });
});

/** An engine whose answers wait until the test lets them through: answers "in flight" for as long as needed. */
function gatedEngine(engine: Engine): { engine: Engine; started: () => number; release: () => void; open: () => void } {
  const waiting: (() => void)[] = [];
  let calls = 0;
  let opened = false;
  const gated = Object.create(engine) as Engine;
  gated.ask = async (...args) => {
    calls += 1;
    if (!opened) await new Promise<void>((resolve) => waiting.push(resolve));
    return engine.ask(...args);
  };
  return {
    engine: gated,
    started: () => calls,
    release: () => waiting.shift()?.(),
    open: () => {
      opened = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  await waitFor(check, { timeoutMs: ms, intervalMs: 10, message: what });
}

describe('gateway disconnect while answers are in flight', { timeout: 30_000 }, () => {
  let h: Harness;
  let shared: E2eEngine;
  let gate: ReturnType<typeof gatedEngine>;
  before(async () => {
    shared = await openE2eEngine('bot-disconnect-');
    gate = gatedEngine(shared.engine);
    h = await startHarness(NO_LIMITS, { ...shared, engine: gate.engine });
  });
  after(async () => {
    await h?.close();
    await shared?.close();
  });

  it('GIVEN two /ask deferred before the socket closes (4000) THEN both are answered (one while reconnecting, one after the resume), and later questions too', async () => {
    const ask = (question: string) => h.emulator.sendSlashCommand({ name: 'ask', options: { question, public: true }, user: ALICE });
    const first = ask('What did Ushakov say?');
    const second = ask('ماذا قال أوشاكوف؟');
    await first.waitFor((r) => r.kind === 'callback' && r.callbackType === 5, 3000);
    await second.waitFor((r) => r.kind === 'callback' && r.callbackType === 5, 3000);
    await until(() => gate.started() === 2, 3000, 'both answers in flight');
    const identifies = h.emulator.gateway.stats.identifies;
    const resumes = h.emulator.gateway.stats.resumes;
    const resumed = once(h.bot.client, Events.ShardResume);

    h.emulator.disconnectGateway();
    // REST does not depend on the gateway: the first answer goes out at once.
    gate.release();
    const firstEdit = await first.waitFor((r) => r.kind === 'editOriginal', 5000);
    // A question sent while the socket is down is replayed on RESUME.
    gate.open();
    const during = h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'Who is Igor Sechin?', public: true }, user: BOB });
    await withTimeout(resumed, 10_000, 'discord.js resumed');
    const secondEdit = await second.waitFor((r) => r.kind === 'editOriginal', 5000);

    for (const edit of [firstEdit, secondEdit]) {
      assert.ok((edit.data!.embeds as JsonObject[]).length > 0, `(edit.data!.embeds as JsonObject[]): ${observed((edit.data!.embeds as JsonObject[]))}`);
      assert.ok(shownText(edit.data).includes('أوشاكوف'), `shownText(edit.data): ${observed(shownText(edit.data))}`);
    }
    assert.ok((finalAnswer(await during).embeds as JsonObject[]).length > 0, 'the question sent while down is answered');
    assert.equal(h.emulator.gateway.stats.resumes, resumes + 1);
    assert.equal(h.emulator.gateway.stats.identifies, identifies, 'resumed, not re-identified');

    const later = await ask('How much did trade grow in the first 11 months of 2021?');
    assert.equal(later[0]!.callbackType, 5);
    assert.ok((finalAnswer(later).embeds as JsonObject[]).length > 0, `(finalAnswer(later).embeds as JsonObject[]): ${observed((finalAnswer(later).embeds as JsonObject[]))}`);
    const reply = await mentionReply(h, ' ماذا قال أوشاكوف؟');
    assert.ok(reply.embeds.length > 0, `reply.embeds: ${observed(reply.embeds)}`);
    assertEverySentMessageSafe(h);
  });
});

describe('the embedding model fails to load', { timeout: 60_000 }, () => {
  let h: Harness;
  let engine: Engine;
  let tmp: string;
  const engineLogs = captureLogger();
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'bot-no-model-'));
    // A model folder with every file present but unreadable: the runtime really fails to load it.
    const modelDir = path.join(tmp, 'broken-model');
    await mkdir(path.join(modelDir, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      await writeFile(path.join(modelDir, file), 'not what the name says\u0000\u0001');
    }
    const config = testConfig(path.join(tmp, 'embeddings'), { MODEL_DIR: modelDir, ALLOW_MODEL_DOWNLOAD: 'false' });
    engine = await Engine.open({ config, embedder: 'auto', logger: engineLogs.logger });
    h = await startHarness(NO_LIMITS, { engine, config, tmp });
  });
  after(async () => {
    await h?.close();
    await engine?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('GIVEN a corrupt model THEN the engine warns once with the reason, the bot says once that it runs lexical-only, and answers', async () => {
    assert.equal(engine.dense, false);
    const warnings = engineLogs.logs.filter((l) => l.type === 'warn' && /^No embedding model \(/.test(String(l.args[0])));
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]!.args[0]), /broken-model/);
    // A new session (READY again) does not repeat it.
    h.emulator.disconnectGateway('invalidate');
    await h.emulator.waitForReady(10_000);
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?' }, user: ALICE });
    const answer = finalAnswer(responses);
    assert.ok((answer.embeds as JsonObject[]).length > 0, `(answer.embeds as JsonObject[]): ${observed((answer.embeds as JsonObject[]))}`);
    assert.match(String(((answer.embeds as JsonObject[]).at(-1)!.footer as JsonObject | undefined)?.text), /word matching only/);
    const said = h.logs.filter((l) => /lexical-only/.test(l.args.map(String).join(' ')));
    assert.equal(said.length, 1, inspect(said));
    assert.equal(said[0]!.type, 'info');
    assert.equal(String(said[0]!.args[0]), 'Answers use word matching only (lexical-only): no embedding model is loaded.');
  });
});

describe('reindex while questions arrive', { timeout: 60_000 }, () => {
  let h: Harness;
  let engine: Engine;
  let tmp: string;
  let corpus: string;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'bot-reindex-load-'));
    corpus = path.join(tmp, 'corpus');
    await cp(path.join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    const config = testConfig(path.join(tmp, 'embeddings'), { CORPUS_DIR: corpus });
    engine = await Engine.open({ config, embedder: null, logger: captureLogger().logger });
    h = await startHarness(NO_LIMITS, { engine, config, tmp });
  });
  after(async () => {
    await h?.close();
    await engine?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('GIVEN /reindex of a changed corpus and /ask at the same time THEN every question is answered with passages, and the new article is searchable after', async () => {
    await writeFile(path.join(corpus, '005_new.txt'), 'عنوان جديد عن خط أنابيب الهيدروجين\n\nوقال يوري أوشاكوف إن خط أنابيب الهيدروجين سيكتمل بحلول عام 2031.\n');
    const questions = ['What did Ushakov say?', 'ماذا قال أوشاكوف؟', 'How much did trade grow in the first 11 months of 2021?', 'What did Putin say to CGTN?', 'Who is Igor Sechin?', 'What did Xi Jinping say?', 'قوة سيبيريا', 'التجارة'];
    const asks: InteractionHandle[] = [];
    const reindex = h.emulator.sendSlashCommand({ name: 'reindex', user: ALICE, memberPermissions: MANAGE_GUILD });
    for (const [i, question] of questions.entries()) asks.push(h.emulator.sendSlashCommand({ name: 'ask', options: { question }, user: i % 2 ? ALICE : BOB }));
    const more = h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?' }, user: BOB });
    const results = await Promise.all([...asks, more].map((handle) => handle.settled({ timeoutMs: 20_000 })));
    for (const [i, responses] of results.entries()) {
      assert.equal(responses[0]!.callbackType, 5, `question ${i} deferred`);
      const embeds = (finalAnswer(responses).embeds as JsonObject[]) ?? [];
      assert.ok(embeds.length > 0, `question ${i} (${questions[i] ?? 'more'}) answered with passages: ${finalAnswer(responses).content}`);
    }
    assert.match(finalAnswer(await reindex.settled({ timeoutMs: 20_000 })).content as string, /^Reindexed \([\d.]+ s\): \d+ passages; 1 added, 0 changed, 0 removed, 5 unchanged file\(s\)\./);
    const after = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'خط أنابيب الهيدروجين', public: true }, user: BOB });
    assert.ok(shownText(finalAnswer(after)).includes('005\\_new.txt'), `shownText(finalAnswer(after)): ${observed(shownText(finalAnswer(after)))}`);
    assertEverySentMessageSafe(h);
  });
});

/**
 * Behaviour around the answers, with the real client and the emulator: the rate limit, errors
 * inside handlers, the scheduled briefing (cron) with new articles marked, and thread replies.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SlashCommandBuilder } from 'discord.js';
import { PROJECT_ROOT, type Config } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { commands } from '../../src/bot/commands/index.ts';
import type { Command } from '../../src/bot/commands/command.ts';
import { MessageFlags, type JsonObject } from '../support/discord-emulator/index.ts';
import { ALICE, answerTo, BOB, BRIEFING_CHANNEL_ID, CHANNEL_ID, captureLogger, messageBodies, openTestEngine, startHarness, testConfig, type Harness } from './harness.ts';

function isEphemeral(data: JsonObject | undefined): boolean {
  return (Number(data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

function assertNoPings(h: Harness): void {
  for (const { route, body } of messageBodies(h.emulator)) assert.deepEqual((body.allowed_mentions as JsonObject | undefined)?.parse, [], route);
}

let shared: { engine: Engine; config: Config; tmp: string };

before(async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), 'bot-behaviour-'));
  shared = { ...(await openTestEngine(path.join(tmp, 'embeddings'))), tmp };
});

after(async () => {
  await shared.engine.close();
  await rm(shared.tmp, { recursive: true, force: true });
});

describe('per-user rate limit', { timeout: 30_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimit: { limit: 2, windowMs: 60_000 } }, shared);
  });
  after(async () => h?.close());

  it('GIVEN a third question within the window THEN a clear ephemeral message, and other users still get answers', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade' }, user: ALICE }))[0]?.callbackType, 5);
    const refused = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade' }, user: ALICE });
    assert.equal(refused.length, 1);
    assert.equal(refused[0]?.callbackType, 4);
    assert.equal(isEphemeral(refused[0]?.data), true);
    assert.match(refused[0]!.data!.content as string, /^You're asking faster than I can keep up with \(your limit: 2 questions a minute\)\. Please try again in \d+ s\.$/);
    assert.equal((await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade' }, user: BOB }))[0]?.callbackType, 5);
  });

  it('GIVEN a limited user THEN /help and /sources still answer: they cost nothing and are not counted', async () => {
    for (const name of ['help', 'sources']) {
      const responses = await h.emulator.sendSlashCommand({ name, user: ALICE });
      assert.equal(responses[0]?.callbackType, 5, name);
      assert.equal((responses.at(-1)!.data!.embeds as JsonObject[]).length, 1, name);
    }
  });

  it('GIVEN mentions over the limit THEN says so once, then stays quiet', async () => {
    const ask = (text: string) => h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> ${text}`, author: BOB, channelId: CHANNEL_ID });
    // BOB used one question above.
    const second = await ask('trade');
    const answered = await answerTo(h.emulator, second, 5000);
    assert.ok(answered.embeds.length > 0, `an answer: ${answered.content}`);
    const third = await ask('trade');
    assert.match((await answerTo(h.emulator, third, 5000)).content, /You're asking faster than I can keep up with/);
    const fourth = await ask('trade');
    assert.deepEqual(await h.settled(fourth.message.id as string), { handled: 'refused', channelId: CHANNEL_ID });
    const id = fourth.message.id as string;
    assert.equal(h.emulator.channelMessages(CHANNEL_ID).filter((m) => m.messageReference?.message_id === id).length + h.emulator.channelMessages(id).length, 0, 'nothing said');
    assertNoPings(h);
  });
});

describe('errors inside handlers', { timeout: 30_000 }, () => {
  let h: Harness;
  const boom = (name: string, ephemeral: boolean): Command => ({
    data: new SlashCommandBuilder().setName(name).setDescription('Fails on purpose'),
    ephemeral: () => ephemeral,
    async execute() {
      throw new Error(`${name} exploded`);
    },
  });
  before(async () => {
    // The engine fails for mentions; two commands fail after deferring (one public, one private).
    const failing = Object.create(shared.engine) as Engine;
    failing.ask = async () => {
      throw new Error('engine exploded');
    };
    h = await startHarness({ commands: [...commands, boom('boom', false), boom('quietboom', true)], rateLimit: { limit: 1000 } }, { ...shared, engine: failing });
  });
  after(async () => h?.close());

  it('GIVEN a public command that throws after deferring THEN the placeholder goes and a polite ephemeral message follows; the stack is logged', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'boom', user: ALICE }).settled({ quietMs: 200 });
    assert.deepEqual(responses.map((r) => r.kind), ['callback', 'deleteOriginal', 'followup']);
    const followup = responses[2]!;
    assert.equal(isEphemeral(followup.data), true);
    assert.equal(followup.data!.content, 'Sorry, something went wrong while answering. It has been logged; please try again in a moment.');
    const logged = h.logs.find((l) => l.type === 'error' && String(l.args[0]).startsWith('Interaction /boom'));
    assert.ok(logged, 'expected logged');
    assert.ok(logged.args.some((a) => a instanceof Error && a.stack?.includes('boom exploded')), 'expected logged.args.some((a) => a instanceof Error && a.stack?.includes(\'boom exploded\'))');
  });

  it('GIVEN a private command that throws THEN its deferred reply becomes the polite message', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'quietboom', user: ALICE }).settled({ quietMs: 200 });
    assert.deepEqual(responses.map((r) => r.kind), ['callback', 'editOriginal']);
    assert.match(responses[1]!.data!.content as string, /^Sorry, something went wrong/);
  });

  it('GIVEN the engine fails on /ask THEN the same polite message', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade' }, user: ALICE }).settled({ quietMs: 200 });
    assert.match(responses.at(-1)!.data!.content as string, /^Sorry, something went wrong/);
  });

  it('GIVEN the engine fails on a mention THEN a polite reply, the error logged', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> trade?`, author: ALICE, channelId: CHANNEL_ID });
    const reply = await answerTo(h.emulator, sent, 5000);
    assert.match(reply.content, /^Sorry, something went wrong/);
    assert.ok(h.logs.some((l) => l.type === 'error' && l.args.some((a) => a instanceof Error && a.message === 'engine exploded')), 'expected h.logs.some((l) => l.type === \'error\' && l.args.some((a) => a instanceof Error && a.message === \'engine exploded\'))');
    assertNoPings(h);
  });
});

describe('scheduled briefing', { timeout: 40_000 }, () => {
  let h: Harness;
  let corpus: string;
  let engine: Engine;
  before(async () => {
    // A corpus of its own, so a new article can be added.
    corpus = path.join(shared.tmp, 'corpus');
    await cp(path.join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    const config = testConfig(path.join(shared.tmp, 'embeddings-briefing'), { CORPUS_DIR: corpus });
    engine = await Engine.open({ config, embedder: null, logger: captureLogger().logger });
    h = await startHarness(
      { settings: { token: '', briefing: { channelId: BRIEFING_CHANNEL_ID, cron: '* * * * * *' } }, briefingStateFile: path.join(shared.tmp, 'briefing.json') },
      { engine, config, tmp: shared.tmp },
    );
  });
  after(async () => {
    await h?.close();
    await engine?.close();
  });

  it('GIVEN BRIEFING_CRON THEN posts the digest to BRIEFING_CHANNEL_ID and records when', async () => {
    const first = await h.emulator.waitForChannelMessage(BRIEFING_CHANNEL_ID, (m) => m.content.includes('Scheduled briefing'), 10_000);
    assert.match(first.content, /^\*\*Scheduled briefing\*\* — quotes copied verbatim from the articles\. First briefing\./);
    assert.ok(first.embeds.some((e) => e.title === 'Who said what'), 'expected first.embeds.some((e) => e.title === \'Who said what\')');
    // The time is recorded once every page is posted.
    const deadline = Date.now() + 5000;
    let state: { lastBriefingAt?: string } = {};
    while (!state.lastBriefingAt && Date.now() < deadline) {
      state = JSON.parse(await readFile(path.join(shared.tmp, 'briefing.json'), 'utf8').catch(() => '{}')) as typeof state;
      if (!state.lastBriefingAt) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(Date.parse(state.lastBriefingAt ?? '') > 0, 'expected Date.parse(state.lastBriefingAt ?? \'\') > 0');
  });

  it('GIVEN an article added after a briefing THEN the next one marks it new', async () => {
    await writeFile(path.join(corpus, '005_new.txt'), 'عنوان جديد عن التجارة\n\nوقال يوري أوشاكوف إن التجارة زادت بنسبة 40٪ هذا العام.\n');
    const marked = await h.emulator.waitForChannelMessage(BRIEFING_CHANNEL_ID, (m) => /1 article\(s\) new since the last briefing/.test(m.content), 15_000);
    assert.match(marked.content, /marked 🆕/);
    const sources = await h.emulator.waitForChannelMessage(
      BRIEFING_CHANNEL_ID,
      (m) => BigInt(m.id) >= BigInt(marked.id) && m.embeds.some((e) => String(e.title).startsWith('Sources') && String(e.description).includes('🆕 **005\\_new.txt**')),
      5000,
    );
    const listed = sources.embeds.filter((e) => String(e.title).startsWith('Sources')).map((e) => String(e.description)).join('\n');
    assert.equal(listed.match(/🆕/g)?.length, 1, 'only the new article is marked');
    assertNoPings(h);
  });
});

describe('mentions answered in threads', { timeout: 30_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ mentions: { threads: true } }, shared);
  });
  after(async () => h?.close());

  it('GIVEN threads on THEN the answer goes into a thread started from the question', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> ماذا قال أوشاكوف؟`, author: ALICE, channelId: CHANNEL_ID });
    const created = h.emulator.calls.find((c) => c.route === 'POST /channels/:channelId/messages/:messageId/threads');
    const deadline = Date.now() + 5000;
    let threadId: string | undefined = (created?.response as JsonObject | undefined)?.id as string | undefined;
    while (!threadId && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      threadId = (h.emulator.calls.find((c) => c.route === 'POST /channels/:channelId/messages/:messageId/threads')?.response as JsonObject | undefined)?.id as string | undefined;
    }
    assert.ok(threadId, 'a thread was started');
    assert.equal(h.emulator.channel(threadId)?.parent_id, CHANNEL_ID);
    assert.equal(h.emulator.channel(threadId)?.name, 'ماذا قال أوشاكوف؟');
    const answer = await h.emulator.waitForChannelMessage(threadId, () => true, 5000);
    assert.ok(answer.embeds.some((e) => String(e.description).includes('أوشاكوف')), 'expected answer.embeds.some((e) => String(e.description).includes(\'أوشاكوف\'))');
    assert.deepEqual(answer.allowedMentions, { parse: [], replied_user: false });
    assert.ok(sent.delivered, 'expected sent.delivered');
  });
});

/**
 * A team's conversation with the bot through the Discord emulator and the real discord.js client:
 * a mention answered in a thread (with 🔎 while it is answered), follow-ups in the thread without
 * a mention, read against the thread's speaker, topic and passages, also after a restart of the
 * bot; what the bot leaves alone; and an error told in the thread.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../../src/config.ts';
import { IndexStoreUnavailable, type Engine } from '../../../src/engine.ts';
import { PostgresTeamStore } from '../../../src/team/postgres-team-store.ts';
import type { JsonObject, RecordedMessage } from '../../support/discord-emulator/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';
import { ALICE, answerTo, BOB, CHANNEL_ID, openTestEngine, startHarness, type Harness } from '../harness.ts';

const SEEDS_USHAKOV_QUOTES = 10;

/** "1. 000\\_cb77….txt · line 7" -> "000_cb77….txt · line 7": what identifies a passage shown. */
function shownPassages(message: RecordedMessage | JsonObject): string[] {
  const embeds = (message.embeds ?? []) as JsonObject[];
  return embeds.map((e) => String(e.title).replace(/^\d+\. /, '').replaceAll('\\', ''));
}

/** Text as a reader sees it: without the backslashes that escape markdown. */
function plain(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function buttonLabels(message: RecordedMessage): string[] {
  return message.components.flatMap((row) => (row.components as JsonObject[]).map((c) => String(c.label)));
}

let shared: { engine: Engine; config: Config; tmp: string };

before(async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), 'conversation-'));
  shared = { ...(await openTestEngine(path.join(tmp, 'embeddings'))), tmp };
});

after(async () => {
  await shared.engine.close();
  await rm(shared.tmp, { recursive: true, force: true });
});

describe('a mention answered in a thread, and follow-ups in it', { timeout: 120_000 }, () => {
  let h: Harness;
  let threadId: string;
  let first: RecordedMessage;
  /** Sends a message in the thread (no mention) and returns the bot's reply to it there. */
  const followUp = async (content: string, author = ALICE) => {
    const sent = await h.emulator.sendMessage({ content, author, channelId: threadId });
    const outcome = await h.settled(sent.message.id as string);
    assert.equal(outcome.handled, 'answered', `${content}: ${JSON.stringify(outcome)}`);
    return answerTo(h.emulator, sent);
  };

  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
  });
  after(async () => h?.close());

  it('GIVEN a mention in a channel THEN 🔎 while it is answered, then the answer in a thread started from it, with the feedback buttons', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> What did Ushakov say?`, author: ALICE, channelId: CHANNEL_ID });
    first = await answerTo(h.emulator, sent);
    threadId = sent.message.id as string;
    const thread = h.emulator.channel(threadId)!;
    assert.deepEqual([first.channelId, thread.parent_id, thread.owner_id, thread.name], [threadId, CHANNEL_ID, h.emulator.botUserId, 'What did Ushakov say?']);
    assert.equal((await h.settled(threadId)).handled, 'answered');
    const signal = h.emulator.reactionLog.filter((r) => r.messageId === threadId);
    assert.deepEqual(signal.map((r) => [r.emoji, r.added]), [['🔎', true], ['🔎', false]], 'added, then removed');
    const answered = h.emulator.calls.find((c) => c.route === 'POST /channels/:channelId/messages' && c.path.includes(threadId))!;
    assert.ok(signal[0]!.at <= answered.at && signal[1]!.at >= answered.at, 'the 🔎 is on while the answer is written');
    assert.deepEqual(h.emulator.message(threadId)?.reactions, [], 'no reaction left');
    assert.match(plain(first.content), /^\*\*Q:\*\* What did Ushakov say\?\n10 passage\(s\) quoting Yuri Ushakov/);
    assert.match(first.content, /There is more: ask “what else\?” here/);
    assert.equal(shownPassages(first).length, 4, 'the first page of five passages');
    assert.deepEqual(buttonLabels(first).slice(-3), ['👍', '👎', 'Ask a colleague']);
  });

  const allShown = (message: RecordedMessage) => {
    // Five passages: four on the first page; the fifth is on the next page of the session.
    const session = h.bot.context.sessions.forAnswer(String(message.components.at(-1)!.components[0].custom_id).split(':')[1]!);
    return session ? session.paged.pages.flatMap((page) => shownPassages(page as unknown as JsonObject)) : shownPassages(message);
  };

  it('GIVEN "what else did he say?" THEN Ushakov’s quotes not yet shown', async () => {
    const before = allShown(first);
    assert.equal(before.length, 5);
    const reply = await followUp('what else did he say?');
    assert.match(reply.content, /^\*\*Q:\*\* what else did he say\?\n\*Read as:\* what did Yuri Ushakov say\?/);
    const now = allShown(reply);
    assert.equal(now.length, SEEDS_USHAKOV_QUOTES - 5, 'the other five quotes');
    assert.deepEqual(now.filter((p) => before.includes(p)), [], 'none shown again');
    assert.ok(reply.embeds.every((e) => String(e.description).includes('أوشاكوف') || String(e.description).includes('**')), 'quotes of his');
  });

  it('GIVEN "and about gas?" THEN the speaker is carried and gas is the topic', async () => {
    const reply = await followUp('and about gas?');
    assert.match(reply.content, /\*Read as:\* what did Yuri Ushakov say about gas\?/);
    assert.match(reply.content, /quoting Yuri Ushakov .*those about “gas” first/);
    assert.ok(String(reply.embeds[0]!.description).includes('غاز'), `his quote on gas first: ${reply.embeds[0]!.description}`);
  });

  it('GIVEN "more like #2" THEN passages like the second one shown, not itself', async () => {
    const previous = (await h.bot.context.team.thread(h.config.DISCORD_GUILD_ID!, threadId))!.turns.at(-1)!;
    const second = previous.passages[1]!;
    const reply = await followUp('more like #2');
    assert.ok(plain(reply.content).includes(`like #2 (${second.file} · line ${second.lineStart}`), reply.content);
    const shown = shownPassages(reply);
    assert.ok(shown.length > 0, reply.content);
    assert.ok(!shown.some((title) => title.startsWith(`${second.file} · line ${second.lineStart}`)), `#2 is not like itself: ${shown.join(' | ')}`);
  });

  it('GIVEN "show the whole article of #3" THEN every passage of that article, in order', async () => {
    const previous = (await h.bot.context.team.thread(h.config.DISCORD_GUILD_ID!, threadId))!.turns.at(-1)!;
    const third = previous.passages[2]!;
    const reply = await followUp('show the whole article of #3');
    const article = shared.engine.index.passages.filter((p) => p.file === third.file);
    assert.ok(plain(reply.content).includes(`The whole article of #3, ${third.file}: ${article.length} passage(s), in order.`), reply.content);
    const lines = allShown(reply).map((title) => Number(/line (\d+)/.exec(title)?.[1]));
    assert.deepEqual(lines, article.map((p) => p.lineStart).sort((a, b) => a - b));
  });

  it('GIVEN "ماذا قال أيضاً؟" THEN Arabic, with the thread’s speaker', async () => {
    const reply = await followUp('ماذا قال أيضاً؟');
    assert.match(reply.content, /\*Read as:\* ماذا قال يوري أوشاكوف؟/);
  });

  it('GIVEN a restart of the bot THEN a follow-up in the thread still resolves against it', async () => {
    await h.restart();
    const reply = await followUp('and about gas?', BOB);
    assert.match(reply.content, /\*Read as:\* what did Yuri Ushakov say about gas\?/);
  });

  it('GIVEN talk between members in the thread, or a bot’s message THEN the bot stays out of it', async () => {
    const toBob = await h.emulator.sendMessage({ content: `<@${BOB.id}> can you check #2?`, author: ALICE, channelId: threadId });
    assert.deepEqual(await h.settled(toBob.message.id as string), { handled: 'ignored', why: 'a message to someone else in the bot’s thread' });
    const fromBot = await h.emulator.sendMessage({ content: 'what else did he say?', author: { id: '200000000000000099', username: 'otherbot', bot: true }, channelId: threadId });
    assert.equal((await h.settled(fromBot.message.id as string)).handled, 'ignored');
    const replies = h.emulator.channelMessages(threadId).filter((m) => [toBob.message.id, fromBot.message.id].includes(m.messageReference?.message_id));
    assert.deepEqual(replies, []);
  });

  it('GIVEN a thread members started THEN only a mention there is answered, in it', async () => {
    const starter = await h.emulator.sendMessage({ content: 'lunch?', author: BOB, channelId: CHANNEL_ID });
    const thread = h.emulator.createThread({ channelId: CHANNEL_ID, name: 'lunch', owner: BOB, starterMessageId: starter.message.id as string });
    const chatter = await h.emulator.sendMessage({ content: 'what did Putin say?', author: ALICE, channelId: thread.id as string });
    assert.deepEqual(await h.settled(chatter.message.id as string), { handled: 'ignored', why: 'not addressed to the bot' });
    const asked = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> what did Putin say?`, author: ALICE, channelId: thread.id as string });
    const reply = await answerTo(h.emulator, asked);
    assert.equal(reply.channelId, thread.id);
    assert.match(reply.content, /quoting Vladimir Putin/);
  });
});

describe('an answer that fails', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    const failing = Object.create(shared.engine) as Engine;
    failing.ask = async () => {
      throw new IndexStoreUnavailable('Questions need the index database, which cannot be read now (connection refused).');
    };
    h = await startHarness({}, { ...shared, engine: failing });
  });
  after(async () => h?.close());

  it('GIVEN the index database away THEN the thread says what happened, the error is logged, and the 🔎 is removed', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> what did Putin say?`, author: ALICE, channelId: CHANNEL_ID });
    const told = await answerTo(h.emulator, sent);
    assert.equal((await h.settled(sent.message.id as string)).handled, 'failed');
    assert.match(told.content, /^Sorry, I could not answer: the articles’ index cannot be read right now \(its database is unreachable\)/);
    assert.doesNotMatch(told.content, /connection refused/, 'details stay in the log');
    assert.ok(h.logs.some((l) => l.type === 'error' && l.args.some((a) => a instanceof IndexStoreUnavailable)), 'logged with its cause');
    assert.deepEqual(
      h.emulator.reactionLog.filter((r) => r.messageId === sent.message.id).map((r) => r.added),
      [true, false],
    );
  });
});

describe('follow-ups and the rate limits', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimit: { limit: 2, windowMs: 60_000 } }, shared);
  });
  after(async () => h?.close());

  it('GIVEN a mention and follow-ups past the asker’s limit THEN follow-ups count as questions: told once, then quiet', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> What did Ushakov say?`, author: BOB, channelId: CHANNEL_ID });
    await answerTo(h.emulator, sent);
    const threadId = sent.message.id as string;
    const second = await h.emulator.sendMessage({ content: 'what else did he say?', author: BOB, channelId: threadId });
    assert.equal((await h.settled(second.message.id as string)).handled, 'answered');
    const third = await h.emulator.sendMessage({ content: 'and about gas?', author: BOB, channelId: threadId });
    assert.match((await answerTo(h.emulator, third)).content, /^You're asking faster than I can keep up with \(your limit: 2 questions a minute\)/);
    const fourth = await h.emulator.sendMessage({ content: 'and about trade?', author: BOB, channelId: threadId });
    assert.deepEqual(await h.settled(fourth.message.id as string), { handled: 'refused', channelId: threadId });
    assert.equal(h.emulator.channelMessages(threadId).filter((m) => m.messageReference?.message_id === fourth.message.id).length, 0);
  });
});

const database: TestDatabase = await createTestDatabase();

describe('thread conversations in PostgreSQL (bots on several machines)', { timeout: 120_000, skip: 'skip' in database ? database.skip : false }, () => {
  let h: Harness;
  before(async () => {
    // Each bot (and each restart) opens its own connection: nothing is shared but the database.
    h = await startHarness({ rateLimit: { limit: 100 } }, shared, { team: () => PostgresTeamStore.open((database as { url: string }).url) });
  });
  after(async () => {
    await h?.close();
    if ('url' in database) await database.drop();
  });

  it('GIVEN a thread answered by one bot process THEN another (a restart) resolves its follow-ups from the database', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> ماذا قال أوشاكوف؟`, author: ALICE, channelId: CHANNEL_ID });
    await answerTo(h.emulator, sent);
    await h.restart();
    const followUp = await h.emulator.sendMessage({ content: 'وماذا عن الغاز؟', author: ALICE, channelId: sent.message.id as string });
    const reply = await answerTo(h.emulator, followUp);
    assert.match(reply.content, /\*Read as:\* ماذا قال يوري أوشاكوف عن الغاز؟/);
  });
});

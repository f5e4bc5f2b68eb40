/**
 * The real bot and discord.js client against the local Discord emulator, over the real engine
 * (seeds/, lexical-only): every command, autocomplete, page buttons, mentions, refusals.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config.ts';
import type { Engine } from '../../src/engine.ts';
import { MessageFlags, type JsonObject } from '../support/discord-emulator/index.ts';
import { ALICE, answerTo, BOB, CHANNEL_ID, GUILD_ID, MANAGE_GUILD, messageBodies, openTestEngine, startHarness, type Harness } from './harness.ts';

const SEED_FILES = ['000_cb77782f9c145f20.txt', '001_a9c5494012be9a72.txt', '002_02857b5b3c3f65ff.txt', '003_e1704f5e1c1310a5.txt', '004_7f546b9a39fe931a.txt'];

function isEphemeral(data: JsonObject | undefined): boolean {
  return ((Number(data?.flags ?? 0)) & MessageFlags.Ephemeral) !== 0;
}

function buttons(message: JsonObject | undefined): JsonObject[] {
  return ((message?.components as JsonObject[] | undefined) ?? []).flatMap((row) => row.components as JsonObject[]);
}

function button(message: JsonObject | undefined, label: string): JsonObject {
  const found = buttons(message).find((b) => b.label === label);
  assert.ok(found, `button ${label} in ${JSON.stringify(buttons(message).map((b) => b.label))}`);
  return found;
}

function embedText(embeds: JsonObject[] | undefined): string {
  return (embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${((e.fields as JsonObject[] | undefined) ?? []).map((f) => `${f.name}: ${f.value}`).join('\n')}`).join('\n');
}

let shared: { engine: Engine; config: Config; tmp: string };

before(async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), 'bot-e2e-'));
  shared = { ...(await openTestEngine(path.join(tmp, 'embeddings'))), tmp };
});

after(async () => {
  await shared.engine.close();
  await rm(shared.tmp, { recursive: true, force: true });
});

describe('the bot against the Discord emulator', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    // The rate limit has its own tests below; here every test asks freely.
    h = await startHarness({ rateLimit: { limit: 1000 } }, shared);
  });
  after(async () => h?.close());

  it('registers its ten commands to the guild; /reindex, /settings and /feedback need Manage Server', () => {
    const registered = h.emulator.registeredCommands(GUILD_ID);
    assert.deepEqual(registered.map((c) => c.name), ['ask', 'quote', 'sources', 'briefing', 'add', 'feeds', 'reindex', 'settings', 'feedback', 'help']);
    for (const name of ['reindex', 'settings', 'feedback']) assert.equal(registered.find((c) => c.name === name)?.default_member_permissions, String(1 << 5), name);
  });

  it('/ask "What did Ushakov say?" defers, then quotes أوشاكوف passages with their files and lines', async () => {
    const handle = h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', public: true }, user: ALICE, channelId: CHANNEL_ID });
    const responses = await handle;
    assert.equal(responses[0]?.callbackType, 5, 'deferred first');
    assert.equal(isEphemeral(responses[0]?.data), false, 'public: true');
    const edit = responses.find((r) => r.kind === 'editOriginal')!;
    const embeds = edit.data!.embeds as JsonObject[];
    assert.ok(embeds.length >= 1 && embeds.length <= 10, 'expected embeds.length >= 1 && embeds.length <= 10');
    assert.match(edit.data!.content as string, /^\*\*Q:\*\* What did Ushakov say\?/);
    for (const embed of embeds) {
      assert.match(embed.title as string, /^\d+\. \d{3}\\_[0-9a-f]+\.txt · lines? \d+/);
      assert.match(embed.description as string, /^> /);
    }
    assert.ok(embeds.some((e) => (e.description as string).includes('أوشاكوف')), 'expected embeds.some((e) => (e.description as string).includes(\'أوشاكوف\'))');
    assert.ok(embeds.every((e) => SEED_FILES.some((f) => (e.title as string).replaceAll('\\', '').includes(f))), 'expected embeds.every((e) => SEED_FILES.some((f) => (e.title as string).replaceAll(\'\\\\\', \'\').includes(f)))');
    assert.ok((embeds[0]!.description as string).includes('**'), 'the quote is marked');
  });

  it('/ask with results and source: only that file, that many passages, only the asker sees it', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'Putin Xi trade', results: 2, source: SEED_FILES[2]! }, user: ALICE });
    assert.equal(responses[0]?.callbackType, 5);
    assert.equal(isEphemeral(responses[0]?.data), true, 'ephemeral unless public');
    const embeds = responses.at(-1)!.data!.embeds as JsonObject[];
    assert.ok(embeds.length >= 1 && embeds.length <= 2, 'expected embeds.length >= 1 && embeds.length <= 2');
    assert.ok(embeds.every((e) => (e.title as string).includes('002\\_02857b5b3c3f65ff.txt')), 'expected embeds.every((e) => (e.title as string).includes(\'002\\\\_02857b5b3c3f65ff.txt\'))');
  });

  it('/ask with results on a "what did X say" question keeps that many; with an unknown source says so', async () => {
    const limited = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', results: 1 }, user: ALICE });
    assert.equal((limited.at(-1)!.data!.embeds as JsonObject[]).length, 1);
    const unknown = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'trade', source: 'nope.txt' }, user: ALICE });
    assert.match(unknown.at(-1)!.data!.content as string, /There is no article “nope\.txt” in the index/);
  });

  it('/ask source autocomplete suggests matching files', async () => {
    const responses = await h.emulator.sendAutocomplete({ name: 'ask', focused: 'source', value: '002', options: { question: 'x' }, user: ALICE });
    assert.equal(responses[0]?.callbackType, 8);
    const choices = responses[0]!.data!.choices as JsonObject[];
    assert.deepEqual(choices.map((c) => c.value), [SEED_FILES[2]]);
    const all = (await h.emulator.sendAutocomplete({ name: 'ask', focused: 'source', value: '', user: ALICE }))[0]!.data!.choices as JsonObject[];
    assert.deepEqual(all.map((c) => c.value), SEED_FILES);
  });

  it('/quote speaker autocomplete resolves "Ushakov" and Arabic input to يوري أوشاكوف', async () => {
    for (const typed of ['Ushakov', 'أوشاكوف']) {
      const responses = await h.emulator.sendAutocomplete({ name: 'quote', focused: 'speaker', value: typed, user: ALICE });
      const choices = responses[0]!.data!.choices as JsonObject[];
      assert.ok(choices.some((c) => c.value === 'يوري أوشاكوف'), `${typed}: ${JSON.stringify(choices)}`);
    }
    const empty = (await h.emulator.sendAutocomplete({ name: 'quote', focused: 'speaker', value: '', user: ALICE }))[0]!.data!.choices as JsonObject[];
    assert.ok(empty.length >= 2 && empty.length <= 25, 'expected empty.length >= 2 && empty.length <= 25');
  });

  it('/quote answers all of that person’s quotes, grouped by source file', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'quote', options: { speaker: 'يوري أوشاكوف' }, user: ALICE });
    assert.equal(responses[0]?.callbackType, 5);
    const message = responses.at(-1)!;
    assert.match(message.data!.content as string, /Quotes of \*\*Yuri Ushakov\*\* \(يوري أوشاكوف\): \d+ passage\(s\) in \d+ article\(s\), grouped by source\./);
    const embeds = message.data!.embeds as JsonObject[];
    assert.ok(embeds.every((e) => SEED_FILES.some((f) => (e.title as string).replaceAll('\\', '').startsWith(f))), 'expected embeds.every((e) => SEED_FILES.some((f) => (e.title as string).replaceAll(\'\\\\\', \'\').startsWith(f)))');
    assert.ok(embeds.some((e) => /\*\*lines? \d+/.test(e.description as string) && (e.description as string).includes('أوشاكوف')), 'expected embeds.some((e) => /\\*\\*lines? \\d+/.test(e.description as string) && (e.description as string).includes(\'أوشاكوف\'))');
  });

  it('/sources lists the five files with passages and index times, to the asker only', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'sources', user: ALICE });
    assert.equal(isEphemeral(responses[0]?.data), true);
    const message = responses.at(-1)!;
    assert.match(message.data!.content as string, /\*\*5 article\(s\)\*\*, \d+ passages; index built <t:\d+:f>; word matching only/);
    const text = embedText(message.data!.embeds as JsonObject[]).replaceAll('\\', '');
    for (const file of SEED_FILES) assert.match(text, new RegExp(`${file.replace('.', '\\.')}\\*\\* · \\d+ passages · indexed <t:\\d+:R>`));
  });

  it('/briefing posts a digest: who said what, key figures, sources', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'briefing', user: ALICE });
    assert.equal(isEphemeral(responses[0]?.data), false);
    const first = responses.at(-1)!;
    assert.match(first.data!.content as string, /^\*\*Briefing\*\* — quotes copied verbatim from the articles\. First briefing\./);
    // Turn every page to collect the whole digest.
    const titles: string[] = [];
    let message = first.message!;
    let text = '';
    for (;;) {
      titles.push(...(message.embeds as JsonObject[]).map((e) => e.title as string));
      text += embedText(message.embeds as JsonObject[]);
      const next = buttons(message).find((b) => b.label === 'Next');
      if (!next || next.disabled) break;
      const pressed = await h.emulator.sendButton({ customId: next.custom_id as string, messageId: message.id as string, user: ALICE });
      message = pressed[0]!.message!;
    }
    assert.ok(titles.includes('Who said what') && titles.includes('Key figures') && titles.includes('Sources'), titles.join(', '));
    assert.match(text, /\*\*Yuri Ushakov\*\* \(يوري أوشاكوف\)/);
    assert.match(text, /\*\*[^*\n]*\$\d+ billion[^*\n]*\*\* \([^)\n]*\d+ مليار دولار/);
    assert.match(text, /🇬🇧 \*word-by-word gloss:\* /);
  });

  it('/briefing topic: a digest of what the articles say about it', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'briefing', options: { topic: 'التجارة' }, user: ALICE });
    assert.match(responses.at(-1)!.data!.content as string, /^\*\*Briefing on “التجارة”\*\*/);
    assert.ok((responses.at(-1)!.data!.embeds as JsonObject[]).length > 0, 'expected (responses.at(-1)!.data!.embeds as JsonObject[]).length > 0');
  });

  it('/reindex is refused (ephemeral) to a member without Manage Server, without deferring', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'reindex', user: BOB });
    assert.equal(responses.length, 1);
    assert.equal(responses[0]?.callbackType, 4);
    assert.equal(isEphemeral(responses[0]?.data), true);
    assert.match(responses[0]!.data!.content as string, /Only members with the \*\*Manage Server\*\* permission can reindex/);
  });

  it('/reindex by a member with Manage Server reports what changed', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'reindex', user: ALICE, memberPermissions: MANAGE_GUILD });
    assert.equal(responses[0]?.callbackType, 5);
    assert.equal(isEphemeral(responses[0]?.data), true);
    assert.match(responses.at(-1)!.data!.content as string, /already up to date: \d+ passages/);
  });

  it('/help explains the commands, to the asker only', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'help', user: ALICE });
    assert.equal(isEphemeral(responses[0]?.data), true);
    const text = embedText(responses.at(-1)!.data!.embeds as JsonObject[]);
    for (const name of ['/ask', '/quote', '/briefing', '/sources', '/reindex']) assert.ok(text.includes(name), name);
  });

  it('pages with Next and Previous; another user pressing gets an ephemeral refusal and nothing changes', async () => {
    const handle = h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', public: true }, user: ALICE });
    await handle;
    const messageId = handle.original!.id as string;
    const page1 = h.emulator.message(messageId)!;
    assert.equal(button(page1, 'Previous').disabled, true);
    const firstTitles = (page1.embeds as JsonObject[]).map((e) => e.title);

    const refused = await h.emulator.sendButton({ customId: button(page1, 'Next').custom_id as string, messageId, user: BOB });
    assert.equal(refused[0]?.callbackType, 4);
    assert.equal(isEphemeral(refused[0]?.data), true);
    assert.match(refused[0]!.data!.content as string, /Only the person who asked can use these buttons/);
    assert.deepEqual((h.emulator.message(messageId)!.embeds as JsonObject[]).map((e) => e.title), firstTitles);

    const next = await h.emulator.sendButton({ customId: button(page1, 'Next').custom_id as string, messageId, user: ALICE });
    assert.equal(next[0]?.callbackType, 7, 'the message is updated in place');
    const page2 = h.emulator.message(messageId)!;
    assert.notDeepEqual((page2.embeds as JsonObject[]).map((e) => e.title), firstTitles);
    assert.match(((page2.embeds as JsonObject[]).at(-1)!.footer as JsonObject).text as string, /^Page 2\/\d/);
    assert.equal(button(page2, 'Previous').disabled, false);

    await h.emulator.sendButton({ customId: button(page2, 'Previous').custom_id as string, messageId, user: ALICE });
    assert.deepEqual((h.emulator.message(messageId)!.embeds as JsonObject[]).map((e) => e.title), firstTitles);
  });

  it('a private (ephemeral) answer pages too', async () => {
    const handle = h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?' }, user: ALICE });
    await handle;
    assert.equal(isEphemeral(handle.original), true);
    const messageId = handle.original!.id as string;
    const next = await h.emulator.sendButton({ customId: button(handle.original, 'Next').custom_id as string, messageId, user: ALICE });
    assert.equal(next[0]?.callbackType, 7);
    assert.match(((next[0]!.data!.embeds as JsonObject[]).at(-1)!.footer as JsonObject).text as string, /^Page 2\//);
  });

  it('Show full passage answers the asker privately with the whole passages', async () => {
    const handle = h.emulator.sendSlashCommand({ name: 'quote', options: { speaker: 'يوري أوشاكوف' }, user: ALICE });
    await handle;
    const messageId = handle.original!.id as string;
    let message = h.emulator.message(messageId)!;
    // Find a page that shortened something.
    while (button(message, 'Show full passage').disabled) {
      await h.emulator.sendButton({ customId: button(message, 'Next').custom_id as string, messageId, user: ALICE });
      message = h.emulator.message(messageId)!;
    }
    const refused = await h.emulator.sendButton({ customId: button(message, 'Show full passage').custom_id as string, messageId, user: BOB });
    assert.match(refused[0]!.data!.content as string, /Only the person who asked/);
    const full = await h.emulator.sendButton({ customId: button(message, 'Show full passage').custom_id as string, messageId, user: ALICE });
    assert.equal(full[0]?.callbackType, 4);
    assert.equal(isEphemeral(full[0]?.data), true);
    const embeds = full[0]!.data!.embeds as JsonObject[];
    assert.ok(embeds.length >= 1, 'expected embeds.length >= 1');
    // The full passage is longer than the quote shown on the page, and it contains the quote.
    const shown = (message.embeds as JsonObject[]).map((e) => e.description as string).join('\n');
    const fullText = embeds.map((e) => e.description as string).join('\n');
    assert.ok(fullText.replaceAll('**', '').length > 0, 'expected fullText.replaceAll(\'**\', \'\').length > 0');
    assert.ok(fullText.includes('أوشاكوف'), 'expected fullText.includes(\'أوشاكوف\')');
    assert.notEqual(fullText, shown);
  });

  it('a button from a forgotten answer says it expired', async () => {
    const responses = await h.emulator.sendButton({ customId: 'page:gone:go:1:n', user: ALICE });
    assert.match(responses[0]!.data!.content as string, /These buttons have expired/);
    assert.equal(isEphemeral(responses[0]?.data), true);
  });

  it('a mention in Arabic is answered in a thread started from it, with quoted passages', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> ماذا قال أوشاكوف؟`, author: ALICE, channelId: CHANNEL_ID });
    assert.equal(sent.contentVisible, true, 'a mention carries its content');
    // A thread started from a message takes the message's id.
    const reply = await h.emulator.waitForChannelMessage(sent.message.id as string, () => true, 10_000);
    assert.equal(h.emulator.channel(sent.message.id as string)?.parent_id, CHANNEL_ID);
    assert.match(reply.content, /^\*\*Q:\*\* ماذا قال أوشاكوف؟/);
    assert.ok(embedText(reply.embeds).includes('أوشاكوف'), 'expected embedText(reply.embeds).includes(\'أوشاكوف\')');
    assert.deepEqual(reply.allowedMentions, { parse: [], replied_user: false });
    assert.deepEqual(reply.message.mentions, []);
    assert.ok(buttons(reply.message).some((b) => b.label === 'Next'), 'long answers page in mention replies too');
  });

  it('a mention with @everyone and <@id> in the question pings nobody', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> @everyone what did <@${BOB.id}> and Ushakov say?`, author: ALICE, channelId: CHANNEL_ID });
    const reply = await h.emulator.waitForChannelMessage(sent.message.id as string, () => true, 10_000);
    assert.doesNotMatch(String(h.emulator.channel(sent.message.id as string)?.name), /@everyone|<@\d/, 'nor does the thread’s name');
    assert.deepEqual(reply.message.mentions, []);
    assert.equal(reply.message.mention_everyone, false);
    assert.doesNotMatch(reply.content, /@everyone|<@\d/);
  });

  it('a message mentioning @everyone but not the bot, and the bot’s own messages, get no answer', async () => {
    const before = h.emulator.channelMessages(CHANNEL_ID).length;
    await h.emulator.sendMessage({ content: '@everyone meeting at 5', author: ALICE, channelId: CHANNEL_ID, mentions: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(h.emulator.channelMessages(CHANNEL_ID).length, before);
  });

  it('a mention with no question gets a hint', async () => {
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}>`, author: ALICE, channelId: CHANNEL_ID });
    const reply = await answerTo(h.emulator, sent, 5000);
    assert.match(reply.content, /Ask me something after the mention/);
  });

  it('/ask with @everyone and <@id> in the question pings nobody', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: `@everyone <@${BOB.id}> what did Ushakov say?`, public: true }, user: ALICE });
    const message = responses.at(-1)!.message!;
    assert.deepEqual(message.mentions, []);
    assert.equal(message.mention_everyone, false);
  });

  it('every message the bot sent had allowed_mentions.parse = [] and nothing was refused by the API', () => {
    const bodies = messageBodies(h.emulator);
    assert.ok(bodies.length > 20, `${bodies.length} messages`);
    for (const { route, body } of bodies) assert.deepEqual((body.allowed_mentions as JsonObject | undefined)?.parse, [], `${route}: ${JSON.stringify(body.allowed_mentions)}`);
    assert.deepEqual(h.emulator.failedCalls().map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.response)}`), []);
    assert.deepEqual(h.emulator.unhandledCalls(), []);
    assert.deepEqual(h.logs.filter((l) => l.type === 'error'), []);
  });
});

describe('an application without the Message Content intent', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    // The Developer Portal's switch is off: Discord closes an IDENTIFY asking for it with 4014.
    h = await startHarness({}, shared, { emulator: { privilegedIntents: 0 } });
  });
  after(async () => h?.close());

  it('GIVEN Discord refuses the intent THEN the bot says so once and runs without it: mentions are still answered', async () => {
    const warnings = h.logs.filter((l) => l.type === 'warn').map((l) => String(l.args[0]));
    assert.equal(warnings.filter((w) => w.startsWith('Discord refused the Message Content intent')).length, 1, warnings.join('\n'));
    assert.equal(h.bot.context.readsMessages, false);
    const intents = h.emulator.gateway.identifies.at(-1)!.intents as number;
    assert.equal(intents & (1 << 15), 0, 'the last IDENTIFY asks for no Message Content');
    const sent = await h.emulator.sendMessage({ content: `<@${h.emulator.botUserId}> What did Ushakov say?`, author: ALICE, channelId: CHANNEL_ID });
    assert.match((await answerTo(h.emulator, sent)).content, /quoting Yuri Ushakov/);
  });

  it('GIVEN /settings THEN it warns that #ask channels cannot be read until the intent is enabled', async () => {
    const added = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'ask-channel', options: { channel: CHANNEL_ID }, user: ALICE, memberPermissions: MANAGE_GUILD });
    assert.match(String(added.at(-1)!.data!.content), /⚠️ Discord does not let me read messages that do not mention me \(the bot’s Message Content intent is off/);
  });
});

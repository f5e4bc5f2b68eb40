/**
 * English for readers who do not read Arabic, through the real bot and discord.js against the
 * Discord emulator (seeds/, lexical-only, the fixture dictionary and word list): the 🇬🇧 English
 * button on answer pages, Latin names in headers, /quote, autocomplete and briefings, and
 * suggestions an English reader can type.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGLISH_BUTTON } from '../../src/bot/paging/page-message.ts';
import type { JsonObject } from '../support/discord-emulator/index.ts';
import { ALICE, BOB, CHANNEL_ID, startHarness, type Harness } from './harness.ts';
import { unescapeMarkdown } from '../support/discord-markdown.ts';

function buttons(message: JsonObject | undefined): JsonObject[] {
  return ((message?.components as JsonObject[] | undefined) ?? []).flatMap((row) => row.components as JsonObject[]);
}

function button(message: JsonObject | undefined, label: string): JsonObject {
  const found = buttons(message).find((b) => b.label === label);
  assert.ok(found, `button ${label} in ${JSON.stringify(buttons(message).map((b) => b.label))}`);
  return found;
}

function descriptions(message: JsonObject | undefined): string {
  return ((message?.embeds as JsonObject[] | undefined) ?? []).map((e) => String(e.description ?? '')).join('\n');
}

const GLOSS = '🇬🇧 *word-by-word gloss:* ';

describe('English in Discord (emulator, real discord.js)', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimit: { limit: 1000 } });
  });
  after(async () => h?.close());

  it('GIVEN an English question THEN the page opens with a labelled gloss under each passage, names in Latin, and only the asker can hide it', async () => {
    const handle = h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', public: true }, user: ALICE, channelId: CHANNEL_ID });
    const responses = await handle;
    const page = responses.at(-1)!.message!;
    const messageId = page.id as string;
    assert.match(unescapeMarkdown(page.content as string), /quoting Yuri Ushakov \(يوري أوشاكوف\)\./);
    const shown = descriptions(page);
    const glosses = shown.split('\n').filter((line) => line.startsWith(GLOSS));
    assert.equal(glosses.length, (page.embeds as JsonObject[]).length, `one gloss per passage:\n${shown}`);
    assert.ok(glosses.some((line) => line.includes('Ushakov')), `a gloss names him in Latin script:\n${glosses.join('\n')}`);

    const hide = button(page, ENGLISH_BUTTON.hide);
    const refused = await h.emulator.sendButton({ customId: hide.custom_id as string, messageId, user: BOB });
    assert.match(refused[0]!.data!.content as string, /Only the person who asked/);
    assert.ok(descriptions(h.emulator.message(messageId)).includes(GLOSS), 'Bob changed nothing');

    const hidden = (await h.emulator.sendButton({ customId: hide.custom_id as string, messageId, user: ALICE }))[0]!.message!;
    assert.ok(!descriptions(hidden).includes('🇬🇧'), `the Arabic alone:\n${descriptions(hidden)}`);
    assert.match(descriptions(hidden), /أوشاكوف/);
    const next = button(hidden, 'Next');
    const secondPage = (await h.emulator.sendButton({ customId: next.custom_id as string, messageId, user: ALICE }))[0]!.message!;
    assert.ok(!descriptions(secondPage).includes('🇬🇧'), 'the next page keeps the English hidden');
    const shownAgain = (await h.emulator.sendButton({ customId: button(secondPage, ENGLISH_BUTTON.show).custom_id as string, messageId, user: ALICE }))[0]!.message!;
    assert.ok(descriptions(shownAgain).includes(GLOSS), `🇬🇧 English shows it again:\n${descriptions(shownAgain)}`);
  });

  it('GIVEN an Arabic question THEN the page opens in Arabic, with the 🇬🇧 English button one press away', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'ماذا قال أوشاكوف؟', public: true }, user: ALICE, channelId: CHANNEL_ID });
    const page = responses.at(-1)!.message!;
    assert.ok(!descriptions(page).includes('🇬🇧'), 'Arabic only');
    const english = (await h.emulator.sendButton({ customId: button(page, ENGLISH_BUTTON.show).custom_id as string, messageId: page.id as string, user: ALICE }))[0]!.message!;
    assert.ok(descriptions(english).includes(GLOSS), descriptions(english));
  });

  it('GIVEN a gloss THEN numbers and dates in it are English: "8 February"', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', results: 10 }, user: ALICE });
    let message = responses.at(-1)!.message!;
    let text = descriptions(message);
    while (buttons(message).some((b) => b.label === 'Next' && !b.disabled)) {
      message = (await h.emulator.sendButton({ customId: button(message, 'Next').custom_id as string, messageId: message.id as string, user: ALICE }))[0]!.message!;
      text += descriptions(message);
    }
    assert.match(text, /🇬🇧 \*word-by-word gloss:\*[^\n]* in 8 February,/);
  });

  it('GIVEN "/quote Ushakov" typed in Latin letters THEN his quotes, his name in both scripts, the English shown', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'quote', options: { speaker: 'Ushakov' }, user: ALICE });
    const message = responses.at(-1)!.message!;
    assert.match(message.content as string, /^Quotes of \*\*Yuri Ushakov\*\* \(يوري أوشاكوف\): \d+ passage/);
    assert.ok(descriptions(message).includes(GLOSS), descriptions(message));
  });

  it('GIVEN a Latin name typed in /quote THEN autocomplete offers it with its Latin form first', async () => {
    for (const typed of ['Ushakov', 'ushak', 'Yuri']) {
      const choices = (await h.emulator.sendAutocomplete({ name: 'quote', focused: 'speaker', value: typed, user: ALICE }))[0]!.data!.choices as JsonObject[];
      const choice = choices.find((c) => c.value === 'يوري أوشاكوف');
      assert.ok(choice, `${typed}: ${JSON.stringify(choices)}`);
      assert.match(choice.name as string, /^Yuri Ushakov — يوري أوشاكوف \(\d+ quotes\)$/);
    }
  });

  it('GIVEN a briefing THEN every "/quote X" it suggests is Latin script and finds that person when typed', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'briefing', user: ALICE });
    let message = responses.at(-1)!.message!;
    let text = descriptions(message);
    while (buttons(message).some((b) => b.label === 'Next' && !b.disabled)) {
      message = (await h.emulator.sendButton({ customId: button(message, 'Next').custom_id as string, messageId: message.id as string, user: ALICE }))[0]!.message!;
      text += descriptions(message);
    }
    const suggestions = [...text.matchAll(/…and \d+ more: \/quote ([^*\n]+)\*/g)].map((m) => m[1]!.replaceAll('\\', ''));
    assert.ok(suggestions.length > 0, `a briefing of the seeds suggests /quote for the most quoted:\n${text}`);
    for (const typed of suggestions) {
      assert.match(typed, /^[A-Za-z][A-Za-z -]*$/, `an English reader can type “${typed}”`);
      const quoted = (await h.emulator.sendSlashCommand({ name: 'quote', options: { speaker: typed }, user: ALICE })).at(-1)!.message!;
      assert.match(quoted.content as string, /^Quotes of /, `/quote ${typed}: ${String(quoted.content)}`);
    }
  });

  it('GIVEN /sources THEN each article lists whom it quotes, by names an English reader can type', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'sources', user: ALICE });
    const text = descriptions(responses.at(-1)!.message!);
    assert.match(text, /Quotes Vladimir Putin \(\d+\)/, text);
    assert.match(text, /Yuri Ushakov \(\d+\)/, text);
  });

  it('GIVEN someone the articles do not name THEN the refusal lists who is quoted in Latin script', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Lavrov say?' }, user: ALICE });
    const content = responses.at(-1)!.data!.content as string;
    assert.match(unescapeMarkdown(content), /People quoted: Vladimir Putin \(فلاديمير بوتين\); .*Yuri Ushakov \(يوري أوشاكوف\)/);
  });
});

/**
 * 👍/👎 under answers, the reason menu, the /feedback report, and the export `npm run eval`
 * reads, through the Discord emulator with the real discord.js client and the real CLI.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../../src/config.ts';
import { isEphemeral, type JsonObject } from '../../support/discord-emulator/index.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { fixtureWordListPath } from '../../support/fixture-word-list.ts';
import { runCli } from '../../support/run-cli.ts';
import { ALICE, BOB, CHANNEL_ID, type E2eEngine, GUILD_ID, type Harness, MANAGE_GUILD, openE2eEngine, startHarness, buttonsOf, lastContent } from '../harness.ts';

const CAROL = { id: '200000000000000044', username: 'carol', global_name: 'Carol' };
const OTHER_GUILD = '300000000000000501';

let shared: E2eEngine;

before(async () => {
  shared = await openE2eEngine('votes-');
});

after(async () => shared?.close());

describe('👍/👎 on answers, the report, the export', { timeout: 180_000 }, () => {
  let h: Harness;
  let answer: JsonObject;
  let buttons: Record<string, string>;
  const press = (label: string, user = ALICE, on = answer) =>
    h.emulator.sendButton({ customId: buttonsOf(on)[label]!, messageId: on.id as string, user, guildId: (on.guild_id as string | undefined) ?? GUILD_ID });

  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
    h.emulator.addGuild({ id: OTHER_GUILD, name: 'Elsewhere', channels: [{ id: '300000000000000502', name: 'general' }] });
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', public: true }, user: ALICE, channelId: CHANNEL_ID });
    answer = responses.at(-1)!.message!;
    buttons = buttonsOf(answer);
  });
  after(async () => h?.close());

  it('GIVEN a public /ask answer THEN 👍, 👎 and Ask a colleague under it (no Share: it is public already)', () => {
    assert.ok(['👍', '👎', 'Ask a colleague'].every((label) => label in buttons), Object.keys(buttons).join(', '));
    assert.equal('Share in channel' in buttons, false);
    assert.match(buttons['👍']!, /^ans:[\w-]+:up$/);
  });

  it('GIVEN 👍 pressed twice, then 👎 and a reason THEN one vote, changed, with its reason; each acknowledged privately', async () => {
    const up = await press('👍');
    assert.equal(up[0]!.callbackType, 4);
    assert.equal(isEphemeral(up[0]!.data), true, 'only the voter sees it');
    assert.match(lastContent(up), /^Thanks — your 👍 is noted/);
    assert.match(lastContent(await press('👍')), /^Your vote on this answer is already noted: 👍\./);
    const down = await press('👎');
    assert.match(lastContent(down), /^Changed your vote from 👍 to 👎\. What was wrong\?/);
    const menu = (down[0]!.data!.components as JsonObject[])[0]!.components[0] as JsonObject;
    assert.deepEqual((menu.options as JsonObject[]).map((o) => o.label), ['Wrong passage', 'Wrong speaker', 'Should have answered', 'Should not have answered']);
    const chosen = await h.emulator.sendComponent({ customId: menu.custom_id as string, componentType: 3, values: ['wrong-speaker'], messageId: down[0]!.messageId!, user: ALICE });
    assert.equal(chosen[0]!.callbackType, 7, 'the menu message is updated in place');
    assert.equal(chosen[0]!.data!.content, 'Thanks — noted 👎 (wrong speaker).');
    assert.match(lastContent(await press('👎')), /already noted: 👎 \(wrong speaker\)/, 'pressing 👎 again keeps the reason');
  });

  it('GIVEN votes by others THEN stored with the question, the passages (file, lines), mode and model, and the server', async () => {
    const bobDown = await press('👎', BOB);
    const menu = (bobDown[0]!.data!.components as JsonObject[])[0]!.components[0] as JsonObject;
    await h.emulator.sendComponent({ customId: menu.custom_id as string, componentType: 3, values: ['wrong-passage'], messageId: bobDown[0]!.messageId!, user: BOB });
    await press('👍', CAROL);
    const [rated] = await h.bot.context.team.feedback(GUILD_ID);
    assert.ok(rated, 'the answer is kept with its votes');
    assert.equal(rated.answer.question, 'What did Ushakov say?');
    assert.deepEqual([rated.answer.server, rated.answer.channelId, rated.answer.messageId, rated.answer.via, rated.answer.mode, rated.answer.model], [GUILD_ID, CHANNEL_ID, answer.id, 'slash', 'lexical-only', null]);
    assert.equal(rated.answer.passages.length, 10, 'every quote of Ushakov');
    const first = rated.answer.passages[0]!;
    assert.ok(shared.engine.index.passages.some((p) => p.file === first.file && p.lineStart === first.lineStart && p.text.includes(first.quote)), JSON.stringify(first));
    assert.deepEqual(
      rated.votes.map((v) => [v.userId, v.vote]).sort(),
      [
        [ALICE.id, { kind: 'down', reason: 'wrong-speaker' }],
        [BOB.id, { kind: 'down', reason: 'wrong-passage' }],
        [CAROL.id, { kind: 'up' }],
      ].sort(),
    );
  });

  it('GIVEN /feedback report THEN a manager sees the question marked wrong; others are refused; another server sees none of it', async () => {
    const refused = await h.emulator.sendSlashCommand({ name: 'feedback', subcommand: 'report', user: BOB });
    assert.equal(lastContent(refused), 'Only members with the **Manage Server** permission can read the feedback report.');
    const report = await h.emulator.sendSlashCommand({ name: 'feedback', subcommand: 'report', user: ALICE, memberPermissions: MANAGE_GUILD });
    const embed = (report.at(-1)!.data!.embeds as JsonObject[])[0]!;
    assert.equal(embed.title, 'The questions most often marked wrong');
    assert.match(String(embed.description), /^\*\*1\.\*\* “What did Ushakov say\?” — 👎 2 \((wrong speaker ×1, wrong passage ×1|wrong passage ×1, wrong speaker ×1)\) · 👍 1 · 1 rated answer\(s\)/);
    assert.ok(String(embed.description).includes(`/channels/${GUILD_ID}/${CHANNEL_ID}/${answer.id}`), 'links to the answer');
    const elsewhere = await h.emulator.sendSlashCommand({ name: 'feedback', subcommand: 'report', user: ALICE, memberPermissions: MANAGE_GUILD, guildId: OTHER_GUILD });
    assert.match(lastContent(elsewhere), /^No answer in this server has been marked 👎 yet\. 0 rated answer\(s\)/);
  });

  it('GIVEN a question members said should not have been answered THEN the export has it as kind none; npm run eval reads the file', async () => {
    const responses = await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say about the weather?', public: true }, user: BOB, channelId: CHANNEL_ID });
    const other = responses.at(-1)!.message!;
    const down = await press('👎', BOB, other);
    const menu = (down[0]!.data!.components as JsonObject[])[0]!.components[0] as JsonObject;
    await h.emulator.sendComponent({ customId: menu.custom_id as string, componentType: 3, values: ['should-not-have-answered'], messageId: down[0]!.messageId!, user: BOB });

    const file = path.join(h.tmp, 'feedback-eval.json');
    const env = { INDEX_DIR: h.config.INDEX_DIR, MODEL_DIR: path.join(h.tmp, 'no-model-here'), DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath() };
    const exported = await runCli(['feedback', 'export', '--json', '--server', GUILD_ID, '--out', file], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /2 question\(s\) from the feedback of server 300000000000000001 \(1 with 👍 passages as gold, 1 that should not have been answered\)/);
    const written = JSON.parse(await readFile(file, 'utf8')) as { questions: JsonObject[] };
    const byKind = Object.fromEntries(written.questions.map((q) => [q.kind, q]));
    assert.equal(byKind.any.q, 'What did Ushakov say?');
    assert.equal(byKind.any.gold.length, 10, 'the 👍 answer’s passages');
    assert.deepEqual(byKind.none, { id: byKind.none.id, lang: 'en', q: 'What did Ushakov say about the weather?', kind: 'none', gold: [] });

    const evaluated = await runCli(['eval', '--questions', file, '--corpus', path.join(PROJECT_ROOT, 'seeds'), '--json'], env);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const rows = JSON.parse(evaluated.stdout) as JsonObject[];
    const all = rows.find((r) => String(r.group).endsWith(' all'))!;
    assert.equal(all.questions, 2);
    const any = rows.find((r) => String(r.group).endsWith('kind=any'))!;
    assert.equal(any.hitAt1, 1, 'the 👍 passages are what the engine answers with');
  });

  it('GIVEN another server’s export THEN it holds none of this server’s questions', async () => {
    const env = { INDEX_DIR: h.config.INDEX_DIR };
    const exported = await runCli(['feedback', 'export', '--json', '--server', OTHER_GUILD], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(JSON.parse(exported.stdout), { questions: [] });
  });
});

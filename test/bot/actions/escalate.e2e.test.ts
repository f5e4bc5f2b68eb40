/**
 * "Ask a colleague" through the Discord emulator with the real discord.js client: the question
 * and passages posted in the channel set with /settings escalation, mentioning only the role set
 * with it and nobody else; once per answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deployCommands } from '../../../src/bot/deploy.ts';
import type { JsonObject } from '../../support/discord-emulator/index.ts';
import { ALICE, BOB, type E2eEngine, type Harness, MANAGE_GUILD, openE2eEngine, startHarness, buttonsOf, lastContent } from '../harness.ts';

const DESK = '300000000000000801';
const GENERAL = '300000000000000802';
const ESCALATIONS = '300000000000000803';
const REVIEWERS = '300000000000000811';
const QUIET = '300000000000000812';

let shared: E2eEngine;

before(async () => {
  shared = await openE2eEngine('escalate-');
});

after(async () => shared?.close());

describe('Ask a colleague', { timeout: 120_000 }, () => {
  let h: Harness;
  let answer: JsonObject;
  const inDesk = { guildId: DESK, channelId: GENERAL };
  const press = (label: string, user: typeof ALICE, on: JsonObject = answer) => h.emulator.sendButton({ customId: buttonsOf(on)[label]!, messageId: on.id as string, user, guildId: DESK });

  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
    h.emulator.addGuild({ id: DESK, name: 'Desk', channels: [{ id: GENERAL, name: 'general' }, { id: ESCALATIONS, name: 'escalations' }], roles: [{ id: REVIEWERS, name: 'reviewers', mentionable: true }, { id: QUIET, name: 'quiet' }] });
    await deployCommands({ token: h.emulator.token, clientId: h.emulator.applicationId, guildId: DESK, apiBase: h.emulator.apiBase });
    answer = (await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Ushakov say?', public: true }, user: ALICE, ...inDesk })).at(-1)!.message!;
  });
  after(async () => h?.close());

  it('GIVEN no escalation channel set THEN the button says so, and how to set one', async () => {
    const refused = await press('Ask a colleague', BOB);
    assert.match(lastContent(refused), /^No one to ask yet: this server has no escalation channel\. Someone with \*\*Manage Server\*\* can set one with `\/settings escalation channel:#channel role:@role`/);
    assert.equal(h.emulator.channelMessages(ESCALATIONS).length, 0);
  });

  it('GIVEN /settings escalation THEN refused to members without Manage Server, @everyone refused as the role, a role nobody can ping warned about', async () => {
    const denied = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'escalation', options: { channel: ESCALATIONS, role: REVIEWERS }, user: BOB, ...inDesk });
    assert.equal(lastContent(denied), 'Only members with the **Manage Server** permission can change the bot’s settings.');
    const everyone = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'escalation', options: { channel: ESCALATIONS, role: DESK }, user: ALICE, memberPermissions: MANAGE_GUILD, ...inDesk });
    assert.match(lastContent(everyone), /^Pick a role other than @everyone/);
    const quiet = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'escalation', options: { channel: ESCALATIONS, role: QUIET }, user: ALICE, memberPermissions: MANAGE_GUILD, ...inDesk });
    assert.match(lastContent(quiet), /⚠️ The role <@&300000000000000812> is not mentionable/);
    const set = await h.emulator.sendSlashCommand({ name: 'settings', subcommand: 'escalation', options: { channel: ESCALATIONS, role: REVIEWERS }, user: ALICE, memberPermissions: MANAGE_GUILD, ...inDesk });
    assert.match(lastContent(set), /^“Ask a colleague” now posts in <#300000000000000803>, mentioning <@&300000000000000811> \(and nobody else\)\./);
    assert.deepEqual(set.at(-1)!.message!.mention_roles, [], 'the settings reply itself pings nobody');
  });

  it('GIVEN Ask a colleague THEN the question and passages are posted in the escalation channel, mentioning only the role', async () => {
    const pressed = await press('Ask a colleague', BOB);
    assert.match(lastContent(pressed), /^Sent to <#300000000000000803> for <@&300000000000000811>: http/);
    const [post] = h.emulator.channelMessages(ESCALATIONS);
    assert.ok(post, 'posted');
    assert.deepEqual(post.allowedMentions, { parse: [], roles: [REVIEWERS], users: [], replied_user: false });
    assert.deepEqual([post.message.mention_roles, post.message.mentions, post.message.mention_everyone], [[REVIEWERS], [], false], 'only the role is pinged');
    assert.match(post.content, new RegExp(`^<@&${REVIEWERS}> <@${BOB.id}> asks a colleague to check this answer \\(.*/channels/${DESK}/${GENERAL}/${answer.id}\\)\\.\\n\\*\\*Q:\\*\\* What did Ushakov say\\?$`));
    const embed = post.embeds[0]!;
    assert.equal(embed.title, 'The passages it answered with');
    assert.match(String(embed.description), /^\*\*1\.\*\* 000\\_cb77782f9c145f20\.txt · line 7\n> /);
    assert.ok(String(embed.description).includes('أوشاكوف'), 'with the quotes');
  });

  it('GIVEN mentions in the question THEN the post still pings only the role; an answer that found nothing says so', async () => {
    const question = `@everyone <@${ALICE.id}> <@&${QUIET}> what is the boiling point of water?`;
    const hostile = (await h.emulator.sendSlashCommand({ name: 'ask', options: { question, public: true }, user: ALICE, ...inDesk })).at(-1)!.message!;
    await press('Ask a colleague', BOB, hostile);
    const post = h.emulator.channelMessages(ESCALATIONS).at(-1)!;
    assert.deepEqual([post.message.mention_roles, post.message.mentions, post.message.mention_everyone], [[REVIEWERS], [], false]);
    const questionLine = post.content.split('\n')[1]!;
    assert.match(questionLine, /^\*\*Q:\*\* @\u200beveryone /);
    assert.doesNotMatch(questionLine, /<@[!&]?\d|@everyone/, 'the question’s mentions are inert');
    assert.equal(post.embeds[0]!.title, 'No passages');
  });

  it('GIVEN a second press THEN nothing is posted again; it links to the first', async () => {
    const again = await press('Ask a colleague', ALICE);
    assert.match(lastContent(again), new RegExp(`^<@${BOB.id}> already asked a colleague about this answer: http.*/channels/${DESK}/${ESCALATIONS}/`));
    assert.equal(h.emulator.channelMessages(ESCALATIONS).length, 2, 'one post per answer');
  });
});

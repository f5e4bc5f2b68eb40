/**
 * "Share in channel" through the Discord emulator with the real discord.js client: a private
 * /ask answer posted in the channel, naming who shared it without pinging anyone, once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isEphemeral, type JsonObject } from '../../support/discord-emulator/index.ts';
import { ALICE, BOB, type E2eEngine, type Harness, openE2eEngine, startHarness, buttonsOf, lastContent } from '../harness.ts';

let shared: E2eEngine;

before(async () => {
  shared = await openE2eEngine('share-');
});

after(async () => shared?.close());

describe('Share in channel', { timeout: 120_000 }, () => {
  let h: Harness;
  let privateAnswer: JsonObject;
  before(async () => {
    h = await startHarness({ rateLimit: { limit: 100 } }, shared);
    privateAnswer = (await h.emulator.sendSlashCommand({ name: 'ask', options: { question: 'What did Putin say about gas?' }, user: ALICE })).at(-1)!.message!;
  });
  after(async () => h?.close());

  it('GIVEN a private /ask answer THEN it offers Share in channel; only the asker may press it', async () => {
    assert.equal(isEphemeral(privateAnswer), true, 'private');
    assert.ok('Share in channel' in buttonsOf(privateAnswer), Object.keys(buttonsOf(privateAnswer)).join(', '));
    const notMine = await h.emulator.sendButton({ customId: buttonsOf(privateAnswer)['Share in channel']!, messageId: privateAnswer.id as string, user: BOB });
    assert.match(lastContent(notMine), /^Only the person who asked can use these buttons/);
  });

  it('GIVEN Share in channel THEN the same answer is posted publicly, naming who shared it without a ping, with its own buttons; once', async () => {
    const pressed = await h.emulator.sendButton({ customId: buttonsOf(privateAnswer)['Share in channel']!, messageId: privateAnswer.id as string, user: ALICE });
    const copy = pressed[0]!;
    assert.equal(copy.callbackType, 4);
    assert.equal(isEphemeral(copy.data), false, 'public');
    assert.match(String(copy.data!.content), new RegExp(`^<@${ALICE.id}> shared this answer:\\n\\*\\*Q:\\*\\* What did Putin say about gas\\?`));
    assert.deepEqual([copy.message!.mentions, copy.data!.allowed_mentions], [[], { parse: [], replied_user: false }]);
    const titles = (embeds: unknown) => (embeds as JsonObject[]).map((e) => [e.title, e.description]);
    assert.deepEqual(titles(copy.data!.embeds), titles(privateAnswer.embeds), 'the same passages, as the asker saw them');
    const labels = Object.keys(buttonsOf(copy.message!));
    assert.ok(labels.includes('👍') && labels.includes('Ask a colleague') && !labels.includes('Share in channel'), labels.join(', '));
    const again = await h.emulator.sendButton({ customId: buttonsOf(privateAnswer)['Share in channel']!, messageId: privateAnswer.id as string, user: ALICE });
    assert.match(lastContent(again), /^You shared this answer already: http/);
    // A vote on the public copy counts for the same answer.
    await h.emulator.sendButton({ customId: buttonsOf(copy.message!)['👍']!, messageId: copy.message!.id as string, user: BOB });
    const [rated] = await h.bot.context.team.feedback(h.config.DISCORD_GUILD_ID!);
    assert.deepEqual([rated?.answer.question, rated?.answer.messageId, rated?.votes.map((v) => v.userId)], ['What did Putin say about gas?', copy.message!.id, [BOB.id]]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { questionFromMention } from '../../src/bot/mention.ts';

describe('questionFromMention', () => {
  it('GIVEN a mention before, inside or after the question THEN the question alone', () => {
    assert.equal(questionFromMention('<@100000000000000001> ماذا قال أوشاكوف؟', '100000000000000001'), 'ماذا قال أوشاكوف؟');
    assert.equal(questionFromMention('what did <@!100000000000000001> Ushakov say', '100000000000000001'), 'what did Ushakov say');
    assert.equal(questionFromMention('<@100000000000000001>', '100000000000000001'), '');
  });
  it('GIVEN mentions of other users THEN keeps them (rendering neutralises them)', () => {
    assert.equal(questionFromMention('<@100000000000000001> <@123456789012345678> hi', '100000000000000001'), '<@123456789012345678> hi');
  });
});

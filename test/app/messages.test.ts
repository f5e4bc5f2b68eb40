import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configurationProblem, discordRefusedToken } from '../../src/app/messages.ts';

describe('messages every entry point gives in the same words', () => {
  it('GIVEN the problems of the settings THEN configurationProblem says where to look and lists one problem a line', () => {
    assert.equal(
      configurationProblem(['ANSWER_PASSAGES: expected a number (got "abc")', 'DISCORD_TOKEN: not set.']),
      'Configuration problem (check .env or the environment):\n  ANSWER_PASSAGES: expected a number (got "abc")\n  DISCORD_TOKEN: not set.',
    );
  });

  it('GIVEN Discord refused the token THEN discordRefusedToken names the setting and where to get a new one', () => {
    assert.equal(discordRefusedToken(), 'DISCORD_TOKEN: Discord refused the token. Copy it again from the Developer Portal (Bot → Reset Token).');
  });
});

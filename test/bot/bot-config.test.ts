import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { botSettings } from '../../src/bot/bot-config.ts';
import { testConfig } from './harness.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('botSettings', () => {
  it('GIVEN a token only THEN starts (the application id comes from READY) but cannot deploy', () => {
    const config = testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN });
    assert.equal(botSettings(config, 'start').ok, true);
    const deploy = botSettings(config, 'deploy');
    assert.equal(deploy.ok, false);
    assert.match(!deploy.ok ? deploy.problems[0]! : '', /^DISCORD_CLIENT_ID: not set/);
  });
  it('GIVEN no token THEN names DISCORD_TOKEN', () => {
    const result = botSettings(testConfig('/tmp/x'), 'start');
    assert.match(!result.ok ? result.problems.join() : '', /^DISCORD_TOKEN: not set/);
  });
  it('GIVEN a token with "Bot " or of the wrong shape THEN says what is wrong', () => {
    const prefixed = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: `Bot ${TOKEN}` }), 'start');
    assert.match(!prefixed.ok ? prefixed.problems[0]! : '', /DISCORD_TOKEN: remove the leading "Bot "/);
    const odd = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: 'not-a-token' }), 'start');
    assert.match(!odd.ok ? odd.problems[0]! : '', /DISCORD_TOKEN: does not look like a bot token/);
  });
  it('GIVEN only one of the briefing settings THEN names the missing one', () => {
    const noCron = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, BRIEFING_CHANNEL_ID: '300000000000000003' }), 'start');
    assert.match(!noCron.ok ? noCron.problems[0]! : '', /^BRIEFING_CRON: not set, but BRIEFING_CHANNEL_ID is/);
    const noChannel = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, BRIEFING_CRON: '0 8 * * *' }), 'start');
    assert.match(!noChannel.ok ? noChannel.problems[0]! : '', /^BRIEFING_CHANNEL_ID: not set, but BRIEFING_CRON is/);
  });
  it('GIVEN a bad cron pattern THEN names BRIEFING_CRON and the value', () => {
    const result = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, BRIEFING_CHANNEL_ID: '300000000000000003', BRIEFING_CRON: 'every morning' }), 'start');
    assert.match(!result.ok ? result.problems[0]! : '', /^BRIEFING_CRON: .*\(got "every morning"; expected cron syntax/);
  });
  it('GIVEN everything THEN returns the settings', () => {
    const result = botSettings(
      testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '100000000000000001', DISCORD_GUILD_ID: '300000000000000001', DISCORD_API_BASE: 'http://127.0.0.1:9/api', BRIEFING_CHANNEL_ID: '300000000000000003', BRIEFING_CRON: '0 8 * * 1-5' }),
      'deploy',
    );
    assert.deepEqual(result, { ok: true, settings: { token: TOKEN, clientId: '100000000000000001', guildId: '300000000000000001', apiBase: 'http://127.0.0.1:9/api' } });
  });
});

describe('botSettings: BOT_SHARDS', () => {
  const DATABASE_URL = 'postgres://bot:secret@127.0.0.1:5432/news';
  it('GIVEN the default THEN one process: no shards setting', () => {
    const result = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN }), 'start');
    assert.equal(result.ok && result.settings.shards, undefined);
  });
  it('GIVEN a number or auto with DATABASE_URL THEN kept', () => {
    const two = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, BOT_SHARDS: '2', DATABASE_URL }), 'start');
    assert.equal(two.ok && two.settings.shards, 2);
    const auto = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, BOT_SHARDS: 'auto', DATABASE_URL }), 'start');
    assert.equal(auto.ok && auto.settings.shards, 'auto');
  });
  it('GIVEN more than one shard (or auto) without DATABASE_URL THEN refused, naming both settings', () => {
    for (const shards of ['2', 'auto']) {
      const result = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, BOT_SHARDS: shards }), 'start');
      assert.match(!result.ok ? result.problems.join() : '', new RegExp(`^BOT_SHARDS: ${shards} runs several shard processes, which need DATABASE_URL`));
    }
  });
  it('GIVEN deploy-commands THEN BOT_SHARDS does not matter', () => {
    const result = botSettings(testConfig('/tmp/x', { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '100000000000000001', BOT_SHARDS: '4' }), 'deploy');
    assert.equal(result.ok, true);
  });
});

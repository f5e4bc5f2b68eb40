import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { botSettings } from '../../src/bot/bot-config.ts';
import { loadConfig, type Config } from '../../src/config.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';

function config(env: Record<string, string>): Config {
  const result = loadConfig({ DISCORD_TOKEN: TOKEN, ...env });
  assert.ok(result.ok, `config rejected: ${JSON.stringify(result)}`);
  return result.config;
}

describe('feed settings', { timeout: 10_000 }, () => {
  it('GIVEN FEED_CRON THEN the bot polls on it; a bad pattern names the variable', () => {
    const good = botSettings(config({ FEED_CRON: '*/30 * * * *' }), 'start');
    assert.equal(good.ok && good.settings.feedCron, '*/30 * * * *');
    const bad = botSettings(config({ FEED_CRON: 'every hour' }), 'start');
    assert.match(!bad.ok ? bad.problems.join('\n') : 'accepted', /^FEED_CRON: .*\(got "every hour"; expected cron syntax/m);
  });

  it('GIVEN FEEDS THEN each URL is read; a non-http entry is refused with the variable named', () => {
    assert.deepEqual(config({ FEEDS: ' https://a.example/rss.xml ,https://b.example/atom.xml,' }).FEEDS, ['https://a.example/rss.xml', 'https://b.example/atom.xml']);
    const result = loadConfig({ FEEDS: 'https://a.example/rss.xml,ftp://b.example/feed' });
    assert.match(!result.ok ? result.problems.join('\n') : 'accepted', /^FEEDS\.1: expected comma-separated http\(s\) feed URLs/m);
  });
});

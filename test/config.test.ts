import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';

describe('loadConfig: the fetch and feed settings of issue 20', () => {
  it('GIVEN FETCH_PRIVATE_HOSTS THEN each host is kept as the URL parser spells it, with its port as given', () => {
    const result = loadConfig({ FETCH_PRIVATE_HOSTS: ' Intranet.Local , 10.0.0.5:8080,[::FFFF:127.0.0.1]:80 ' });
    assert.deepEqual(result.ok ? result.config.FETCH_PRIVATE_HOSTS : result.problems, ['intranet.local', '10.0.0.5:8080', '[::ffff:7f00:1]:80']);
    const none = loadConfig({});
    assert.deepEqual(none.ok ? none.config.FETCH_PRIVATE_HOSTS : none.problems, []);
  });

  it('GIVEN a FETCH_PRIVATE_HOSTS entry that is a URL, has a path or a space THEN it is refused by name', () => {
    for (const value of ['http://intranet.local', 'intranet.local/feeds', 'two words', '[::1', 'host:port']) {
      const result = loadConfig({ FETCH_PRIVATE_HOSTS: value });
      assert.match(result.ok ? 'accepted' : result.problems.join('\n'), /FETCH_PRIVATE_HOSTS\.0: expected comma-separated host names/, value);
    }
  });

  it('GIVEN BOT_OWNER_IDS and the feed limits THEN ids must be Discord ids and limits whole numbers of at least 1', () => {
    const good = loadConfig({ BOT_OWNER_IDS: '200000000000000042, 200000000000000043', FEED_ITEMS_PER_POLL: '20', FEED_ITEM_ATTEMPTS: '5', FEED_POLL_TIMEOUT_MS: '60000' });
    assert.ok(good.ok, good.ok ? '' : good.problems.join('\n'));
    assert.deepEqual([good.config.BOT_OWNER_IDS, good.config.FEED_ITEMS_PER_POLL, good.config.FEED_ITEM_ATTEMPTS, good.config.FEED_POLL_TIMEOUT_MS], [['200000000000000042', '200000000000000043'], 20, 5, 60000]);
    const bad = loadConfig({ BOT_OWNER_IDS: 'alice', FEED_ITEM_ATTEMPTS: '0' });
    assert.match(bad.ok ? 'accepted' : bad.problems.join('\n'), /BOT_OWNER_IDS\.0: expected a Discord id[\s\S]*FEED_ITEM_ATTEMPTS/);
    const defaults = loadConfig({});
    assert.ok(defaults.ok, 'the defaults load');
    assert.deepEqual([defaults.config.BOT_OWNER_IDS, defaults.config.FEED_ITEMS_PER_POLL, defaults.config.FEED_ITEM_ATTEMPTS, defaults.config.FEED_POLL_TIMEOUT_MS], [[], 50, 3, 600000]);
  });
});

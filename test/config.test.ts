import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { observed } from './support/observed.ts';

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

describe('loadConfig: each refused value is named with the variable, what it expects and what it got', () => {
  const problems = (env: Record<string, string>) => {
    const result = loadConfig(env);
    return result.ok ? ['accepted'] : result.problems;
  };

  const refused: [env: Record<string, string>, message: string][] = [
    [{ ANSWER_LANGUAGE: 'fr' }, 'ANSWER_LANGUAGE: expected en, ar or both (got "fr")'],
    [{ MODEL_QUANTIZED: 'maybe' }, 'MODEL_QUANTIZED: expected true or false (got "maybe")'],
    [{ ANSWER_PASSAGES: 'five' }, 'ANSWER_PASSAGES: expected a number (got "five")'],
    [{ ANSWER_PASSAGES: '2.5' }, 'ANSWER_PASSAGES: expected a whole number (got "2.5")'],
    [{ DISCORD_CLIENT_ID: '12345' }, 'DISCORD_CLIENT_ID: expected a Discord id (15 to 21 digits) (got "12345")'],
    [{ BOT_SHARDS: '0' }, 'BOT_SHARDS: expected auto or a number of shards from 1 to 9999 (got "0")'],
    [{ FEEDS: 'https://news.example/rss, ftp://news.example/feed' }, 'FEEDS.1: expected comma-separated http(s) feed URLs (got "https://news.example/rss, ftp://news.example/feed")'],
    [{ DISCORD_API_BASE: 'the emulator' }, 'DISCORD_API_BASE: expected a URL such as http://127.0.0.1:8080/api (got "the emulator")'],
  ];
  for (const [env, message] of refused) {
    it(`GIVEN ${JSON.stringify(env)} THEN “${message}”`, () => {
      assert.deepEqual(problems(env), [message]);
    });
  }

  // `new URL` parses "localhost:8080" with the scheme "localhost:"; the bot would fail at its first request.
  it('GIVEN DISCORD_API_BASE without its scheme (localhost:8080/api) THEN it is refused by name', () => {
    assert.deepEqual(problems({ DISCORD_API_BASE: 'localhost:8080/api' }), ['DISCORD_API_BASE: expected a URL such as http://127.0.0.1:8080/api (got "localhost:8080/api")']);
  });

  it('GIVEN a number outside its range or a log level that does not exist THEN the message names the variable and the value', () => {
    for (const [name, value] of [['LOG_LEVEL', 'verbose'], ['ANSWER_PASSAGES', '0'], ['ANSWER_PASSAGES', '11'], ['EMBED_BATCH_SIZE', '1000'], ['FETCH_TIMEOUT_MS', '-5']]) {
      const found = problems({ [name!]: value! });
      assert.equal(found.length, 1, observed(found));
      assert.ok(found[0]!.startsWith(`${name}: `) && found[0]!.endsWith(`(got "${value}")`), observed(found));
    }
  });

  it('GIVEN a wrong database URL THEN the variable is named but the value (which holds a password) is never shown', () => {
    const found = problems({ DATABASE_URL: 'mysql://newsbot:s3cret-pass@db:3306/news', DATABASE_READ_URL: 'replica:5432' });
    assert.deepEqual(found, [
      'DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/database (got a value that is not shown)',
      'DATABASE_READ_URL: expected a PostgreSQL URL such as postgres://user:password@replica:5432/database (got a value that is not shown)',
    ]);
    assert.ok(!found.join('\n').includes('s3cret'), observed(found));
  });

  it('GIVEN a read replica without its primary THEN refused, saying what is missing', () => {
    assert.deepEqual(problems({ DATABASE_READ_URL: 'postgres://reader:pw@replica:5432/news' }), ['DATABASE_READ_URL: a read replica needs its primary in DATABASE_URL, where the index is saved (got no DATABASE_URL)']);
  });

  it('GIVEN several bad values THEN every one is reported at once, not only the first', () => {
    const found = problems({ LOG_LEVEL: 'loud', BOT_SHARDS: 'many', FEED_ITEM_ATTEMPTS: '0', BRIEFING_CHANNEL_ID: 'general' });
    assert.deepEqual(found.map((p) => p.split(':')[0]).sort(), ['BOT_SHARDS', 'BRIEFING_CHANNEL_ID', 'FEED_ITEM_ATTEMPTS', 'LOG_LEVEL']);
  });

  it('GIVEN empty or blank values (an .env line with nothing after “=”) THEN they count as unset: the defaults apply', () => {
    const result = loadConfig({ LOG_LEVEL: '', ANSWER_PASSAGES: '   ', DISCORD_TOKEN: '', BOT_SHARDS: ' ' });
    assert.ok(result.ok, observed(result));
    assert.deepEqual([result.config.LOG_LEVEL, result.config.ANSWER_PASSAGES, result.config.DISCORD_TOKEN, result.config.BOT_SHARDS], ['info', 5, undefined, 1]);
  });
});

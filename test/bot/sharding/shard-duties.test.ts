import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingsForShard } from '../../../src/bot/sharding/shard-duties.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('settingsForShard', () => {
  const settings = { token: TOKEN, briefing: { channelId: '300000000000000003', cron: '0 8 * * *' }, feedCron: '*/30 * * * *', shards: 2 };
  it('GIVEN shard 0 THEN it keeps the scheduled briefing and the feed polling', () => {
    assert.deepEqual(settingsForShard(settings, 0), settings);
  });
  it('GIVEN any other shard THEN neither is scheduled there, so each runs once per bot', () => {
    assert.deepEqual(settingsForShard(settings, 1), { token: TOKEN, shards: 2 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRun, parseBriefingTime } from '../../src/team/briefing-time.ts';

describe('parseBriefingTime', () => {
  it('GIVEN HH:MM and a time zone THEN every day at that time there', () => {
    const time = parseBriefingTime('8:05', 'Asia/Dubai');
    assert.deepEqual(time, { ok: true, cron: '5 8 * * *', timezone: 'Asia/Dubai', described: 'every day at 08:05 (Asia/Dubai)' });
    // 08:05 in Dubai (UTC+4) is 04:05 UTC.
    assert.equal(nextRun('5 8 * * *', 'Asia/Dubai', new Date('2025-03-02T00:00:00Z'))?.toISOString(), '2025-03-02T04:05:00.000Z');
  });

  it('GIVEN a cron pattern and no time zone THEN it runs in UTC', () => {
    assert.deepEqual(parseBriefingTime('0 8 * * 1-5'), { ok: true, cron: '0 8 * * 1-5', timezone: 'UTC', described: 'on the cron pattern “0 8 * * 1-5” (UTC)' });
  });

  it('GIVEN a time that is neither, or an unknown zone THEN a problem saying what to type', () => {
    const bad = parseBriefingTime('25:00');
    assert.equal(bad.ok, false);
    assert.match((bad as { problem: string }).problem, /^“25:00” is neither a time like 08:00 nor a cron pattern/);
    assert.deepEqual(parseBriefingTime('08:00', 'Mars/Olympus'), { ok: false, problem: '“Mars/Olympus” is not a time zone I know: give an IANA name such as Europe/Berlin, Asia/Dubai or UTC.' });
  });
});

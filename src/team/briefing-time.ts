import { Cron } from 'croner';

/** A briefing time as typed in /settings, made a schedule: a cron pattern read in a time zone. */
export type BriefingTime = { ok: true; cron: string; timezone: string; described: string } | { ok: false; problem: string };

const HOUR_MINUTE = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/;

/**
 * "08:00" (every day at that time) or a cron pattern ("0 8 * * 1-5", weekdays at 08:00), read in
 * `timezone` (an IANA name such as "Europe/Berlin"; UTC when not given). A problem names what to
 * type instead.
 */
export function parseBriefingTime(time: string, timezone = 'UTC'): BriefingTime {
  const zone = timezone.trim() || 'UTC';
  if (!isTimeZone(zone)) return { ok: false, problem: `“${zone}” is not a time zone I know: give an IANA name such as Europe/Berlin, Asia/Dubai or UTC.` };
  const typed = time.trim();
  const clock = HOUR_MINUTE.exec(typed);
  const cron = clock ? `${Number(clock[2])} ${Number(clock[1])} * * *` : typed;
  const problem = cronProblem(cron, zone);
  if (problem) return { ok: false, problem: `“${typed}” is neither a time like 08:00 nor a cron pattern such as “0 8 * * 1-5” (weekdays at 08:00): ${problem}.` };
  const described = clock ? `every day at ${clock[1]!.padStart(2, '0')}:${clock[2]} (${zone})` : `on the cron pattern “${cron}” (${zone})`;
  return { ok: true, cron, timezone: zone, described };
}

/** When a schedule runs next, or null if never. */
export function nextRun(cron: string, timezone: string, from: Date = new Date()): Date | null {
  const job = new Cron(cron, { paused: true, timezone });
  try {
    return job.nextRun(from);
  } finally {
    job.stop();
  }
}

function cronProblem(pattern: string, timezone: string): string | undefined {
  try {
    return nextRun(pattern, timezone) ? undefined : 'the pattern never fires';
  } catch (error) {
    return (error as Error).message;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

import { Cron } from 'croner';

/** Why a cron pattern cannot be used, or undefined when it can. */
export function cronProblem(pattern: string): string | undefined {
  try {
    const job = new Cron(pattern, { paused: true });
    const next = job.nextRun();
    job.stop();
    return next ? undefined : 'the pattern never fires';
  } catch (error) {
    return (error as Error).message;
  }
}

export interface BriefingSchedule {
  /** When the next briefing is due (null if never). */
  nextRun(): Date | null;
  stop(): void;
}

/**
/**
 * Runs `post` on the cron pattern (5 fields, or 6 with seconds first), read in `timezone` (an IANA
 * name; the server's own time when not given), with the time the run was due (the pattern's time,
 * the same in every process, however late this one's timer fired). A run still going when the next
 * is due is skipped rather than doubled; an error is handed to `onError`, never lost.
 */
export function scheduleBriefing(pattern: string, post: (scheduledFor: Date) => Promise<void>, onError: (error: unknown) => void, timezone?: string): BriefingSchedule {
  const job: Cron = new Cron(pattern, { protect: true, catch: (error) => onError(error), ...(timezone ? { timezone } : {}) }, async () => {
    // The timer fires at or just after the time due; a run exactly at the reference is not "previous".
    const fired = job.currentRun() ?? new Date();
    await post(job.previousRuns(1, new Date(fired.getTime() + 1))[0] ?? fired);
  });
  return {
    nextRun: () => job.nextRun(),
    stop: () => job.stop(),
  };
}

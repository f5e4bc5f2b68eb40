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
 * Runs `post` on the cron pattern (5 fields, or 6 with seconds first), read in `timezone` (an IANA
 * name; the server's own time when not given). A run still going when the next is due is skipped
 * rather than doubled; an error is handed to `onError`, never lost.
 */
export function scheduleBriefing(pattern: string, post: () => Promise<void>, onError: (error: unknown) => void, timezone?: string): BriefingSchedule {
  const job = new Cron(pattern, { protect: true, catch: (error) => onError(error), ...(timezone ? { timezone } : {}) }, async () => {
    await post();
  });
  return {
    nextRun: () => job.nextRun(),
    stop: () => job.stop(),
  };
}

/**
 * How long the event loop was blocked while a job ran: the number that says whether a bot's
 * Discord heartbeats (and every other timer and socket) would have been answered late.
 */

export interface EventLoopStallOptions {
  /** How often the probe timer asks to run, in ms. Smaller sees shorter stalls. @default 5 */
  intervalMs: number;
}

export const defaultEventLoopStallOptions: EventLoopStallOptions = { intervalMs: 5 };

/**
 * Runs `job` while a timer probes the event loop; `maxStallMs` is the longest time the timer fired
 * later than asked (0 when it was always on time). A stall shorter than the interval can be missed;
 * one that lasts until the job ends is counted too.
 */
export async function measureEventLoopStall<T>(
  job: () => Promise<T>,
  options: Partial<EventLoopStallOptions> = {},
): Promise<{ value: T; maxStallMs: number }> {
  const { intervalMs } = { ...defaultEventLoopStallOptions, ...options };
  let last = performance.now();
  let maxStallMs = 0;
  const probe = () => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last - intervalMs);
    last = now;
  };
  const timer = setInterval(probe, intervalMs);
  try {
    const value = await job();
    probe(); // the stretch since the last tick, which may end in a stall the timer never saw
    return { value, maxStallMs: Math.max(0, maxStallMs) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Waiting for something a test cannot be told about (a line in a child's output, a row in
 * PostgreSQL, a file on disk): the one polling loop the tests share.
 *
 * It stops checking once it has timed out or been aborted, so a failed wait leaves nothing running
 * behind the test, and its error says what was awaited and what was last seen.
 * Where the emulator can say when something happened (emulator.waitUntil, waitForChannelMessage,
 * an interaction's waitFor), use that instead: it wakes on the event rather than on a timer.
 */

export interface WaitForOptions {
  /** Gives up after this long; a guard against a hang, not a speed requirement. */
  timeoutMs: number;
  /** What was awaited, in words; a function is called at the timeout, so it can show the latest output. */
  message: string | (() => string);
  /** Pause between checks. Defaults to 20 ms. */
  intervalMs?: number;
  /** Stops the wait (it rejects with the signal's reason) and any further checks. */
  signal?: AbortSignal;
}

/** What `condition` returns while the wait goes on. */
type NotYet = undefined | null | false;

/**
 * Resolves with the first value of `condition()` that is not undefined, null or false (an async
 * condition is awaited). An error thrown by `condition` rejects the wait at once: assertions that
 * must hold on every check may go inside it.
 */
export async function waitFor<T>(condition: () => T | NotYet | Promise<T | NotYet>, options: WaitForOptions): Promise<T> {
  const { timeoutMs, intervalMs = 20, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastSeen: unknown;
  for (;;) {
    signal?.throwIfAborted();
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value;
    lastSeen = value;
    const left = deadline - Date.now();
    if (left <= 0) {
      const what = typeof options.message === 'function' ? options.message() : options.message;
      throw new Error(`waitFor: timed out after ${timeoutMs} ms waiting for ${what} (last check gave ${String(lastSeen)})`);
    }
    await pause(Math.min(intervalMs, left), signal);
  }
}

/** A pause that ends early, rejecting, when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What the shard manager sends a shard over IPC to stop it gracefully (instead of a signal: see run-shards.ts). */
export interface StopRequest {
  newsBotStop: true;
  /** The signal the manager got, for the shard's log. */
  signal: string;
}

export function stopRequest(signal: string): StopRequest {
  return { newsBotStop: true, signal };
}

export function isStopRequest(message: unknown): message is StopRequest {
  return typeof message === 'object' && message !== null && (message as Partial<StopRequest>).newsBotStop === true;
}

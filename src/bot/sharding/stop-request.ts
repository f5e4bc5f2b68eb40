/** What the shard manager sends a shard over IPC to stop it gracefully (instead of a signal: see run-shards.ts). */
export interface StopRequest {
  newsBotStop: true;
  /** Why (the signal the manager got, or another shard's failure), for the shard's log. */
  reason: string;
}

export function stopRequest(reason: string): StopRequest {
  return { newsBotStop: true, reason };
}

export function isStopRequest(message: unknown): message is StopRequest {
  return typeof message === 'object' && message !== null && (message as Partial<StopRequest>).newsBotStop === true;
}

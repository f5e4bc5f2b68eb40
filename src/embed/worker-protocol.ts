/**
 * The messages between worker-embedder.ts (the parent) and embed-worker.ts (the child process):
 * the one thing both sides share, so neither imports the other.
 */
import type { EmbedderOptions } from './embedder.ts';

/** The worker's scheduling priority (Unix niceness, 0 = normal, 19 = lowest): below the bot's. */
export const EMBED_WORKER_NICENESS = 10;

/** The worker reads its start-up data (EmbedWorkerData, as JSON) from this environment variable. */
export const EMBED_WORKER_DATA_ENV = 'EMBED_WORKER_DATA';

/** What the parent passes at start-up (in the EMBED_WORKER_DATA environment variable, as JSON). */
export interface EmbedWorkerData {
  options: Partial<Omit<EmbedderOptions, 'onDownloadProgress' | 'threads'>> & Pick<EmbedderOptions, 'cacheDir'>;
  /** Forward download progress as messages (functions cannot cross processes). */
  reportDownloadProgress: boolean;
  /** onnxruntime intra-op threads. */
  threads: number;
}

export type EmbedWorkerRequest =
  | { type: 'embed'; id: number; kind: 'passage' | 'query'; texts: string[] }
  | { type: 'dispose' };

export type EmbedWorkerReply =
  | { type: 'download'; file: string; loaded: number; total: number }
  | { type: 'loaded'; ok: true; modelId: string; dimension: number; isFixture: boolean; derivedFrom?: string; advice?: string }
  | { type: 'loaded'; ok: false; reason: string; fix: string }
  /** loadEmbedder threw: a bug or bad options, not an environment problem. */
  | { type: 'load-error'; message: string }
  /** `count` vectors of the model's dimension, back to back. */
  | { type: 'vectors'; id: number; count: number; data: Float32Array }
  | { type: 'error'; id: number; message: string }
  | { type: 'disposed' };

/** The messages between worker-translator.ts (the parent) and translation-worker.ts (the child). */
import type { MarianOptions } from './marian.ts';

/** The worker reads its options (MarianOptions, as JSON) from this environment variable. */
export const TRANSLATION_WORKER_DATA_ENV = 'TRANSLATION_WORKER_DATA';

export type TranslationRequest = { type: 'translate'; id: number; sentences: string[] } | { type: 'dispose' };

export type TranslationReply =
  | { type: 'loaded'; ok: true }
  | { type: 'loaded'; ok: false; reason: string }
  | { type: 'translations'; id: number; texts: string[] }
  | { type: 'error'; id: number; message: string }
  | { type: 'disposed' };

export type TranslationWorkerData = MarianOptions;

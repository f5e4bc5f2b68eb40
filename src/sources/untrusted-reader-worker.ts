/**
 * The reading worker thread: parses fetched pages, feeds and files (linkedom, Readability,
 * fast-xml-parser) away from the bot's event loop. One job at a time; the main thread ends the
 * whole thread when a job takes too long (untrusted-reader.ts).
 */
import { setPriority, constants } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runReaderJob, type ReaderJob } from './reader-jobs.ts';

// Reading is background work: on Linux a thread's nice value is its own, so this thread yields the
// CPU to the bot's main thread (heartbeats, commands) without slowing the rest of the process.
try {
  setPriority(constants.priority.PRIORITY_LOW);
} catch {
  // Not permitted here (some sandboxes): the thread reads at normal priority.
}

parentPort!.on('message', (message: { id: number; job: ReaderJob }) => {
  parentPort!.postMessage({ id: message.id, result: runReaderJob(message.job) });
});

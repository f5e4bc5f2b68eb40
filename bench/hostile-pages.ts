/**
 * The bot's event loop while hostile pages and feeds are read (issue 20, case 5: Readability ran
 * 65 s on the event loop for 2,000 nested <div>s). Each input goes through the reading thread the
 * bot uses (src/sources/untrusted-reader.ts) while a 5 ms timer probes the event loop. A thread
 * busy beside the main one delays its timers through CPU contention alone, so the same probe is
 * also run beside a worker thread that only spins: the baseline the other figures compare with.
 */
import { Worker } from 'node:worker_threads';
import { UntrustedReader } from '../src/sources/untrusted-reader.ts';
import { measureEventLoopStall } from '../src/util/event-loop-stall.ts';
import { hostileFeeds, manyElements, nestedDivs } from '../test/support/hostile-pages.ts';

export interface HostileReading {
  input: string;
  ms: number;
  maxStallMs: number;
  outcome: string;
}

export async function measureHostileReading(): Promise<{ pages: HostileReading[]; feeds: HostileReading[]; busyThreadBaselineMs: number }> {
  const reader = new UntrustedReader();
  // The thread is started once, as the bot's first fetch does; its start-up is not a page's cost.
  await reader.page({ body: Buffer.from('<p>start</p>'), contentType: 'text/html' });
  const pages: [string, string][] = [
    ['2,000 nested divs (22 KB)', nestedDivs(2000)],
    ['20,000 nested divs', nestedDivs(20_000)],
    ['120 nested divs (under the cap)', nestedDivs(120)],
    ['40,000 elements (under the cap)', manyElements(40_000)],
  ];
  const read = async (input: string, job: () => Promise<object>): Promise<HostileReading> => {
    const started = performance.now();
    const { value, maxStallMs } = await measureEventLoopStall(job);
    const outcome = 'reason' in value ? `refused: ${String(value.reason)}` : 'items' in value ? `read ${(value.items as unknown[]).length} items` : 'read';
    return { input, ms: performance.now() - started, maxStallMs, outcome };
  };
  const pageResults: HostileReading[] = [];
  for (const [input, html] of pages) pageResults.push(await read(input, () => reader.page({ body: Buffer.from(html), contentType: 'text/html' })));
  const feedResults: HostileReading[] = [];
  for (const [input, xml] of Object.entries(hostileFeeds())) {
    const body = Buffer.from(xml);
    feedResults.push(await read(`feed: ${input}`, () => reader.feed({ body, contentType: 'application/rss+xml', feedUrl: 'https://example.com/rss' })));
  }
  await reader.close();
  const spin = Math.max(...[...pageResults, ...feedResults].map((r) => r.ms), 1000);
  const baseline = await measureEventLoopStall(() => spinThread(spin));
  return { pages: pageResults, feeds: feedResults, busyThreadBaselineMs: baseline.maxStallMs };
}

/** A worker thread that only spins for `ms`: CPU contention without any work on the main thread. */
function spinThread(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`const end = Date.now() + ${Math.ceil(ms)}; while (Date.now() < end) {} require('node:worker_threads').parentPort.postMessage(0);`, { eval: true });
    worker.once('message', () => void worker.terminate().then(() => resolve()));
    worker.once('error', reject);
  });
}

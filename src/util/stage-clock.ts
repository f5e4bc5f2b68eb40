/**
 * Times the named stages of a long piece of work (an index build) as they run, and notes the
 * process's memory at the end of each: the work only names its stages, and whoever reads the
 * record (`npm run bench`, a log) decides what to make of it.
 */
export class StageClock<Stage extends string> {
  /** Wall-clock ms per stage, in the order the stages ran. */
  readonly timings: Partial<Record<Stage, number>> = {};
  /** The process's RSS in MiB at the end of each stage. */
  readonly rssAfter: Partial<Record<Stage, number>> = {};
  /** The JS heap in use (MiB, garbage included) at the end of each stage. */
  readonly heapAfter: Partial<Record<Stage, number>> = {};

  /** Runs `work` as `stage`; a stage run twice adds up. */
  async time<T>(stage: Stage, work: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await work();
    this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - start;
    const memory = process.memoryUsage();
    this.rssAfter[stage] = memory.rss / 2 ** 20;
    this.heapAfter[stage] = memory.heapUsed / 2 ** 20;
    return result;
  }
}

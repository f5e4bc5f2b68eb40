#!/usr/bin/env node
/**
 * `npm run bench`: the benchmarks' own entry point. bench/ is tooling beside the product: it uses
 * src/, and nothing `npm start` loads imports it (src/cli.ts does not know this command).
 */
import { Command } from 'commander';
import { reportFailure } from '../src/app/report-failure.ts';
import { benchCommand } from './bench-command.ts';

const program = new Command()
  .name('news-quote-bot bench')
  .description('measure speed and memory on this machine: latency, throughput, recall, RSS (see docs/benchmarks.md)')
  .option('--json', 'print one JSON object')
  .option('--quick', 'skip the slow stages (100k passages, the e5-shaped model)')
  .option('--embed-passages <n>', 'passages per runtime in the embedding comparison', Number)
  .option('--reindex-passages <n>', 'passages embedded while the event loop is watched', Number)
  .option('--real-recall-seconds <n>', 'time spent embedding passages with the real model for its HNSW recall (default 600)', Number)
  .option('--only <stages>', 'only these stages, comma-separated: seeds, hostile, 10k, 100k, minisearch, embedding, model, bot, real-recall')
  .showHelpAfterError()
  .action(benchCommand);

try {
  await program.parseAsync();
} catch (error) {
  reportFailure(error);
}

#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { askCommand, deployCommandsCommand, evalCommand, indexCommand, startCommand } from './cli/commands.ts';
import { dbCommand } from './cli/db-command.ts';
import { feedbackCommand } from './cli/feedback-command.ts';
import { modelCommand } from './cli/model-command.ts';
import { reportFailure } from './app/report-failure.ts';
import { MAX_PASSAGES } from './settings.ts';

// Output piped into `head` (or any reader that stops early): once the reader has gone there is
// nobody to answer, so stop quietly, as command-line tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

function resultCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PASSAGES) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PASSAGES}`);
  return n;
}

const program = new Command()
  .name('news-quote-bot')
  .description('Answers questions about a folder of news articles by quoting them verbatim, with file and line numbers.')
  .showHelpAfterError();

program
  .command('index')
  .description('build or update the index of a corpus folder (only changed passages are embedded)')
  .option('--corpus <dir>', 'corpus folder (default: CORPUS_DIR, seeds/)')
  .action(indexCommand);

program
  .command('ask')
  .description('answer one question, or every question of an evaluation file with --batch')
  .argument('[question...]', 'the question, in English or Arabic')
  .option('--json', 'print JSON (one object; with --batch one line per question)')
  .option('--k <n>', `passages to return, 1 to ${MAX_PASSAGES} (default: ANSWER_PASSAGES, 5)`, resultCount)
  .option('--corpus <dir>', 'corpus folder (default: CORPUS_DIR, seeds/)')
  .option('--batch <file>', 'evaluation file ({questions:[{id,q,...}]}) to answer in one go')
  .action(askCommand);

program
  .command('eval')
  .description('measure hit@1, hit@5, MRR@10, set recall and abstention (default: the seed dev set, ARCD test, XQuAD dev and the news dev set)')
  .option('--corpus <dir>', 'corpus folder')
  .option('--questions <file>', 'evaluation file')
  .option('--split <name>', 'only questions of this split (e.g. test)')
  .option('--json', 'print the table as JSON')
  .option('--calibrate', 'propose the relevance thresholds from the tuning questions (news dev, XQuAD dev, ARCD train) instead')
  .addOption(new Option('--mode <mode>', 'retrievers to use: both fused, or one alone').choices(['hybrid', 'lexical', 'dense']).default('hybrid'))
  .action(evalCommand);

program
  .command('add')
  .description('add one article to the shared corpus (CORPUS_DIR, read by every Discord server) from a link or a .txt/.md/.html file, then update the index')
  .argument('<url-or-file>', 'an http(s) link to the article, or a file path')
  .option('--server <id>', "a Discord server's own articles instead of the shared corpus (answered only in that server)")
  // Fetching and extracting articles (linkedom, Readability, the feed parser) loads only for these commands.
  .action(async (target: string, options: { server?: string }) => (await import('./cli/sources-commands.ts')).addCommand(target, options));

program
  .command('feeds')
  .description("RSS/Atom feeds of the shared corpus (CORPUS_DIR): poll (save new articles, update the index), list, add URL, remove URL")
  .argument('<action>', 'poll | list | add | remove')
  .argument('[url]', 'the feed address (for add and remove)')
  .option('--server <id>', "a Discord server's own feeds and articles instead of the shared corpus")
  .action(async (action: string, url: string | undefined, options: { server?: string }) => (await import('./cli/sources-commands.ts')).feedsCommand(action, url, options));

program
  .command('feedback')
  .description('what members said of the bot\'s answers: export (an evaluation file of the 👍/👎 votes) or report (the questions most often marked wrong)')
  .argument('<action>', 'export | report')
  .option('--json', 'export: print the evaluation file as JSON')
  .option('--server <id>', 'one Discord server\'s feedback only (default: every server)')
  .option('--out <file>', 'export: write the file here instead of printing it')
  .action(feedbackCommand);

program.addCommand(modelCommand());

program
  .command('db')
  .description('a local PostgreSQL server with pgvector for development and tests: start (prints its DATABASE_URL), stop, status; backup FILE / restore FILE: the tables of DATABASE_URL (pg_dump / pg_restore)')
  .argument('<action>', 'start | stop | status | backup | restore')
  .argument('[file]', 'the backup file (for backup and restore)')
  .action(dbCommand);

program
  .command('start')
  .description('without DISCORD_TOKEN: index seeds/ if needed, then ask questions at a prompt; with it: run the Discord bot')
  .action(startCommand);

program
  .command('deploy-commands')
  .description('register the slash commands with Discord (to DISCORD_GUILD_ID when set, else globally)')
  .action(deployCommandsCommand);

try {
  await program.parseAsync();
} catch (error) {
  reportFailure(error);
}

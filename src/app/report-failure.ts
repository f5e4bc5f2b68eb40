import { UserError } from '../util/user-error.ts';

/**
 * The last word of an entry point (a CLI command, a bot shard) on an error that reached its top.
 * A UserError, which every expected failure of the lower layers extends, is something the user
 * can fix: one line `Error: <message>` on stderr, no stack trace, exit code 1. Anything else is a
 * bug: it is thrown again, so node prints the whole stack and exits with 1.
 */
export function reportFailure(error: unknown, prefix = ''): void {
  if (!(error instanceof UserError)) throw error;
  console.error(`${prefix}Error: ${error.message}`);
  process.exitCode = 1;
}

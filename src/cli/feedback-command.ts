import { writeFile } from 'node:fs/promises';
import { serverKey } from '../team/answer-record.ts';
import { feedbackEvalSet } from '../team/feedback-export.ts';
import { mostMarkedWrong } from '../team/feedback-report.ts';
import { openTeamStore } from '../team/open-team-store.ts';
import { cliLogger, configOrExit } from '../app/open-engine.ts';
import { UserError } from '../util/user-error.ts';

/**
 * `npm run feedback -- export --json [--server ID] [--out FILE]`: the votes as an evaluation file
 * (what `npm run eval -- --questions FILE --corpus DIR` reads); `npm run feedback -- report
 * [--server ID]`: the questions most often marked wrong. Both read the team store the bot writes
 * (INDEX_DIR/team/, or PostgreSQL with DATABASE_URL); every server's unless --server names one.
 */
export async function feedbackCommand(action: string, options: { json?: boolean; server?: string; out?: string }): Promise<void> {
  if (action !== 'export' && action !== 'report') throw new UserError(`Unknown action "${action}": use export or report.`);
  if (options.server !== undefined && !/^\d{15,21}$/.test(options.server)) throw new UserError(`--server ${options.server}: expected a Discord server id (15 to 21 digits).`);
  const config = configOrExit();
  const logger = cliLogger(config);
  const store = await openTeamStore(config, { onProblem: (message) => logger.warn(message) });
  try {
    const rated = await store.feedback(options.server === undefined ? null : serverKey(options.server));
    const where = options.server ? `server ${options.server}` : 'every server';
    if (action === 'report') {
      const rows = mostMarkedWrong(rated, 20);
      if (rows.length === 0) console.log(`No answer of ${where} has been marked 👎 (${rated.length} rated answer(s) in ${store.location}).`);
      for (const [i, row] of rows.entries()) {
        const reasons = Object.entries(row.reasons).map(([reason, count]) => `${reason} ×${count}`);
        console.log(`${i + 1}. ${row.question} — 👎 ${row.down}${reasons.length ? ` (${reasons.join(', ')})` : ''} · 👍 ${row.up} · server ${row.latest.server}`);
      }
      return;
    }
    if (!options.json) throw new UserError('export writes an evaluation file in JSON: add --json (and --out FILE to write it to a file).');
    const { questions, skipped } = feedbackEvalSet(rated);
    const text = `${JSON.stringify({ questions }, null, 2)}\n`;
    if (options.out) await writeFile(options.out, text);
    else process.stdout.write(text);
    // The counts go to stderr: stdout is the file itself.
    const kinds = (kind: string) => questions.filter((q) => q.kind === kind).length;
    console.error(`${questions.length} question(s) from the feedback of ${where} (${kinds('any')} with 👍 passages as gold, ${kinds('none')} that should not have been answered)${options.out ? ` written to ${options.out}` : ''}.`);
    for (const skip of skipped) console.error(`Left out (server ${skip.server}) “${skip.question}”: ${skip.why}.`);
  } finally {
    await store.close();
  }
}

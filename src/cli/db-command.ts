import { backupDatabase, restoreDatabase } from '../db/backup.ts';
import { runningLocalPostgresUrl, startLocalPostgres, stopLocalPostgres } from '../db/local-postgres.ts';
import { configOrExit } from '../app/open-engine.ts';
import { UserError } from '../util/user-error.ts';

/**
 * `npm run db -- start|stop|status`: the development PostgreSQL server (src/db/local-postgres.ts);
 * `backup FILE` / `restore FILE`: the program's tables in DATABASE_URL's database (src/db/backup.ts).
 */
export async function dbCommand(action: string, file: string | undefined): Promise<void> {
  if (action === 'start') {
    const url = await startLocalPostgres((line) => console.error(line));
    console.error('PostgreSQL with pgvector is running. Use it with:');
    console.log(`DATABASE_URL=${url}`);
  } else if (action === 'stop') {
    console.log(stopLocalPostgres() ? 'PostgreSQL stopped (its data is kept for the next start).' : 'No local PostgreSQL was running.');
  } else if (action === 'status') {
    const url = runningLocalPostgresUrl();
    console.log(url ? `running: DATABASE_URL=${url}` : 'not running (npm run db -- start)');
  } else if (action === 'backup' || action === 'restore') {
    if (!file) throw new UserError(`db ${action}: give the backup's file, e.g. npm run db -- ${action} newsbot.dump`);
    const { DATABASE_URL: databaseUrl } = configOrExit();
    if (!databaseUrl) throw new UserError(`db ${action}: DATABASE_URL is not set: it names the database to ${action === 'backup' ? 'back up' : 'restore into'}.`);
    await (action === 'backup' ? backupDatabase : restoreDatabase)(databaseUrl, file, (line) => console.error(line));
  } else {
    throw new UserError(`db ${action}: expected start, stop, status, backup FILE or restore FILE.`);
  }
}

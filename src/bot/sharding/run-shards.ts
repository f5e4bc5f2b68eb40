import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ConsolaInstance } from 'consola';
import { ShardingManager, type Shard } from 'discord.js';
import { stopRequest } from './stop-request.ts';
import { UserError } from '../../util/user-error.ts';

const SHARD_MAIN = fileURLToPath(new URL('./shard-main.ts', import.meta.url));
/** discord.js's default pause between shards: Discord lets a bot identify once every 5 seconds. */
const SPAWN_DELAY_MS = 5_500;
/** A shard opens the index (the larger, the longer) and logs in before it counts as ready. */
const READY_TIMEOUT_MS = 10 * 60_000;
/** How long a shard gets to finish running answers and disconnect after a stop request. */
const STOP_GRACE_MS = 15_000;

/** A shard could not start (it exited or hung before READY): every shard has been stopped. */
export class ShardStartError extends UserError {}

/**
 * Runs the bot as `count` shard processes under discord.js's ShardingManager, one after the
 * other, each waiting for the previous one's READY. A shard that dies later is started again
 * (the manager's default), and says so in the log. SIGINT or SIGTERM stops every shard
 * gracefully, then resolves; a shard that cannot start stops them all and rejects.
 */
export async function runShards(options: { token: string; count: number; logger: ConsolaInstance }): Promise<void> {
  const { count, logger } = options;
  const manager = new ShardingManager(SHARD_MAIN, {
    totalShards: count,
    token: options.token,
    respawn: true,
    // Shards run TypeScript through the same loader as this process.
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  // starting: shards are being spawned; failed: one could not start, so all are being stopped.
  let phase: 'starting' | 'running' | 'failed' | 'stopping' = 'starting';
  manager.on('shardCreate', (shard: Shard) => {
    const name = `Shard ${shard.id}/${count}`;
    // The manager runs in its default 'process' mode: each shard is a child process, never a worker.
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      // discord.js starts a dead shard again at once, even one that could not start: stop that one.
      if (phase === 'failed' || phase === 'stopping') child.kill('SIGTERM');
      else logger.info(`${name}: process ${child.pid} started.`);
    });
    shard.on('ready', () => logger.info(`${name} is connected to Discord.`));
    shard.on('death', (spawned) => {
      const child = spawned as ChildProcess;
      if (phase === 'stopping' || (phase === 'failed' && shard.ready)) logger.info(`${name} stopped (${describeExit(child)}).`);
      else if (phase === 'starting' && !shard.ready) {
        phase = 'failed';
        logger.error(`${name}: process ${child.pid} ${describeExit(child)} before it was ready.`);
      } else if (phase !== 'failed') logger.error(`${name}: process ${child.pid} ${describeExit(child)}${shard.ready ? '' : ' before it was ready'}; starting it again.`);
    });
    shard.on('error', (error: unknown) => {
      if (phase !== 'failed' && phase !== 'stopping') logger.error(`${name}:`, error);
    });
  });

  const signals = stopSignals();
  const stopAll = async (reason: string): Promise<void> => {
    if (phase !== 'failed') phase = 'stopping';
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, reason)));
  };

  logger.info(`Starting ${count} shards, one every ${SPAWN_DELAY_MS / 1000} s or more (each waits for the previous one to connect).`);
  const spawning = manager.spawn({ amount: count, delay: SPAWN_DELAY_MS, timeout: READY_TIMEOUT_MS });
  const first = await Promise.race([
    spawning.then(
      () => ({ spawned: true as const }),
      (error: unknown) => ({ spawned: false as const, error }),
    ),
    signals.received.then((signal) => ({ signal })),
  ]);
  if ('spawned' in first && !first.spawned) {
    signals.dispose();
    const problem = first.error instanceof Error ? first.error.message : String(first.error);
    await stopAll('another shard could not start');
    throw new ShardStartError(`A shard could not start (${problem}); every shard was stopped. Its log above says why.`);
  }
  if ('spawned' in first) {
    phase = 'running';
    logger.info(`All ${count} shards are running. Ctrl-C (SIGINT) or SIGTERM stops them.`);
  }
  const signal = 'signal' in first ? first.signal : await signals.received;
  logger.info(`${signal}: stopping the shards…`);
  await stopAll(signal);
  // A shard created while the others stopped is stopped as it starts (see 'spawn' above).
  await spawning.catch(() => undefined);
  await stopAll(signal);
  logger.info('Stopped.');
}

/** The first SIGINT or SIGTERM; the handlers are removed then (or on dispose), so a second one ends the manager at once. */
function stopSignals(): { received: Promise<NodeJS.Signals>; dispose: () => void } {
  let dispose = (): void => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      dispose();
      resolve(signal);
    };
    dispose = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { received, dispose };
}

/**
 * A ready shard is asked over IPC, not by a signal: on Ctrl-C the terminal has already sent it
 * SIGINT, and a second signal would end it at once, without letting running answers finish.
 */
async function stopShard(shard: Shard, reason: string): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (shard.ready && child.connected) child.send(stopRequest(reason), () => undefined);
  else child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

function describeExit(child: ChildProcess): string {
  return child.signalCode ? `was ended by ${child.signalCode}` : `exited with code ${child.exitCode}`;
}

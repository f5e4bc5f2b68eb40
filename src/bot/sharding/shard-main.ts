/**
 * One shard process, forked by the ShardingManager that `npm start` runs when BOT_SHARDS is more
 * than 1. It gets the manager's environment plus SHARDS (its shard id) and SHARD_COUNT, which the
 * discord.js Client reads by itself; it opens the same store as every other shard and runs the bot.
 */
import { botSettings } from '../bot-config.ts';
import { runBot } from '../run.ts';
import { describeReport } from '../../app/describe-report.ts';
import { configurationProblem } from '../../app/messages.ts';
import { cliLogger, configOrExit, openEngine } from '../../app/open-engine.ts';
import { reportFailure } from '../../app/report-failure.ts';
import { UserError } from '../../util/user-error.ts';
import { settingsForShard, DUTY_SHARD } from './shard-duties.ts';
import { isStopRequest } from './stop-request.ts';

/** How long a stopped shard waits for stray timers before it exits anyway. */
const EXIT_GRACE_MS = 2000;
const shardId = Number(process.env.SHARDS);
const shardCount = Number(process.env.SHARD_COUNT);

try {
  const config = configOrExit();
  const logger = cliLogger(config).withTag(`shard ${shardId}/${shardCount}`);
  const checked = botSettings(config, 'start');
  if (!checked.ok) throw new UserError(configurationProblem(checked.problems));
  const settings = settingsForShard(checked.settings, shardId);
  if (shardId !== DUTY_SHARD && (checked.settings.briefing || checked.settings.feedCron)) {
    logger.info(`Scheduled briefings and feed polling run on shard ${DUTY_SHARD}.`);
  }
  // The manager asks for a stop over its IPC channel; losing the channel (the manager died) stops too.
  const stop = new AbortController();
  process.on('message', (message: unknown) => {
    if (isStopRequest(message)) stop.abort(`${message.reason} (from the shard manager)`);
  });
  process.once('disconnect', () => stop.abort('the shard manager is gone'));
  // discord.js reports each gateway event to the manager (process.send); once the manager is gone
  // those reports fail with ERR_IPC_CHANNEL_CLOSED, which must not end the graceful shutdown.
  process.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_IPC_CHANNEL_CLOSED') logger.error('Shard process error:', error);
  });
  const engine = await openEngine(config, logger, { catchUp: true });
  // The manager brought the index up to date before starting the shards: this says it was found so.
  logger.info(describeReport(engine.openReport));
  await runBot({ config, settings, engine, logger, stop: stop.signal });
} catch (error) {
  reportFailure(error, `[shard ${shardId}/${shardCount}] `);
} finally {
  // The IPC channel would keep this process alive after the bot stopped or failed to start.
  if (process.connected) process.disconnect();
  // Everything of ours is closed by now. If the gateway went away first, discord.js may still hold
  // a reconnect timer after destroy(); it must not keep a stopped shard alive (an orphan).
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

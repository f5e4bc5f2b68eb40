import type { ConsolaInstance } from 'consola';
import type { Config } from '../config.ts';
import type { Engine } from '../engine.ts';
import type { BotSettings } from './bot-config.ts';
import { Bot } from './bot.ts';
import { redactingLogger } from './redact.ts';
import { openTeamStore } from '../team/open-team-store.ts';
import type { TeamStore } from '../team/team-store.ts';

/**
 * Runs the bot until SIGINT or SIGTERM (or `stop` is aborted: a shard's manager asking), then
 * shuts down in order: no new work, running answers finish, the connection closes, the engine
 * closes. A second signal during shutdown ends the process at once (the handlers are removed first).
 */
export async function runBot(input: { config: Config; settings: BotSettings; engine: Engine; logger: ConsolaInstance; stop?: AbortSignal }): Promise<void> {
  const options = { ...input, logger: redactingLogger(input.logger, [input.settings.token]) };
  let team: TeamStore;
  try {
    team = await openTeamStore(options.config, { onProblem: (message) => options.logger.warn(message) });
  } catch (error) {
    await options.engine.close();
    throw error;
  }
  const bot = new Bot({ ...options, team, mentions: { threads: options.config.DISCORD_MENTION_THREADS } });
  try {
    await bot.start();
  } catch (error) {
    await team.close();
    await options.engine.close();
    throw error;
  }
  options.logger.info('The bot is running. Ctrl-C (SIGINT) or SIGTERM stops it.');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (reason: string): void => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      if (stopping) return;
      stopping = true;
      options.logger.info(`${reason}: shutting down…`);
      bot
        .stop()
        .catch((error: unknown) => options.logger.error('Error while disconnecting:', error))
        .then(() => team.close())
        .catch((error: unknown) => options.logger.error('Error while closing the team store:', error))
        .then(() => options.engine.close())
        .catch((error: unknown) => options.logger.error('Error while closing the engine:', error))
        .finally(() => {
          options.logger.info('Stopped.');
          resolve();
        });
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    const { stop } = options;
    if (stop?.aborted) shutdown(String(stop.reason));
    else stop?.addEventListener('abort', () => shutdown(String(stop.reason)), { once: true });
  });
}

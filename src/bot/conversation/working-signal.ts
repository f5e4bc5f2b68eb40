import type { Message } from 'discord.js';
import type { ConsolaInstance } from 'consola';

export const WORKING_EMOJI = '🔎';

/**
 * Shows that a question is being answered: a 🔎 reaction on it (or, where the bot may not react,
 * the typing indicator), removed when `stop` is called, whatever happened meanwhile. Neither is
 * worth failing an answer for: problems are only logged.
 */
export async function showWorking(message: Message, logger: ConsolaInstance): Promise<{ stop(): Promise<void> }> {
  try {
    const reaction = await message.react(WORKING_EMOJI);
    return {
      async stop() {
        await reaction.users.remove(message.client.user.id).catch((error: unknown) => logger.debug(`Could not remove the ${WORKING_EMOJI} reaction from ${message.id}:`, error));
      },
    };
  } catch (error) {
    logger.debug(`Could not react to ${message.id} (${(error as Error).message}); showing typing instead.`);
    if (message.channel.isSendable()) await message.channel.sendTyping().catch(() => undefined);
    return { async stop() {} };
  }
}

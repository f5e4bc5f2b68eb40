import type { ChatInputCommandInteraction, SlashCommandBooleanOption } from 'discord.js';
import type { Config } from '../../config.ts';
import { targetFor, type CorpusTarget } from '../../corpora/corpus-target.ts';

/** The `shared` option of /add and /feeds: the shared corpus instead of this server's own articles. */
export function sharedOption(option: SlashCommandBooleanOption): SlashCommandBooleanOption {
  return option.setName('shared').setDescription('Change the shared corpus every server reads instead of this server’s own (bot owners only)');
}

/**
 * Which corpus this command changes: this server's own articles, or the shared corpus (the home
 * server, or a bot owner asking with `shared`); a refusal when `shared` is asked for by anyone else.
 * Only for commands run in a server (the Manage Server check comes first).
 */
export function corpusChoice(interaction: ChatInputCommandInteraction, config: Config): CorpusTarget | { refusal: string } {
  return targetFor({ userId: interaction.user.id, guildId: interaction.guildId! }, interaction.options.getBoolean('shared') ?? false, config);
}

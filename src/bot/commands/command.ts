import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Paged } from '../render/paged.ts';
import type { BotContext } from '../context.ts';

/** One slash command: its definition (registered by deploy-commands) and its handler. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Whether only the asker sees the answer; may depend on the options given. */
  ephemeral(interaction: ChatInputCommandInteraction): boolean;
  /** Counted by the per-user rate limit. @default true */
  rateLimited?: boolean;
  /** Checked before deferring: a string is a refusal shown only to the asker. */
  refuse?(interaction: ChatInputCommandInteraction, ctx: BotContext): string | undefined;
  /** The answer, as pages; the dispatcher sends it (after deferring) and adds the buttons. */
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Paged>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<ApplicationCommandOptionChoiceData<string>[]>;
}

import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type StringSelectMenuInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { askColleague } from './actions/escalate.ts';
import { shareAnswer } from './actions/share.ts';
import { chooseReason, pressVote } from './actions/votes.ts';
import { decodeAnswerAction, type AnswerAction } from './answer-actions.ts';
import type { Command } from './commands/command.ts';
import { keepAnswer, noteAnswerMessage } from './keep-answer.ts';
import { contextIn, type BotContext } from './context.ts';
import { decodePageButton } from './paging/custom-id.ts';
import { NO_PINGS, needsButtons, pageMessage } from './paging/page-message.ts';
import { rateLimitMessage } from './rate-limit.ts';
import { DiscordLimits, truncate } from './render/limits.ts';
import { Replies } from './replies.ts';

/**
 * The one entry point for interactions: slash commands, autocomplete, page buttons and the buttons
 * under answers (👍/👎 and its reason menu, Share, Ask a colleague). Every
 * handler runs inside one try/catch: a failure is logged with its stack and the user gets a
 * short, polite message only they can see.
 */
export async function dispatchInteraction(interaction: Interaction, commands: ReadonlyMap<string, Command>, ctx: BotContext): Promise<void> {
  try {
    // Commands and suggestions read the corpus of the server they come from (its own articles over the shared ones).
    if (interaction.isChatInputCommand()) await runCommand(interaction, commands, await contextIn(ctx, interaction.guildId));
    else if (interaction.isAutocomplete()) await suggest(interaction, commands, await contextIn(ctx, interaction.guildId));
    else if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const action = decodeAnswerAction(interaction.customId);
      if (action) await pressAnswerAction(interaction, action, await contextIn(ctx, interaction.guildId));
      else if (interaction.isButton()) await pressButton(interaction, ctx);
      else await interaction.reply({ content: Replies.expired, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    }
  } catch (error) {
    ctx.logger.error(`Interaction ${describe(interaction)} by ${interaction.user.id} failed:`, error);
    await apologise(interaction).catch((replyError: unknown) => ctx.logger.error('Could not tell the user about the failure:', replyError));
  }
}

/** 👍, 👎 (and its reason menu), Share in channel, Ask a colleague: under every answer. */
async function pressAnswerAction(interaction: ButtonInteraction | StringSelectMenuInteraction, { answerId, action }: { answerId: string; action: AnswerAction }, ctx: BotContext): Promise<void> {
  if (interaction.isStringSelectMenu()) {
    if (action === 'why') await chooseReason(interaction, answerId, ctx);
    return;
  }
  if (action === 'up' || action === 'down') await pressVote(interaction, answerId, action, ctx);
  else if (action === 'share') await shareAnswer(interaction, answerId, ctx);
  else if (action === 'ask') await askColleague(interaction, answerId, ctx);
}

function describe(interaction: Interaction): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isButton() || interaction.isStringSelectMenu()) return `component ${interaction.customId}`;
  return `type ${interaction.type}`;
}

async function runCommand(interaction: ChatInputCommandInteraction, commands: ReadonlyMap<string, Command>, ctx: BotContext): Promise<void> {
  const command = commands.get(interaction.commandName);
  if (!command) {
    await interaction.reply({ content: Replies.unknownCommand(interaction.commandName), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const refusal = command.refuse?.(interaction, ctx);
  if (refusal) {
    await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  if (command.rateLimited !== false) {
    const decision = ctx.limits.take(interaction.user.id, interaction.guildId);
    if (!decision.ok) {
      await interaction.reply({ content: rateLimitMessage(decision), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return;
    }
  }
  // Deferring first buys 15 minutes instead of Discord's 3 seconds.
  const ephemeral = command.ephemeral(interaction);
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  // Another shard or process may have reindexed the shared store: /sources, /quote and /briefing
  // read the index without asking a question, so they would otherwise show the old one.
  await ctx.engine.loadNewerIndex();
  const paged = await command.execute(interaction, ctx);
  // An answer (/ask) is kept for its feedback buttons; a private one can be shared.
  const actions = paged.answer
    ? await keepAnswer(ctx, paged.answer, { guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id, via: 'slash', ephemeral })
    : undefined;
  const session = needsButtons(paged) || actions?.share ? ctx.sessions.create(interaction.user.id, paged, actions) : null;
  const reply = await interaction.editReply(pageMessage(paged, 0, session?.id ?? null, undefined, actions));
  await noteAnswerMessage(ctx, interaction.guildId, actions, reply.channelId, reply.id);
}

async function suggest(interaction: AutocompleteInteraction, commands: ReadonlyMap<string, Command>, ctx: BotContext): Promise<void> {
  const command = commands.get(interaction.commandName);
  const choices = command?.autocomplete ? await command.autocomplete(interaction, ctx) : [];
  await interaction.respond(
    choices.slice(0, DiscordLimits.autocompleteChoices).map((c) => ({ name: truncate(c.name, DiscordLimits.choiceName), value: c.value.slice(0, DiscordLimits.choiceValue) })),
  );
}

async function pressButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const button = decodePageButton(interaction.customId);
  if (!button) {
    ctx.logger.warn(`Unknown button ${interaction.customId}`);
    await interaction.reply({ content: Replies.expired, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const session = ctx.sessions.get(button.session);
  if (!session) {
    await interaction.reply({ content: Replies.expired, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  if (session.ownerId !== interaction.user.id) {
    await interaction.reply({ content: Replies.notOwner, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const pageIndex = Math.min(button.page, session.paged.pages.length - 1);
  if (button.action === 'go') {
    await interaction.update(pageMessage(session.paged, pageIndex, session.id, button.english, session.actions));
    return;
  }
  const full = session.paged.pages[pageIndex]?.full ?? [];
  if (full.length === 0) {
    await interaction.reply({ content: 'Every passage on this page is already shown in full.', flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const [first, ...rest] = full;
  await interaction.reply({ embeds: first, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  for (const embeds of rest) await interaction.followUp({ embeds, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}

/** The polite ephemeral message after a failure, by whichever route is still open. */
async function apologise(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const message = { content: Replies.error, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS } as const;
  const repliable: RepliableInteraction = interaction;
  if (repliable.deferred && !repliable.replied) {
    if (repliable.ephemeral) {
      await repliable.editReply({ content: Replies.error, embeds: [], components: [], allowedMentions: NO_PINGS });
      return;
    }
    // A public "thinking…" placeholder would stay forever: remove it, then apologise privately.
    await repliable.deleteReply();
    await repliable.followUp(message);
    return;
  }
  if (repliable.deferred || repliable.replied) await repliable.followUp(message);
  else await repliable.reply(message);
}

import { MessageFlags, userMention, type ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { noteAnswerMessage } from '../keep-answer.ts';
import { needsButtons, NO_PINGS, pageMessage } from '../paging/page-message.ts';
import { rateLimitMessage } from '../rate-limit.ts';
import { DiscordLimits, truncate } from '../render/limits.ts';
import { Replies } from '../replies.ts';

/**
 * "Share in channel" under a private /ask answer: the same answer posted in the channel, naming
 * who shared it (a mention that pings nobody), with its own buttons. Only the asker can share, once;
 * a second press links to the first. It posts a message, so it counts as a question in the limits.
 */
export async function shareAnswer(interaction: ButtonInteraction, answerId: string, ctx: BotContext): Promise<void> {
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  const session = ctx.sessions.forAnswer(answerId);
  if (!session) return void (await reply(Replies.expired));
  if (session.ownerId !== interaction.user.id) return void (await reply(Replies.notOwner));
  if (session.sharedAt) return void (await reply(`You shared this answer already: ${session.sharedAt}`));
  const decision = ctx.limits.take(interaction.user.id, interaction.guildId);
  if (!decision.ok) return void (await reply(rateLimitMessage(decision)));
  const actions = session.actions ? { answerId, share: false } : undefined;
  // The public copy turns its own pages; it opens where the answer opens.
  const copy = needsButtons(session.paged) ? ctx.sessions.create(interaction.user.id, session.paged, actions) : null;
  const message = pageMessage(session.paged, 0, copy?.id ?? null, undefined, actions);
  const response = await interaction.reply({
    ...message,
    content: truncate(`${userMention(interaction.user.id)} shared this answer:\n${message.content}`, DiscordLimits.content),
    allowedMentions: NO_PINGS,
    withResponse: true,
  });
  const posted = response.resource?.message;
  if (posted) {
    session.sharedAt = posted.url;
    if (copy) copy.sharedAt = posted.url;
    await noteAnswerMessage(ctx, interaction.guildId, actions, posted.channelId, posted.id);
  }
}

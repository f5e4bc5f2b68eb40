import { channelMention, messageLink, MessageFlags, roleMention, userMention, type ButtonInteraction, type Client } from 'discord.js';
import { serverKey, type AnswerRecord } from '../../team/answer-record.ts';
import type { BotContext } from '../context.ts';
import { NO_PINGS } from '../paging/page-message.ts';
import { rateLimitMessage } from '../rate-limit.ts';
import { questionLine } from '../render/answer.ts';
import { escapeText } from '../render/escape.ts';
import { DiscordLimits, truncate } from '../render/limits.ts';
import { blockQuote, sourceLabel } from '../render/markdown.ts';
import { EMBED_COLOR } from '../render/paged.ts';
import { Replies } from '../replies.ts';

export const NO_ESCALATION_CHANNEL =
  'No one to ask yet: this server has no escalation channel. Someone with **Manage Server** can set one with `/settings escalation channel:#channel role:@role` (the role is mentioned when an answer is sent there).';

/**
 * "Ask a colleague": posts the question and the passages the bot answered with in the server's
 * escalation channel, mentioning the role set with it, and nobody else (allowed mentions name only
 * that role). Once per answer: a second press links to the first post. It posts a message, so it
 * counts as a question in the rate limits.
 */
export async function askColleague(interaction: ButtonInteraction, answerId: string, ctx: BotContext): Promise<void> {
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  const guildId = interaction.guildId;
  const escalation = ctx.server.escalation;
  if (!guildId || !escalation) return void (await reply(guildId ? NO_ESCALATION_CHANNEL : 'Asking a colleague works inside a server, where an escalation channel is set.'));
  const server = serverKey(guildId);
  const answer = await ctx.team.answer(server, answerId);
  if (!answer) return void (await reply(Replies.answerForgotten));
  const decision = ctx.limits.take(interaction.user.id, guildId);
  if (!decision.ok) return void (await reply(rateLimitMessage(decision)));
  const claim = await ctx.team.claimEscalation(server, answerId, { userId: interaction.user.id, channelId: escalation.channelId, at: new Date().toISOString() });
  if (claim.status === 'unknown-answer') return void (await reply(Replies.answerForgotten));
  if (claim.status === 'already') {
    const { escalation: done } = claim;
    const where = done.messageId ? messageLink(done.channelId, done.messageId, guildId) : channelMention(done.channelId);
    return void (await reply(`${userMention(done.userId)} already asked a colleague about this answer: ${where}`));
  }
  // Deferred: fetching the channel and posting may take longer than Discord's 3 seconds.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    const channel = await postableChannel(interaction.client, escalation.channelId, guildId);
    if (!channel) {
      await ctx.team.finishEscalation(server, answerId, null);
      await interaction.editReply({ content: `I cannot post in the escalation channel ${channelMention(escalation.channelId)} (it is gone, or I may not send messages there). Someone with **Manage Server** can set another with \`/settings escalation\`.`, allowedMentions: NO_PINGS });
      return;
    }
    const posted = await channel.send(escalationMessage(answer, interaction.user.id, escalation.roleId, guildId));
    await ctx.team.finishEscalation(server, answerId, posted.id);
    await interaction.editReply({ content: `Sent to ${channelMention(channel.id)}${escalation.roleId ? ` for ${roleMention(escalation.roleId)}` : ''}: ${posted.url}`, allowedMentions: NO_PINGS });
  } catch (error) {
    await ctx.team.finishEscalation(server, answerId, null).catch(() => undefined);
    throw error;
  }
}

/** The escalation channel, when it is a channel of the same server the bot can post in. */
async function postableChannel(client: Client, channelId: string, guildId: string) {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  // A channel of another server is never posted in, whatever the settings say.
  if (!channel || channel.isDMBased() || channel.guildId !== guildId || !channel.isSendable()) return null;
  return channel;
}

/** The post: the role, who asks, the question and the passages (file, lines, quote), escaped. */
export function escalationMessage(answer: AnswerRecord, askerId: string, roleId: string | undefined, guildId: string) {
  const source = answer.messageId ? ` (${messageLink(answer.channelId, answer.messageId, guildId)})` : '';
  const content = truncate(`${roleId ? `${roleMention(roleId)} ` : ''}${userMention(askerId)} asks a colleague to check this answer${source}.\n${questionLine(answer.question)}`, DiscordLimits.content);
  const lines = answer.passages.map((p, i) => `**${i + 1}.** ${escapeText(sourceLabel(p))}\n${blockQuote(escapeText(p.quote))}`);
  const description = answer.status === 'answered' ? lines.join('\n') : 'The bot found nothing in the articles that answers it (it said so instead of quoting).';
  return {
    content,
    embeds: [{ color: EMBED_COLOR, title: answer.status === 'answered' ? 'The passages it answered with' : 'No passages', description: truncate(description, DiscordLimits.embedDescription) }],
    // Only the escalation role may be pinged; the asker is named, not pinged.
    allowedMentions: { parse: [], roles: roleId ? [roleId] : [], users: [], repliedUser: false },
  };
}

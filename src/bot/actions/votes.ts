import { MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { describeVote, isVoteReason, serverKey, type Vote, type VoteOutcome } from '../../team/answer-record.ts';
import { reasonMenu } from '../answer-actions.ts';
import type { BotContext } from '../context.ts';
import { NO_PINGS } from '../paging/page-message.ts';
import { Replies } from '../replies.ts';

/**
 * 👍 and 👎 on an answer: one vote per member per answer (a press of the same button again changes
 * nothing; the other button replaces it). 👎 is answered, privately, with a menu of reasons.
 * Presses cost nothing and are not counted as questions: storage is bounded per member and answer.
 */
export async function pressVote(interaction: ButtonInteraction, answerId: string, kind: 'up' | 'down', ctx: BotContext): Promise<void> {
  const server = serverKey(interaction.guildId);
  let outcome = await ctx.team.vote(server, answerId, interaction.user.id, { kind });
  // 👎 again after choosing a reason keeps the reason.
  if (outcome.status === 'changed' && kind === 'down' && outcome.previous?.kind === 'down' && outcome.previous.reason) {
    await ctx.team.vote(server, answerId, interaction.user.id, outcome.previous);
    outcome = { status: 'unchanged', previous: outcome.previous };
  }
  const text = voteMessage(outcome, { kind });
  const menu = kind === 'down' && (outcome.status === 'recorded' || outcome.status === 'changed' || (outcome.status === 'unchanged' && !(outcome.previous?.kind === 'down' && outcome.previous.reason)));
  await interaction.reply({
    content: menu ? `${text} What was wrong? (optional: it tells the team what to fix)` : text,
    components: menu ? [reasonMenu(answerId)] : [],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_PINGS,
  });
}

/** The reason chosen in the menu that follows 👎. */
export async function chooseReason(interaction: StringSelectMenuInteraction, answerId: string, ctx: BotContext): Promise<void> {
  const reason = interaction.values[0] ?? '';
  if (!isVoteReason(reason)) {
    await interaction.reply({ content: 'That is not one of the reasons in the menu.', flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const vote: Vote = { kind: 'down', reason };
  const outcome = await ctx.team.vote(serverKey(interaction.guildId), answerId, interaction.user.id, vote);
  const text = outcome.status === 'recorded' || outcome.status === 'changed' || outcome.status === 'unchanged' ? `Thanks — noted ${describeVote(vote)}.` : voteMessage(outcome, vote);
  await interaction.update({ content: text, components: [], allowedMentions: NO_PINGS });
}

function voteMessage(outcome: VoteOutcome, vote: Vote): string {
  switch (outcome.status) {
    case 'recorded':
      return `Thanks — your ${describeVote(vote)} is noted (press the other button to change it).`;
    case 'unchanged':
      return `Your vote on this answer is already noted: ${describeVote(outcome.previous ?? vote)}.`;
    case 'changed':
      return `Changed your vote from ${outcome.previous ? describeVote(outcome.previous) : 'none'} to ${describeVote(vote)}.`;
    case 'full':
      return `This answer has ${outcome.limit} votes already, the most kept for one answer: thank you, the team has enough on it.`;
    case 'unknown-answer':
      return Replies.answerForgotten;
  }
}


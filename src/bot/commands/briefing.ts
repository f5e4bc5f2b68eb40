import { SlashCommandBuilder } from 'discord.js';
import { buildDigest } from '../../briefing/digest.ts';
import { serverKey } from '../../team/answer-record.ts';
import { configuredLanguage } from '../context.ts';
import { checkQuestion, MAX_QUESTION_LENGTH } from '../../search/question-check.ts';
import { refusalText } from '../../search/refusals.ts';
import { renderDigest } from '../render/briefing.ts';
import type { Command } from './command.ts';

export const briefing: Command = {
  data: new SlashCommandBuilder()
    .setName('briefing')
    .setDescription('A digest quoted from the articles: who said what, key figures, sources')
    .addStringOption((o) => o.setName('topic').setDescription('Only what the articles say about this (English or Arabic)').setMaxLength(MAX_QUESTION_LENGTH)),

  ephemeral: () => false,

  refuse(interaction) {
    const topic = interaction.options.getString('topic');
    if (topic === null) return undefined;
    const checked = checkQuestion(topic);
    return checked.ok ? undefined : refusalText(checked, 'topic');
  },

  async execute(interaction, ctx) {
    const given = interaction.options.getString('topic');
    const checked = given === null ? null : checkQuestion(given);
    const topic = checked?.ok ? checked.question : undefined;
    // Articles are marked new relative to the last *scheduled* briefing (this server's own schedule
    // when it set one); asking does not move that mark.
    const since = ctx.server.briefing && interaction.guildId ? await ctx.team.lastBriefing(serverKey(interaction.guildId)) : await ctx.briefings.lastBriefingAt();
    const digest = await buildDigest(ctx.engine, { topic, since: since ? new Date(since) : null });
    return renderDigest(digest, { showEnglish: configuredLanguage(ctx) !== 'ar' });
  },
};

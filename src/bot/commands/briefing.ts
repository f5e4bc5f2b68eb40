import { SlashCommandBuilder } from 'discord.js';
import { buildDigest } from '../../briefing/digest.ts';
import { loadBriefingState } from '../../briefing/state.ts';
import { MAX_QUESTION_LENGTH } from '../../engine.ts';
import { renderDigest } from '../render/briefing.ts';
import type { Command } from './command.ts';

export const briefing: Command = {
  data: new SlashCommandBuilder()
    .setName('briefing')
    .setDescription('A digest quoted from the articles: who said what, key figures, sources')
    .addStringOption((o) => o.setName('topic').setDescription('Only what the articles say about this (English or Arabic)').setMaxLength(MAX_QUESTION_LENGTH)),

  ephemeral: () => false,

  async execute(interaction, ctx) {
    const topic = interaction.options.getString('topic') ?? undefined;
    // Articles are marked new relative to the last *scheduled* briefing; asking does not move that mark.
    const state = await loadBriefingState(ctx.briefingStateFile, (message) => ctx.logger.warn(message));
    const digest = await buildDigest(ctx.engine, { topic, since: state.lastBriefingAt ? new Date(state.lastBriefingAt) : null });
    return renderDigest(digest);
  },
};

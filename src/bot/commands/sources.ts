import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../render/sources.ts';
import type { Command } from './command.ts';

export const sources: Command = {
  data: new SlashCommandBuilder().setName('sources').setDescription('The indexed articles: passages in each and when they were indexed'),
  ephemeral: () => true,
  rateLimited: false,
  async execute(_interaction, { engine }) {
    return renderSources(engine.stats());
  },
};

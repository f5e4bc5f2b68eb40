import { SlashCommandBuilder } from 'discord.js';
import { renderSpeakerQuotes } from '../render/quotes.ts';
import { suggestSpeakers } from '../suggest.ts';
import type { Command } from './command.ts';

export const quote: Command = {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription("Everything one person is quoted saying in the articles, grouped by source")
    .addStringOption((o) => o.setName('speaker').setDescription('Who (pick from the list, or type a name in English or Arabic)').setRequired(true).setAutocomplete(true).setMaxLength(100)),

  ephemeral: () => false,

  async execute(interaction, { engine }) {
    const speaker = interaction.options.getString('speaker', true);
    return renderSpeakerQuotes(speaker, engine.quotes(speaker));
  },

  async autocomplete(interaction, { engine }) {
    const typed = interaction.options.getFocused();
    // A Latin name ("Ushakov") is resolved by the engine to the Arabic spelling in the articles.
    const resolved = typed.trim().length >= 3 ? engine.quotes(typed).speakers.map((s) => s.name) : [];
    return suggestSpeakers(engine.speakers(), typed, resolved);
  },
};

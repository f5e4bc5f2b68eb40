import { SlashCommandBuilder } from 'discord.js';
import { defaultAnswerLanguage } from '../../english/answer-language.ts';
import { detectLanguage } from '../../search/query.ts';
import { cleanQuestion } from '../../search/question-check.ts';
import { renderSpeakerQuotes } from '../render/quotes.ts';
import { suggestSpeakers } from '../suggest.ts';
import { configuredLanguage } from '../context.ts';
import type { Command } from './command.ts';

const MAX_SPEAKER_LENGTH = 100;

export const quote: Command = {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription("Everything one person is quoted saying in the articles, grouped by source")
    .addStringOption((o) => o.setName('speaker').setDescription('Who (pick from the list, or type a name in English or Arabic)').setRequired(true).setAutocomplete(true).setMaxLength(MAX_SPEAKER_LENGTH)),

  ephemeral: () => false,

  // Discord requires the option and caps it at 100 characters, but nothing forces a client to.
  refuse(interaction) {
    const speaker = cleanQuestion(interaction.options.getString('speaker') ?? '');
    if (!/[\p{L}\p{N}]/u.test(speaker)) return 'Give a name to look for, e.g. “Ushakov” or “أوشاكوف”: /quote suggests names as you type.';
    if (speaker.length > MAX_SPEAKER_LENGTH) return `That name is ${speaker.length} characters long; the limit is ${MAX_SPEAKER_LENGTH}. Pick a name from the list /quote suggests as you type.`;
    return undefined;
  },

  async execute(interaction, ctx) {
    const { engine } = ctx;
    const speaker = cleanQuestion(interaction.options.getString('speaker') ?? '');
    const quotes = engine.quotes(speaker);
    const passages = await engine.inEnglish(quotes.passages);
    // Typed in Latin letters, the English is shown first; in Arabic, one button away.
    const language = defaultAnswerLanguage(configuredLanguage(ctx), detectLanguage(speaker));
    return renderSpeakerQuotes(speaker, { ...quotes, passages }, { latin: (name) => engine.latinName(name), showEnglish: language !== 'ar' });
  },

  async autocomplete(interaction, { engine }) {
    const typed = interaction.options.getFocused();
    // A Latin name ("Ushakov") is resolved by the engine to the Arabic spelling in the articles.
    const resolved = typed.trim().length >= 3 && typed.length <= MAX_SPEAKER_LENGTH ? engine.quotes(typed).speakers.map((s) => s.name) : [];
    return suggestSpeakers(engine.speakers(), typed, resolved);
  },
};

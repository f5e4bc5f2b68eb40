import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_LENGTH } from '../../engine.ts';
import { renderAnswer } from '../render/answer.ts';
import { escapeText } from '../render/escape.ts';
import { paginate } from '../render/paged.ts';
import { suggestFiles } from '../suggest.ts';
import type { Command } from './command.ts';
import { narrowAnswer } from './narrow-answer.ts';

export const ask: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Answer a question with passages quoted from the articles')
    .addStringOption((o) => o.setName('question').setDescription('Your question, in English or Arabic').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
    .addIntegerOption((o) => o.setName('results').setDescription('How many passages (1-10)').setMinValue(1).setMaxValue(10))
    .addStringOption((o) => o.setName('source').setDescription('Only passages from this article file').setAutocomplete(true))
    .addBooleanOption((o) => o.setName('public').setDescription('Post the answer in the channel (default: only you see it)')),

  ephemeral: (interaction) => !(interaction.options.getBoolean('public') ?? false),

  async execute(interaction, { engine }) {
    const question = interaction.options.getString('question', true);
    const k = interaction.options.getInteger('results') ?? undefined;
    const file = interaction.options.getString('source') ?? undefined;
    if (file !== undefined && !engine.stats().files.some((f) => f.file === file)) {
      return paginate([], { header: `There is no article “${escapeText(file)}” in the index. Pick one from the list that appears as you type, or see /sources.` });
    }
    const answer = narrowAnswer(await engine.ask(question, { k, file }), { k, file });
    return renderAnswer(answer, { lexicalOnly: !engine.dense });
  },

  async autocomplete(interaction, { engine }) {
    return suggestFiles(engine.stats().files, interaction.options.getFocused());
  },
};

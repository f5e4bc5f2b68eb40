import { SlashCommandBuilder } from 'discord.js';
import { defaultAnswerLanguage } from '../../english/answer-language.ts';
import { MAX_PASSAGES } from '../../settings.ts';
import { checkQuestion, cleanQuestion, MAX_QUESTION_LENGTH } from '../../search/question-check.ts';
import { refusalText } from '../../search/refusals.ts';
import { configuredLanguage, type BotEngine } from '../context.ts';
import { renderAnswer } from '../render/answer.ts';
import { escapeText } from '../render/escape.ts';
import { truncate } from '../render/limits.ts';
import { paginate } from '../render/paged.ts';
import { suggestFiles } from '../suggest.ts';
import type { Command } from './command.ts';

/**
 * Why `source` names no indexed article, or undefined when it does. Only an exact indexed file
 * name passes, so paths ("../../etc/passwd", "/etc/passwd", "./000.txt") never reach the engine.
 */
export function sourceProblem(file: string | null, engine: Pick<BotEngine, 'stats'>): string | undefined {
  if (file === null || engine.stats().files.some((f) => f.file === file)) return undefined;
  return `There is no article “${escapeText(truncate(cleanQuestion(file), 100))}” in the index. \`source\` takes the name of an indexed file: pick one from the list that appears as you type, or see /sources.`;
}

export const ask: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Answer a question with passages quoted from the articles')
    .addStringOption((o) => o.setName('question').setDescription('Your question, in English or Arabic').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
    .addIntegerOption((o) => o.setName('results').setDescription(`How many passages (1-${MAX_PASSAGES})`).setMinValue(1).setMaxValue(MAX_PASSAGES))
    .addStringOption((o) => o.setName('source').setDescription('Only passages from this article file').setAutocomplete(true))
    .addBooleanOption((o) => o.setName('public').setDescription('Post the answer in the channel (default: only you see it)')),

  ephemeral: (interaction) => !(interaction.options.getBoolean('public') ?? false),

  // Discord enforces the option's presence and length, but nothing forces a client to: a question
  // the engine would refuse is refused here, privately and before deferring, in the engine's words.
  refuse(interaction, { engine }) {
    const checked = checkQuestion(interaction.options.getString('question'));
    if (!checked.ok) return refusalText(checked);
    return sourceProblem(interaction.options.getString('source'), engine);
  },

  async execute(interaction, ctx) {
    const { engine } = ctx;
    // refuse() has checked the source; a reindex meanwhile may have removed the file.
    const file = interaction.options.getString('source');
    const problem = sourceProblem(file, engine);
    if (problem) return paginate([], { header: problem });
    const results = interaction.options.getInteger('results');
    // Discord keeps it within the range; a client that does not is clamped.
    const k = results === null ? undefined : Math.min(MAX_PASSAGES, Math.max(1, results));
    const answer = await engine.ask(interaction.options.getString('question') ?? '', { k, file: file ?? undefined });
    return renderAnswer(answer, { lexicalOnly: !engine.dense, language: defaultAnswerLanguage(configuredLanguage(ctx), answer.language) });
  },

  async autocomplete(interaction, { engine }) {
    return suggestFiles(engine.stats().files, interaction.options.getFocused());
  },
};

import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { renderAddOutcome } from '../render/additions.ts';
import type { Command } from './command.ts';
import { corpusChoice, sharedOption } from './corpus-choice.ts';
import { manageServerRefusal } from './manage-server.ts';

export const add: Command = {
  data: new SlashCommandBuilder()
    .setName('add')
    .setDescription('Add an article from a link or an attached .txt, .md or .html file (Manage Server only)')
    .addStringOption((o) => o.setName('url').setDescription('Link to the article (http or https)').setMaxLength(2000))
    .addAttachmentOption((o) => o.setName('file').setDescription('The article as a .txt, .md or .html file'))
    .addBooleanOption(sharedOption)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  ephemeral: () => true,

  refuse(interaction, { config }) {
    const denied = manageServerRefusal(interaction, 'add articles');
    if (denied) return denied;
    const url = interaction.options.getString('url');
    const file = interaction.options.getAttachment('file');
    if (!url && !file) return 'Give either `url` (a link to the article) or `file` (an attached .txt, .md or .html file).';
    if (url && file) return 'Give `url` or `file`, not both: one article at a time.';
    const target = corpusChoice(interaction, config);
    return 'refusal' in target ? target.refusal : undefined;
  },

  async execute(interaction, { corpora, config }) {
    const target = corpusChoice(interaction, config);
    if ('refusal' in target) throw new Error('refuse() lets no refused target through');
    const sources = corpora.updatesFor(target);
    const file = interaction.options.getAttachment('file');
    const outcome = file ? await sources.addAttachment({ name: file.name, url: file.url, size: file.size }) : await sources.addUrl(interaction.options.getString('url') ?? '');
    return renderAddOutcome(outcome, target);
  },
};

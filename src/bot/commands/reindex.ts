import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { paginate } from '../render/paged.ts';
import { renderReindexReport } from '../render/reindex.ts';
import type { Command } from './command.ts';
import { manageServerRefusal } from './manage-server.ts';

export const reindex: Command = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Re-read the articles folder and update the index (Manage Server only)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  ephemeral: () => true,

  // Discord hides the command from members without Manage Server, but server admins can
  // override that per channel or role: check again here.
  refuse(interaction) {
    return manageServerRefusal(interaction, 'reindex the articles');
  },

  async execute(interaction, { engine, logger }) {
    const started = performance.now();
    const report = await engine.reindex();
    const text = renderReindexReport(report, (performance.now() - started) / 1000);
    logger.info(`Reindex by ${interaction.user.tag} (${interaction.user.id}): ${text.split('\n')[0]}`);
    return paginate([], { header: text });
  },
};

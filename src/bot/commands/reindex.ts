import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { mayChangeShared, SHARED } from '../../corpora/corpus-target.ts';
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

  /** This server's own articles; the shared corpus too for its owners and in the home server. */
  async execute(interaction, { corpora, config, logger }) {
    const guildId = interaction.guildId!;
    const parts: string[] = [];
    const run = async (label: string, work: () => Promise<Parameters<typeof renderReindexReport>[0] | null>) => {
      const started = performance.now();
      const report = await work();
      if (report) parts.push(`${label}${renderReindexReport(report, (performance.now() - started) / 1000)}`);
    };
    const shared = mayChangeShared({ userId: interaction.user.id, guildId }, config);
    if (shared) await run(guildId === config.DISCORD_GUILD_ID ? '' : '**Shared corpus:** ', () => corpora.reindex(SHARED));
    if (guildId !== config.DISCORD_GUILD_ID) await run(shared ? '**This server’s articles:** ' : '', () => corpora.reindex({ kind: 'server', guildId }));
    const text = parts.length > 0 ? parts.join('\n') : 'This server has no articles of its own to re-read (add some with /add), and only the bot’s owners (BOT_OWNER_IDS) re-read the shared corpus.';
    logger.info(`Reindex by ${interaction.user.tag} (${interaction.user.id}) in ${guildId}: ${text.split('\n')[0]}`);
    return paginate([], { header: text });
  },
};

import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { renderPoll } from '../render/additions.ts';
import { escapeText } from '../render/escape.ts';
import { paginate } from '../render/paged.ts';
import type { Command } from './command.ts';
import { manageServerRefusal } from './manage-server.ts';

export const feeds: Command = {
  data: new SlashCommandBuilder()
    .setName('feeds')
    .setDescription('RSS and Atom feeds whose new articles are added to the corpus (Manage Server only)')
    .addSubcommand((s) => s.setName('list').setDescription('The feeds that are polled'))
    .addSubcommand((s) => s.setName('add').setDescription('Poll one more feed').addStringOption((o) => o.setName('url').setDescription('The feed address (RSS 2.0 or Atom)').setRequired(true).setMaxLength(2000)))
    .addSubcommand((s) => s.setName('remove').setDescription('Stop polling a feed (its saved articles stay)').addStringOption((o) => o.setName('url').setDescription('The feed address').setRequired(true).setMaxLength(2000)))
    .addSubcommand((s) => s.setName('poll').setDescription('Read every feed now and add its new articles'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  ephemeral: () => true,

  refuse(interaction) {
    return manageServerRefusal(interaction, 'manage the feeds');
  },

  async execute(interaction, { sources }) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'poll') return renderPoll((await sources.poll()).reports);
    if (sub === 'list') {
      const list = await sources.feeds();
      if (list.length === 0) return paginate([], { header: 'No feeds yet: add one with `/feeds add url:` (or set FEEDS in the configuration).' });
      return paginate([], { header: `**${list.length} feed(s)**, polled on FEED_CRON and by /feeds poll:\n${list.map((f) => `${escapeText(f.url)}${f.configured ? ' (from FEEDS)' : ''}`).join('\n')}` });
    }
    const url = interaction.options.getString('url', true);
    const change = sub === 'add' ? await sources.addFeed(url) : await sources.removeFeed(url);
    return paginate([], { header: escapeText(change.message) });
  },
};

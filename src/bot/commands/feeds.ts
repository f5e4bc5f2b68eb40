import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { SHARED } from '../../corpora/corpus-target.ts';
import { canonicalUrl } from '../../sources/canonical-url.ts';
import { renderPoll } from '../render/additions.ts';
import { escapeText } from '../render/escape.ts';
import { paginate } from '../render/paged.ts';
import type { Command } from './command.ts';
import { corpusChoice, sharedOption } from './corpus-choice.ts';
import { manageServerRefusal } from './manage-server.ts';

export const feeds: Command = {
  data: new SlashCommandBuilder()
    .setName('feeds')
    .setDescription('RSS and Atom feeds whose new articles are added to the corpus (Manage Server only)')
    .addSubcommand((s) => s.setName('list').setDescription('The feeds that are polled for this server'))
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Poll one more feed')
        .addStringOption((o) => o.setName('url').setDescription('The feed address (RSS 2.0 or Atom)').setRequired(true).setMaxLength(2000))
        .addBooleanOption(sharedOption),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Stop polling a feed (its saved articles stay)')
        .addStringOption((o) => o.setName('url').setDescription('The feed address').setRequired(true).setMaxLength(2000))
        .addBooleanOption(sharedOption),
    )
    .addSubcommand((s) => s.setName('poll').setDescription('Read the feeds now and add their new articles').addBooleanOption(sharedOption))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  ephemeral: () => true,

  refuse(interaction, { config }) {
    const denied = manageServerRefusal(interaction, 'manage the feeds');
    if (denied) return denied;
    const target = corpusChoice(interaction, config);
    return 'refusal' in target ? target.refusal : undefined;
  },

  async execute(interaction, { corpora, config }) {
    const target = corpusChoice(interaction, config);
    if ('refusal' in target) throw new Error('refuse() lets no refused target through');
    const sources = corpora.updatesFor(target);
    const sub = interaction.options.getSubcommand();
    if (sub === 'poll') return renderPoll((await sources.poll()).reports);
    const shared = target.kind === 'shared' ? [] : await corpora.updatesFor(SHARED).feeds();
    if (sub === 'list') {
      const own = await sources.feeds();
      const lines = [
        ...shared.map((f) => `${escapeText(f.url)} (shared${f.configured ? ', from FEEDS' : ''})`),
        ...own.map((f) => `${escapeText(f.url)}${f.configured ? ' (from FEEDS)' : ''}`),
      ];
      if (lines.length === 0) return paginate([], { header: 'No feeds yet: add one with `/feeds add url:`.' });
      const whose = target.kind === 'shared' ? 'the shared corpus' : 'this server (its own, and the shared ones every server gets)';
      return paginate([], { header: `**${lines.length} feed(s)** polled for ${whose}, on FEED_CRON and by /feeds poll:\n${lines.join('\n')}` });
    }
    const url = interaction.options.getString('url', true);
    if (sub === 'remove' && shared.some((f) => canonicalUrl(f.url) === canonicalUrl(url.trim()))) {
      return paginate([], { header: `${escapeText(url.trim())} is one of the shared feeds every server gets: only the bot’s owners can remove it (with \`shared\`).` });
    }
    const change = sub === 'add' ? await sources.addFeed(url) : await sources.removeFeed(url);
    return paginate([], { header: escapeText(change.message) });
  },
};

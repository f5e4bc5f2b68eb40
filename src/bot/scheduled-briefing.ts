import type { Client } from 'discord.js';
import { buildDigest } from '../briefing/digest.ts';
import type { BriefingLedger } from '../corpora/briefing-state.ts';
import { configuredLanguage, contextIn, type BotContext } from './context.ts';
import { NO_PINGS } from './paging/page-message.ts';
import { renderDigest } from './render/briefing.ts';
import { DiscordLimits, truncate } from './render/limits.ts';

/** A scheduled post has no asker to press buttons: it is posted as consecutive messages, at most this many. */
const MAX_MESSAGES = 6;

/**
 * Posts the digest due at `scheduledFor` to a briefing channel, unless another bot process (sharing
 * the database) has claimed that briefing: brings the articles up to date first (so new ones
 * count), marks those indexed since the previous briefing, then records this one's time. The
 * ledger is the shared schedule's (BRIEFING_CHANNEL_ID) unless a server's own is given; with
 * `guildId` (a server's own schedule) the channel must be one of that server's.
 */
export async function postScheduledBriefing(
  client: Client,
  channelId: string,
  ctx: BotContext,
  { scheduledFor = new Date(), ledger = ctx.briefings, guildId }: { scheduledFor?: Date; ledger?: BriefingLedger; guildId?: string } = {},
): Promise<{ messages: number; newArticles: number; postedElsewhere?: true }> {
  // The channel's server may be another shard's (or another process's): without its guild in this
  // client's cache discord.js would return null; posting needs only the channel, through REST.
  const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true }).catch(() => null);
  const channelGuild = channel && 'guildId' in channel && typeof channel.guildId === 'string' ? channel.guildId : null;
  if (!channel || !channel.isSendable() || (guildId !== undefined && channelGuild !== guildId)) {
    throw new Error(`${guildId ? `The briefing channel of server ${guildId}` : 'BRIEFING_CHANNEL_ID'} ${channelId} is not a channel the bot can post in (unknown, not text, not in that server, or no access).`);
  }
  if (!(await ledger.claim(channelId, scheduledFor))) return { messages: 0, newArticles: 0, postedElsewhere: true };
  const since = await ledger.lastBriefingAt();
  await ctx.corpora.shared.update();
  // The channel's server reads its own articles over the shared ones, as its members' questions do.
  const here = await contextIn(ctx, channelGuild);
  const digest = await buildDigest(here.engine, { since: since ? new Date(since) : null });
  const { pages, showEnglish } = renderDigest(digest, { scheduled: true, showEnglish: configuredLanguage(here) !== 'ar' });
  const shown = pages.slice(0, MAX_MESSAGES);
  for (const [i, page] of shown.entries()) {
    const more = i === shown.length - 1 && pages.length > shown.length ? `\n(${pages.length - shown.length} more page(s): use /briefing to read them all.)` : '';
    const content = truncate(i === 0 ? `${page.content}${more}` : more, DiscordLimits.content);
    await channel.send({ content, embeds: (showEnglish ? page.english : undefined) ?? page.embeds, allowedMentions: NO_PINGS });
  }
  await ledger.posted(channelId, scheduledFor, digest.generatedAt);
  return { messages: shown.length, newArticles: digest.sources.filter((s) => s.isNew).length };
}

import type { Client } from 'discord.js';
import { buildDigest } from '../briefing/digest.ts';
import { loadBriefingState, saveBriefingState } from '../briefing/state.ts';
import { configuredLanguage, contextIn, type BotContext } from './context.ts';
import { NO_PINGS } from './paging/page-message.ts';
import { renderDigest } from './render/briefing.ts';
import { DiscordLimits, truncate } from './render/limits.ts';

/** A scheduled post has no asker to press buttons: it is posted as consecutive messages, at most this many. */
const MAX_MESSAGES = 6;

/** Where the time of a scheduled briefing is kept: the shared corpus's file, or a server's record in the team store. */
export interface BriefingMark {
  load(): Promise<string | null>;
  save(at: string): Promise<void>;
}

/** The mark of the bot's own schedule (BRIEFING_CHANNEL_ID and BRIEFING_CRON): a file next to the index. */
export function fileMark(ctx: Pick<BotContext, 'briefingStateFile' | 'logger'>): BriefingMark {
  return {
    load: async () => (await loadBriefingState(ctx.briefingStateFile, (message) => ctx.logger.warn(message))).lastBriefingAt,
    save: (at) => saveBriefingState(ctx.briefingStateFile, { lastBriefingAt: at }),
  };
}

/**
 * Posts the digest to the briefing channel: re-reads the articles first (so new files count),
 * marks those indexed since the previous briefing, then records this briefing's time. With
 * `guildId` (a server's own schedule) the channel must be one of that server's.
 */
export async function postScheduledBriefing(client: Client, channelId: string, ctx: BotContext, mark: BriefingMark = fileMark(ctx), guildId?: string): Promise<{ messages: number; newArticles: number }> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  const channelGuild = channel && 'guildId' in channel && typeof channel.guildId === 'string' ? channel.guildId : null;
  if (!channel || !channel.isSendable() || (guildId !== undefined && channelGuild !== guildId)) {
    throw new Error(`${guildId ? `The briefing channel of server ${guildId}` : 'BRIEFING_CHANNEL_ID'} ${channelId} is not a channel the bot can post in (unknown, not text, not in that server, or no access).`);
  }
  const since = await mark.load();
  await ctx.corpora.shared.reindex();
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
  await mark.save(digest.generatedAt);
  return { messages: shown.length, newArticles: digest.sources.filter((s) => s.isNew).length };
}

import type { APIEmbed } from 'discord.js';
import { describeTarget, SHARED, type CorpusTarget } from '../../corpora/corpus-target.ts';
import type { AddOutcome } from '../../sources/add-article.ts';
import { describeOutcome, describePoll } from '../../sources/describe-outcome.ts';
import type { FeedPollReport } from '../../sources/poll-feeds.ts';
import { citationLine, embedUrl } from './citation.ts';
import { escapeText } from './escape.ts';
import { DiscordLimits, truncate } from './limits.ts';
import { chunkText } from './markdown.ts';
import { EMBED_COLOR, paginate, type Paged } from './paged.ts';

/** The result of /add: the saved article (title linking to the original) and where it went, or why nothing was added. */
export function renderAddOutcome(outcome: AddOutcome, target: CorpusTarget = SHARED): Paged {
  if (outcome.status !== 'added') return paginate([], { header: escapeText(truncate(describeOutcome(outcome), DiscordLimits.content)) });
  const { metadata, file } = outcome;
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: truncate(escapeText(metadata.title), DiscordLimits.embedTitle),
    description: `${citationLine(metadata)}\nSaved as **${escapeText(file)}** and indexed: ask about it now.`,
    ...embedUrl(metadata),
  };
  return paginate([{ embed }], { header: `Added one article to ${describeTarget(target)}.` });
}

/** A poll's summary on top, each feed's and item's outcome below. */
export function renderPoll(reports: FeedPollReport[]): Paged {
  const [summary, ...details] = describePoll(reports).split('\n');
  const items = chunkText(details.map(escapeText).join('\n'), 3500)
    .filter((chunk) => chunk.trim())
    .map((description) => ({ embed: { color: EMBED_COLOR, title: 'Feed poll', description } satisfies APIEmbed }));
  return paginate(items, { header: escapeText(summary ?? ''), perPage: 1 });
}

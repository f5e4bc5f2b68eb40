import type { APIEmbed } from 'discord.js';
import type { Digest } from '../../briefing/digest.ts';
import { citationLine } from './citation.ts';
import { escapeText } from './escape.ts';
import { DiscordLimits, truncate } from './limits.ts';
import { blockQuote, chunkText, sourceLabel } from './markdown.ts';
import { EMBED_COLOR, paginate, type PageItem, type Paged } from './paged.ts';
import { discordTime } from './time.ts';

const QUOTE_BUDGET = 450;
const NEW_MARK = '🆕';

function embedsFor(title: string, blocks: string[], budget = 3500): PageItem[] {
  return chunkText(blocks.join('\n\n'), budget).map((description, i) => ({
    embed: { color: EMBED_COLOR, title: i === 0 ? title : `${title} (continued)`, description: truncate(description, DiscordLimits.embedDescription) } satisfies APIEmbed,
  }));
}

/** A digest as pages: who said what, key figures, sources (new ones marked). */
export function renderDigest(digest: Digest, options: { scheduled?: boolean } = {}): Paged {
  const what = digest.topic ? `Briefing on “${escapeText(truncate(digest.topic, 200))}”` : options.scheduled ? 'Scheduled briefing' : 'Briefing';
  const newCount = digest.sources.filter((s) => s.isNew).length;
  const since = digest.since
    ? newCount > 0
      ? `${newCount} article(s) new since the last briefing (${discordTime(digest.since)}), marked ${NEW_MARK}.`
      : `No new articles since the last briefing (${discordTime(digest.since)}).`
    : 'First briefing.';
  const header = `**${what}** — quotes copied verbatim from the articles. ${since}`;
  if (digest.nothingFound) return paginate([], { header: `**${what}**\n${escapeText(digest.nothingFound)}` });

  const items: PageItem[] = [];
  const speakerBlocks = digest.speakers.map((speaker) => {
    const more = speaker.total > speaker.quotes.length ? `\n*…and ${speaker.total - speaker.quotes.length} more: /quote ${escapeText(speaker.name)}*` : '';
    const quotes = speaker.quotes.map((q) => `${blockQuote(escapeText(truncate(q.text, QUOTE_BUDGET)))}\n— ${escapeText(sourceLabel(q))}`);
    return `**${escapeText(speaker.name)}**\n${quotes.join('\n')}${more}`;
  });
  if (speakerBlocks.length > 0) items.push(...embedsFor('Who said what', speakerBlocks));
  const figureBlocks = digest.figures.map((f) => `**${escapeText(f.figure)}**\n${blockQuote(escapeText(truncate(f.sentence, QUOTE_BUDGET)))}\n— ${escapeText(sourceLabel(f))}`);
  if (figureBlocks.length > 0) items.push(...embedsFor('Key figures', figureBlocks));
  const sourceLines = digest.sources.map((s) => {
    const cited = citationLine(s.article);
    const title = cited ? ` — ${cited}` : s.title ? ` — ${escapeText(truncate(s.title, 150))}` : '';
    return `${s.isNew ? `${NEW_MARK} ` : ''}**${escapeText(s.file)}**${title} (${s.passages} passages, indexed ${discordTime(s.indexedAt, 'R')})`;
  });
  if (sourceLines.length > 0) items.push(...embedsFor('Sources', sourceLines));
  if (items.length === 0) return paginate([], { header: `${header}\nThe articles quote nobody and hold no figures${digest.topic ? ' on this topic' : ''}.` });
  return paginate(items, { header, perPage: 2 });
}

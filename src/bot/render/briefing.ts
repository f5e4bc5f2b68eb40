import type { APIEmbed } from 'discord.js';
import type { Digest } from '../../briefing/digest.ts';
import { citationLine } from './citation.ts';
import { englishLine } from './english.ts';
import { escapeText } from './escape.ts';
import { DiscordLimits, truncate } from './limits.ts';
import { blockQuote, sourceLabel } from './markdown.ts';
import { EMBED_COLOR, paginate, type PageItem, type Paged } from './paged.ts';
import { speakerLabel } from './quotes.ts';
import { discordTime } from './time.ts';

const QUOTE_BUDGET = 450;
const NEW_MARK = '🆕';

/** A block of a briefing: its Arabic-only form, and its form with English (the same when it has none). */
interface Block {
  arabic: string;
  english: string;
}

/**
 * Blocks in embeds of at most `budget` characters, grouped by their English form (the longer), so
 * each embed has the same blocks with and without English. A block longer than the budget is cut.
 */
function embedsFor(title: string, blocks: Block[], budget = 3500): PageItem[] {
  const groups: Block[][] = [];
  let size = 0;
  for (const block of blocks) {
    if (groups.length === 0 || size + block.english.length + 2 > budget) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(block);
    size += block.english.length + 2;
  }
  const embed = (i: number, texts: string[]): APIEmbed => ({
    color: EMBED_COLOR,
    title: i === 0 ? title : `${title} (continued)`,
    description: truncate(texts.join('\n\n'), Math.min(budget, DiscordLimits.embedDescription)),
  });
  return groups.map((group, i) => {
    const hasEnglish = group.some((block) => block.english !== block.arabic);
    return { embed: embed(i, group.map((b) => b.arabic)), ...(hasEnglish ? { english: embed(i, group.map((b) => b.english)) } : {}) };
  });
}

/**
 * A digest as pages: who said what, key figures, sources (new ones marked). Names show in Latin
 * script beside the Arabic and figures in English; the English of the quotes is shown unless
 * `showEnglish` is false (ANSWER_LANGUAGE=ar), one button away then.
 */
export function renderDigest(digest: Digest, options: { scheduled?: boolean; showEnglish?: boolean } = {}): Paged {
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
  const speakerBlocks = digest.speakers.map((speaker): Block => {
    const more = speaker.total > speaker.quotes.length ? `\n*…and ${speaker.total - speaker.quotes.length} more: /quote ${escapeText(speaker.typeable)}*` : '';
    const quote = (q: (typeof speaker.quotes)[number], english: boolean) =>
      `${blockQuote(escapeText(truncate(q.text, QUOTE_BUDGET)))}${english && q.english ? `\n${englishLine(q.english, QUOTE_BUDGET)}` : ''}\n— ${escapeText(sourceLabel(q))}`;
    const label = speakerLabel(speaker.name, () => speaker.latin);
    return {
      arabic: `${label}\n${speaker.quotes.map((q) => quote(q, false)).join('\n')}${more}`,
      english: `${label}\n${speaker.quotes.map((q) => quote(q, true)).join('\n')}${more}`,
    };
  });
  if (speakerBlocks.length > 0) items.push(...embedsFor('Who said what', speakerBlocks));
  const figureBlocks = digest.figures.map((f): Block => {
    const figure = f.english && f.english !== f.figure ? `**${escapeText(f.english)}** (${escapeText(f.figure)})` : `**${escapeText(f.figure)}**`;
    const sentence = blockQuote(escapeText(truncate(f.sentence, QUOTE_BUDGET)));
    const source = `— ${escapeText(sourceLabel(f))}`;
    return { arabic: `${figure}\n${sentence}\n${source}`, english: `${figure}\n${sentence}\n${englishLine(f.sentenceEnglish, QUOTE_BUDGET)}\n${source}` };
  });
  if (figureBlocks.length > 0) items.push(...embedsFor('Key figures', figureBlocks));
  const sourceLines = digest.sources.map((s): Block => {
    const cited = citationLine(s.article);
    const title = cited ? ` — ${cited}` : s.title ? ` — ${escapeText(truncate(s.title, 150))}` : '';
    const line = `${s.isNew ? `${NEW_MARK} ` : ''}**${escapeText(s.file)}**${title} (${s.passages} passages, indexed ${discordTime(s.indexedAt, 'R')})`;
    return { arabic: line, english: line };
  });
  if (sourceLines.length > 0) items.push(...embedsFor('Sources', sourceLines));
  if (items.length === 0) return paginate([], { header: `${header}\nThe articles quote nobody and hold no figures${digest.topic ? ' on this topic' : ''}.` });
  return paginate(items, { header, perPage: 2, showEnglish: options.showEnglish ?? true });
}

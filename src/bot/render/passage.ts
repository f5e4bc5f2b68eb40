import type { APIEmbed } from 'discord.js';
import type { AnswerPassage } from '../../search/answer.ts';
import { citationLine, embedUrl } from './citation.ts';
import { englishLine } from './english.ts';
import { escapeText } from './escape.ts';
import { excerpt } from './excerpt.ts';
import { DiscordLimits, truncate } from './limits.ts';
import { blockQuote, chunkText, markSegments, sourceLabel } from './markdown.ts';
import { EMBED_COLOR, type PageItem } from './paged.ts';

/**
 * Characters of passage text shown on a page before it is shortened around its quote.
 * Five passages of this size stay well inside Discord's 6000 per message.
 * @default 900
 */
export const DEFAULT_EXCERPT_BUDGET = 900;

export function passageTitle(number: number | null, passage: Pick<AnswerPassage, 'file' | 'lineStart' | 'lineEnd'>): string {
  return truncate(`${number === null ? '' : `${number}. `}${escapeText(sourceLabel(passage))}`, DiscordLimits.embedTitle);
}

/**
 * How a passage's English is shown with it: under the Arabic ('both'), or in its place ('en'; the
 * Arabic stays one button away).
 */
export type EnglishPlacement = 'both' | 'en';

/**
 * The passage as a block quote with its quote in bold, shortened around the quote when long; and,
 * when it has English, the same with the English of its quote (under it, or in its place).
 */
export function passageItem(passage: AnswerPassage, number: number | null, budget = DEFAULT_EXCERPT_BUDGET, placement: EnglishPlacement = 'both'): PageItem {
  const title = passageTitle(number, passage);
  const shown = excerpt(passage.text, passage.quotes, budget);
  const cited = citationLine(passage.article);
  const arabic = blockQuote(markSegments(shown.segments));
  const describe = (body: string): APIEmbed => {
    const embed: APIEmbed = { color: EMBED_COLOR, title, description: truncate(`${cited ? `${cited}\n` : ''}${body}`, DiscordLimits.embedDescription), ...embedUrl(passage.article) };
    if (passage.alsoIn.length > 0) {
      embed.fields = [{ name: 'Also in', value: truncate(passage.alsoIn.map((ref) => escapeText(sourceLabel(ref))).join('\n'), DiscordLimits.fieldValue) }];
    }
    return embed;
  };
  const english = passage.english ? describe(placement === 'en' ? englishLine(passage.english) : `${arabic}\n${englishLine(passage.english)}`) : undefined;
  return { embed: describe(arabic), ...(english ? { english } : {}), ...(shown.shortened ? { full: fullPassageEmbeds(passage, number) } : {}) };
}

/** The whole passage, verbatim, across as many embeds as its length needs. */
export function fullPassageEmbeds(passage: AnswerPassage, number: number | null): APIEmbed[] {
  const whole = excerpt(passage.text, passage.quotes, Number.POSITIVE_INFINITY);
  const title = passageTitle(number, passage);
  // Block-quote markers add two characters per line: chunk below the limit to leave them room.
  const chunks = chunkText(markSegments(whole.segments), DiscordLimits.embedDescription - 200);
  return chunks.map((chunk, i) => ({
    color: EMBED_COLOR,
    title: i === 0 ? title : truncate(`${title} (continued)`, DiscordLimits.embedTitle),
    description: truncate(blockQuote(chunk), DiscordLimits.embedDescription),
  }));
}

import type { APIEmbed } from 'discord.js';
import type { Answer } from '../../search/answer.ts';
import { DiscordLimits, embedLength, truncate } from './limits.ts';

/** One screen of an answer: what a single Discord message shows. */
export interface Page {
  content: string;
  embeds: APIEmbed[];
  /** The same embeds with the English of their Arabic (the 🇬🇧 English button); absent when there is none. */
  english?: APIEmbed[];
  /** Messages showing in full what this page shortened ("Show full passage"); absent when nothing was. */
  full?: APIEmbed[][];
}

/** An answer cut into pages that each fit in one Discord message. */
export interface Paged {
  pages: Page[];
  /** The answer these pages show, when they show one: it gets 👍/👎, Share and Ask a colleague. */
  answer?: Answer;
  /** Pages open with their English shown (`Page.english`) until the asker hides it. @default false */
  showEnglish?: boolean;
}

/** One block of a paged answer (a passage, a group of quotes...) and, when shortened, its full form. */
export interface PageItem {
  embed: APIEmbed;
  /** The block with the English of its Arabic, in place of `embed` when English is shown. */
  english?: APIEmbed;
  full?: APIEmbed[];
}

export interface PaginateOptions {
  /** Text above the embeds of every page (cut to fit Discord's 2000). */
  header: string;
  /** Most items on one page. @default 4 */
  perPage?: number;
  /** Shown in every page's footer, e.g. "lexical-only". */
  note?: string;
  /** Open the pages with their English shown. @default false */
  showEnglish?: boolean;
}

/** Room kept in the 6000-character budget for the page footer. */
const FOOTER_RESERVE = 120;

export const EMBED_COLOR = 0x3b82f6;

/** Groups embeds into messages that respect the per-message count and character limits. */
export function packEmbeds(embeds: APIEmbed[], maxPerMessage: number = DiscordLimits.embedsPerMessage, maxChars: number = DiscordLimits.embedsTotal): APIEmbed[][] {
  const groups: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length >= maxPerMessage || size + length > maxChars)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Items laid out on pages; each page's last embed carries "Page i/n" and the note in its footer. */
export function paginate(items: PageItem[], options: PaginateOptions): Paged {
  const header = truncate(options.header, DiscordLimits.content);
  if (items.length === 0) return { pages: [{ content: header, embeds: [] }] };
  const perPage = Math.min(options.perPage ?? 4, DiscordLimits.embedsPerMessage);
  const groups: PageItem[][] = [];
  let current: PageItem[] = [];
  let size = 0;
  for (const item of items) {
    // A page must fit with its English shown as well as without.
    const length = Math.max(embedLength(item.embed), item.english ? embedLength(item.english) : 0);
    if (current.length > 0 && (current.length >= perPage || size + length > DiscordLimits.embedsTotal - FOOTER_RESERVE)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += length;
  }
  groups.push(current);
  const pages = groups.map((group, i): Page => {
    const footer = [groups.length > 1 ? `Page ${i + 1}/${groups.length}` : '', options.note ?? ''].filter(Boolean).join(' · ');
    const withFooter = (embeds: APIEmbed[]) => {
      if (footer) embeds[embeds.length - 1]!.footer = { text: truncate(footer, FOOTER_RESERVE) };
      return embeds;
    };
    const embeds = withFooter(group.map((item) => ({ ...item.embed })));
    const english = group.some((item) => item.english) ? withFooter(group.map((item) => ({ ...(item.english ?? item.embed) }))) : undefined;
    const fullEmbeds = group.flatMap((item) => item.full ?? []);
    return { content: header, embeds, ...(english ? { english } : {}), ...(fullEmbeds.length > 0 ? { full: packEmbeds(fullEmbeds) } : {}) };
  });
  return { pages, ...(options.showEnglish ? { showEnglish: true } : {}) };
}

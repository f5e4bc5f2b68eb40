import type { APIEmbed } from 'discord.js';
import type { AnswerPassage } from '../../search/answer.ts';
import type { SpeakerQuotes } from '../../search/speakers/speaker-answer.ts';
import { citationLine, embedUrl } from './citation.ts';
import { englishLine } from './english.ts';
import { escapeText } from './escape.ts';
import { excerpt } from './excerpt.ts';
import { DiscordLimits, truncate } from './limits.ts';
import { blockQuote, markSegments } from './markdown.ts';
import { EMBED_COLOR, paginate, type PageItem, type Paged } from './paged.ts';
import { fullPassageEmbeds } from './passage.ts';

/** Characters of one file's quotes in one embed before it continues in another. */
const GROUP_BUDGET = 2400;
/** One quote longer than this is shortened (the full passage stays one button away). */
const QUOTE_BUDGET = 700;

export function lineLabel(ref: { lineStart: number; lineEnd: number }): string {
  return ref.lineStart === ref.lineEnd ? `line ${ref.lineStart}` : `lines ${ref.lineStart}–${ref.lineEnd}`;
}

/** Only the quoted sentences of a passage, joined by "…", each kept verbatim. */
function quotedOnly(passage: AnswerPassage): { markdown: string; shortened: boolean } {
  const parts = passage.quotes.map((q) => passage.text.slice(q.start, q.end).trim()).filter(Boolean);
  const joined = parts.length > 0 ? parts.join(' … ') : passage.text;
  const shown = excerpt(joined, [], QUOTE_BUDGET);
  return { markdown: markSegments(shown.segments), shortened: shown.shortened || parts.join(' ').length < passage.text.length - 1 };
}

export interface SpeakerQuotesRenderOptions {
  perPage?: number;
  /** The Latin form of a name ("Yuri Ushakov"), shown before the Arabic. @default none */
  latin?: (name: string) => string;
  /** Open the pages with the English of the quotes shown. @default false */
  showEnglish?: boolean;
}

/** "**Yuri Ushakov** (يوري أوشاكوف)", or the name alone without a Latin form. */
export function speakerLabel(name: string, latin?: (name: string) => string): string {
  const latinName = latin?.(name);
  return latinName && latinName !== name ? `**${escapeText(latinName)}** (${escapeText(name)})` : `**${escapeText(name)}**`;
}

/**
 * A speaker's quotes grouped by source file, one embed (or more when long) per file; with the
 * English of each quote (passages' `english`) one button away, or shown first.
 */
export function renderSpeakerQuotes(requested: string, quotes: SpeakerQuotes, options: SpeakerQuotesRenderOptions = {}): Paged {
  if (quotes.passages.length === 0) {
    return paginate([], { header: `No quotes found for “${escapeText(truncate(requested, 100))}”. Pick a name from the list /quote suggests as you type.` });
  }
  const names = quotes.speakers.map((s) => speakerLabel(s.name, options.latin)).join('; ');
  const byFile = new Map<string, AnswerPassage[]>();
  for (const passage of quotes.passages) byFile.set(passage.file, [...(byFile.get(passage.file) ?? []), passage]);
  const header = `Quotes of ${names}: ${quotes.passages.length} passage(s) in ${byFile.size} article(s), grouped by source.`;
  const items: PageItem[] = [];
  for (const [file, passages] of byFile) {
    const blocks = passages.map((passage) => {
      const shown = quotedOnly(passage);
      const text = `**${lineLabel(passage)}**\n${blockQuote(shown.markdown)}`;
      return { passage, text, english: passage.english ? `${text}\n${englishLine(passage.english, QUOTE_BUDGET)}` : text, shortened: shown.shortened };
    });
    let group: typeof blocks = [];
    let size = 0;
    const flush = (): void => {
      if (group.length === 0) return;
      const continued = items.some((item) => item.embed.title?.startsWith(escapeText(file)));
      const article = passages[0]!.article;
      const cited = citationLine(article);
      const embedOf = (texts: string[]): APIEmbed => ({
        color: EMBED_COLOR,
        title: truncate(`${escapeText(file)}${continued ? ' (continued)' : ''}`, DiscordLimits.embedTitle),
        description: truncate(`${cited ? `${cited}\n\n` : ''}${texts.join('\n\n')}`, DiscordLimits.embedDescription),
        ...embedUrl(article),
      });
      const embed = embedOf(group.map((b) => b.text));
      const english = group.some((b) => b.passage.english) ? { english: embedOf(group.map((b) => b.english)) } : {};
      const shortened = group.filter((b) => b.shortened);
      items.push(shortened.length > 0 ? { embed, ...english, full: shortened.flatMap((b) => fullPassageEmbeds(b.passage, null)) } : { embed, ...english });
      group = [];
      size = 0;
    };
    for (const block of blocks) {
      if (size + block.english.length > GROUP_BUDGET) flush();
      group.push(block);
      size += block.english.length + 2;
    }
    flush();
  }
  return paginate(items, { header, perPage: options.perPage ?? 3, showEnglish: options.showEnglish ?? false });
}

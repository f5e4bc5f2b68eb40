import type { APIEmbed } from 'discord.js';
import type { AnswerPassage } from '../../search/answer.ts';
import type { SpeakerQuotes } from '../../search/speakers/speaker-answer.ts';
import { citationLine, embedUrl } from './citation.ts';
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

/** A speaker's quotes grouped by source file, one embed (or more when long) per file. */
export function renderSpeakerQuotes(requested: string, quotes: SpeakerQuotes, options: { perPage?: number } = {}): Paged {
  if (quotes.passages.length === 0) {
    return paginate([], { header: `No quotes found for “${escapeText(truncate(requested, 100))}”. Pick a name from the list /quote suggests as you type.` });
  }
  const names = quotes.speakers.map((s) => escapeText(s.name)).join('، ');
  const byFile = new Map<string, AnswerPassage[]>();
  for (const passage of quotes.passages) byFile.set(passage.file, [...(byFile.get(passage.file) ?? []), passage]);
  const header = `Quotes of **${names}**: ${quotes.passages.length} passage(s) in ${byFile.size} article(s), grouped by source.`;
  const items: PageItem[] = [];
  for (const [file, passages] of byFile) {
    const blocks = passages.map((passage) => {
      const shown = quotedOnly(passage);
      return { passage, text: `**${lineLabel(passage)}**\n${blockQuote(shown.markdown)}`, shortened: shown.shortened };
    });
    let group: typeof blocks = [];
    let size = 0;
    const flush = (): void => {
      if (group.length === 0) return;
      const continued = items.some((item) => item.embed.title?.startsWith(escapeText(file)));
      const article = passages[0]!.article;
      const cited = citationLine(article);
      const embed: APIEmbed = {
        color: EMBED_COLOR,
        title: truncate(`${escapeText(file)}${continued ? ' (continued)' : ''}`, DiscordLimits.embedTitle),
        description: truncate(`${cited ? `${cited}\n\n` : ''}${group.map((b) => b.text).join('\n\n')}`, DiscordLimits.embedDescription),
        ...embedUrl(article),
      };
      const shortened = group.filter((b) => b.shortened);
      items.push(shortened.length > 0 ? { embed, full: shortened.flatMap((b) => fullPassageEmbeds(b.passage, null)) } : { embed });
      group = [];
      size = 0;
    };
    for (const block of blocks) {
      if (size + block.text.length > GROUP_BUDGET) flush();
      group.push(block);
      size += block.text.length + 2;
    }
    flush();
  }
  return paginate(items, { header, perPage: options.perPage ?? 3 });
}

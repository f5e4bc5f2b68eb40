import type { APIEmbed } from 'discord.js';
import type { CorpusStats } from '../../engine.ts';
import { citationLine } from './citation.ts';
import { escapeText } from './escape.ts';
import { DiscordLimits, truncate } from './limits.ts';
import { chunkText } from './markdown.ts';
import { EMBED_COLOR, paginate, type Paged } from './paged.ts';
import { discordTime } from './time.ts';

/** Per file, who it quotes: a name an English reader can read and type, and how many passages. */
export type QuotedPeople = Record<string, { name: string; passages: number }[]>;

/**
 * The indexed files: passages in each, when each was indexed, who each quotes (names in Latin
 * script, from `people`), and what was skipped.
 */
export function renderSources(stats: CorpusStats, people: QuotedPeople = {}): Paged {
  const mode = stats.dense ? `hybrid search (model ${escapeText(stats.model ?? '?')})` : 'word matching only (no embedding model)';
  const header = `**${stats.files.length} article(s)**, ${stats.passages} passages; index built ${discordTime(stats.builtAt)}; ${mode}.`;
  const lines = stats.files.map((f) => {
    const cited = citationLine(f.article);
    const title = cited ? `\n${cited}` : f.title ? `\n${escapeText(truncate(f.title, 200))}` : '';
    const quoted = people[f.file] ?? [];
    const who = quoted.length > 0 ? `\nQuotes ${quoted.map((p) => `${escapeText(p.name)} (${p.passages})`).join(', ')}` : '';
    return `**${escapeText(f.file)}**${f.addedHere ? ' · added in this server' : ''} · ${f.passages} passages · indexed ${discordTime(f.indexedAt, 'R')}${title}${who}`;
  });
  if (stats.skipped.length > 0) {
    lines.push(`**Skipped:**\n${stats.skipped.map((s) => `${escapeText(s.file)}: ${escapeText(s.reason)}`).join('\n')}`);
  }
  const chunks = chunkText(lines.join('\n\n'), 3500);
  const items = chunks.map((description, i): { embed: APIEmbed } => ({
    embed: { color: EMBED_COLOR, title: i === 0 ? 'Indexed articles' : 'Indexed articles (continued)', description: truncate(description, DiscordLimits.embedDescription) },
  }));
  return paginate(items, { header, perPage: 1 });
}

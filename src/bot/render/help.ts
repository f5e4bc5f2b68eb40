import type { APIEmbed } from 'discord.js';
import { EMBED_COLOR } from './paged.ts';

/** What the bot does and how to ask it, in one embed. */
export function renderHelp(botMention: string | null): APIEmbed {
  const mention = botMention ?? '@bot';
  return {
    color: EMBED_COLOR,
    title: 'News quote bot',
    description: [
      'I answer questions about the articles by **quoting them word for word**, with the file and line numbers of every passage. Nothing is made up: when the articles do not answer, I say so.',
      'Ask in English or Arabic.',
      '',
      '**/ask** `question` — passages that answer it (only you see the answer unless `public` is true; `results` 1–10; `source` limits it to one file).',
      '**/quote** `speaker` — everything one person is quoted saying, grouped by article.',
      '**/briefing** `topic` — a digest: who said what, key figures with their sentences, the sources.',
      '**/sources** — the indexed articles and when they were indexed.',
      '**/add** `url` or `file` — add an article from a link or an attached .txt, .md or .html file (Manage Server only). It joins this server’s own articles: answered and listed here only, over the shared corpus every server reads.',
      '**/feeds** `list | add | remove | poll` — the RSS/Atom feeds whose new articles arrive by themselves, this server’s and the shared ones (Manage Server only).',
      '**/reindex** — re-read this server’s articles (Manage Server only).',
      '**/settings** — #ask channels, where “Ask a colleague” posts, a scheduled briefing, the answer language (Manage Server only). **/feedback report** — the questions most often marked 👎.',
      `**Mention me** — “${mention} what did Ushakov say?” is answered in a thread; in it, just keep asking, no mention: “what else did he say?”, “and about gas?”, “more like #2”, “show the whole article of #3”. In an #ask channel every message is a question.`,
      '',
      'Long answers have **Previous / Next** buttons and **Show full passage**; **🇬🇧 English** shows or hides a word-by-word English gloss of the quotes (names in Latin script, numbers in English). Only the person who asked can use them.',
      'Under every answer: **👍 / 👎** (with what was wrong), **Ask a colleague** (posts it for the team’s reviewers), and on a private /ask answer **Share in channel**.',
    ].join('\n'),
  };
}

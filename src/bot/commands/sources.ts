import { SlashCommandBuilder } from 'discord.js';
import type { BotEngine } from '../context.ts';
import { renderSources, type QuotedPeople } from '../render/sources.ts';
import type { Command } from './command.ts';

/** Who each file quotes, most quoted first, by the names an English reader types ("Yuri Ushakov"). */
export function quotedPeople(engine: Pick<BotEngine, 'speakers' | 'quotes' | 'typeableName'>): QuotedPeople {
  const byFile: QuotedPeople = {};
  for (const { name } of engine.speakers()) {
    const counts = new Map<string, number>();
    for (const passage of engine.quotes(name).passages) counts.set(passage.file, (counts.get(passage.file) ?? 0) + 1);
    const typeable = engine.typeableName(name);
    for (const [file, passages] of counts) (byFile[file] ??= []).push({ name: typeable, passages });
  }
  for (const list of Object.values(byFile)) list.sort((a, b) => b.passages - a.passages);
  return byFile;
}

export const sources: Command = {
  data: new SlashCommandBuilder().setName('sources').setDescription('The indexed articles: passages in each, who each quotes, when they were indexed'),
  ephemeral: () => true,
  rateLimited: false,
  async execute(_interaction, { engine }) {
    return renderSources(engine.stats(), quotedPeople(engine));
  },
};

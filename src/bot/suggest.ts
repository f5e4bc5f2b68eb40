import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { normalizeText } from '../text/normalize.ts';
import { DiscordLimits, truncate } from './render/limits.ts';

type Choice = ApplicationCommandOptionChoiceData<string>;

function matches(haystack: string, typed: string): boolean {
  return normalizeText(haystack).includes(normalizeText(typed.trim()));
}

/** Article files whose name or headline contains what was typed (all, when nothing was). */
export function suggestFiles(files: { file: string; title?: string }[], typed: string): Choice[] {
  return files
    .filter((f) => f.file.length <= DiscordLimits.choiceValue)
    .filter((f) => !typed.trim() || matches(f.file, typed) || (f.title !== undefined && matches(f.title, typed)))
    .slice(0, DiscordLimits.autocompleteChoices)
    .map((f) => ({ name: truncate(f.title ? `${f.file} — ${f.title}` : f.file, DiscordLimits.choiceName), value: f.file }));
}

/**
 * Speakers whose name, in either script, contains what was typed, plus those the engine resolves
 * the text to (a Latin spelling such as "Ushakov" reaches أوشاكوف), most quoted first. Each shows
 * its Latin form first ("Yuri Ushakov — يوري أوشاكوف (14 quotes)"); the value is the name as the
 * articles write it, which always finds them.
 */
export function suggestSpeakers(speakers: { name: string; latin?: string; quotes: number }[], typed: string, resolved: string[] = []): Choice[] {
  const wanted = new Set(resolved);
  return speakers
    .filter((s) => s.name.length <= DiscordLimits.choiceValue)
    .filter((s) => !typed.trim() || wanted.has(s.name) || matches(s.name, typed) || (s.latin !== undefined && matches(s.latin, typed)))
    .slice(0, DiscordLimits.autocompleteChoices)
    .map((s) => {
      const name = s.latin && s.latin !== s.name ? `${s.latin} — ${s.name}` : s.name;
      return { name: truncate(`${name} (${s.quotes} quote${s.quotes === 1 ? '' : 's'})`, DiscordLimits.choiceName), value: s.name };
    });
}

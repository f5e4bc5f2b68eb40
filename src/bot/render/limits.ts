import type { APIEmbed } from 'discord.js';

/** Discord's documented message limits (characters are UTF-16 code units, as Discord counts them). */
export const DiscordLimits = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title, description, field names and values, footer and author of every embed of one message together. */
  embedsTotal: 6000,
  embedsPerMessage: 10,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` characters, ending with "…" when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/** The characters of an embed that count towards the 6000 per message. */
export function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

export interface MessageShape {
  content?: string;
  embeds?: APIEmbed[];
}

/** Every limit a message breaks, as readable strings (empty when it fits): what the render tests check. */
export function limitProblems(message: MessageShape): string[] {
  const problems: string[] = [];
  const embeds = message.embeds ?? [];
  if ((message.content?.length ?? 0) > DiscordLimits.content) problems.push(`content is ${message.content!.length} characters`);
  if (embeds.length > DiscordLimits.embedsPerMessage) problems.push(`${embeds.length} embeds`);
  const total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > DiscordLimits.embedsTotal) problems.push(`embeds hold ${total} characters`);
  embeds.forEach((embed, i) => {
    if ((embed.title?.length ?? 0) > DiscordLimits.embedTitle) problems.push(`embed ${i} title is ${embed.title!.length} characters`);
    if ((embed.description?.length ?? 0) > DiscordLimits.embedDescription) problems.push(`embed ${i} description is ${embed.description!.length} characters`);
    if ((embed.footer?.text.length ?? 0) > DiscordLimits.footerText) problems.push(`embed ${i} footer is too long`);
    if ((embed.author?.name.length ?? 0) > DiscordLimits.authorName) problems.push(`embed ${i} author is too long`);
    const fields = embed.fields ?? [];
    if (fields.length > DiscordLimits.embedFields) problems.push(`embed ${i} has ${fields.length} fields`);
    fields.forEach((field, j) => {
      if (field.name.length === 0 || field.name.length > DiscordLimits.fieldName) problems.push(`embed ${i} field ${j} name is ${field.name.length} characters`);
      if (field.value.length === 0 || field.value.length > DiscordLimits.fieldValue) problems.push(`embed ${i} field ${j} value is ${field.value.length} characters`);
    });
  });
  return problems;
}

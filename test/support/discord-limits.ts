import type { APIEmbed } from 'discord.js';
import { DiscordLimits, embedLength } from '../../src/bot/render/limits.ts';

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

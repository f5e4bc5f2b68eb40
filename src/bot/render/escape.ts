import { escapeMarkdown } from 'discord.js';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Breaks mention syntax (@everyone, @here, <@id>, <@!id>, <@&id>, <#id>) with a zero-width space
 * so it shows as plain text. allowedMentions already stops every ping; this also stops mentions
 * from rendering as pills that look like pings (or channel links). Nothing else in the text changes.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/g, `@${ZERO_WIDTH_SPACE}$1`).replace(/<([@#])([!&]?\d)/g, `<$1${ZERO_WIDTH_SPACE}$2`);
}

/**
 * Article or user text made safe for Discord markdown: characters Discord would read as formatting
 * are backslash-escaped (they still show as written) and mentions neutralised. Every `[ ] ( ) < >`
 * is escaped, so no masked link, autolink bracket, timestamp or custom emoji can form anywhere in
 * the text (discord.js's own masked-link escape marks only the first link of a line). Arabic
 * letters, punctuation and direction are untouched.
 */
export function escapeText(text: string): string {
  // Backslashes are escaped first (escape: true), so the ones added here cannot be undone by the text.
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: false });
  return neutralizeMentions(escaped.replace(/[[\]()<>]/g, '\\$&'));
}

/** The question in a message that mentions the bot: the text without the bot's mentions. */
export function questionFromMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

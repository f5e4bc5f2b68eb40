import { ChannelType, type Message } from 'discord.js';
import { contextIn, type BotContext } from './context.ts';
import { needsButtons, pageMessage, NO_PINGS } from './paging/page-message.ts';
import { rateLimitMessage } from './rate-limit.ts';
import { renderAnswer } from './render/answer.ts';
import { truncate } from './render/limits.ts';
import { Replies } from './replies.ts';
import { cleanQuestion } from '../search/question-check.ts';
import { defaultAnswerLanguage } from '../english/answer-language.ts';

export interface MentionOptions {
  /** Answer in a new thread started from the question instead of a reply in the channel. @default false */
  threads?: boolean;
}

/** The question in a message that mentions the bot: the text without the bot's mentions. */
export function questionFromMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** Whether a message is addressed to the bot (a direct mention, not @everyone or a role). */
export function isAddressedTo(message: Message, botUserId: string): boolean {
  return !message.author.bot && !message.system && message.mentions.users.has(botUserId);
}

/**
 * "@bot what did Ushakov say?" in a channel: answered as a reply to the message (or in a
 * thread), with the same pages and buttons as /ask. Mentions carry their content, so this needs
 * no privileged intent.
 */
export async function answerMention(message: Message, botUserId: string, ctx: BotContext, options: MentionOptions = {}): Promise<void> {
  try {
    // Counted before anything is answered, hints and refusals included: each costs a message in the channel.
    const decision = ctx.limits.take(message.author.id, message.guildId);
    if (!decision.ok) {
      // Tell them once per window; answering every extra mention would let anyone make the bot spam.
      if (decision.firstRefusal) await message.reply({ content: rateLimitMessage(decision), allowedMentions: NO_PINGS });
      return;
    }
    // What this server reads: the shared corpus and its own articles, never another server's.
    const { engine } = await contextIn(ctx, message.guildId);
    const answer = await engine.ask(questionFromMention(message.content, botUserId));
    if (answer.status === 'refused' && answer.reason !== 'no-terms') {
      // A mention with nothing after it is a greeting more than a question: a hint fits better.
      await message.reply({ content: answer.reason === 'empty' ? Replies.emptyMention : answer.why, allowedMentions: NO_PINGS });
      return;
    }
    const paged = renderAnswer(answer, { lexicalOnly: !engine.dense, language: defaultAnswerLanguage(ctx.config.ANSWER_LANGUAGE, answer.language) });
    const session = needsButtons(paged) ? ctx.sessions.create(message.author.id, paged) : null;
    const reply = pageMessage(paged, 0, session?.id ?? null);
    if (options.threads && message.channel.type === ChannelType.GuildText) {
      const thread = await message.startThread({ name: truncate(cleanQuestion(answer.question), 90) });
      await thread.send(reply);
      return;
    }
    await message.reply(reply);
  } catch (error) {
    ctx.logger.error(`Answering the mention ${message.id} by ${message.author.id} failed:`, error);
    await message.reply({ content: Replies.error, allowedMentions: NO_PINGS }).catch((replyError: unknown) => ctx.logger.error('Could not tell the user about the failure:', replyError));
  }
}

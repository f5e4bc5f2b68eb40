import type { Message, SendableChannels } from 'discord.js';
import { defaultAnswerLanguage } from '../../english/answer-language.ts';
import { checkQuestion, cleanQuestion } from '../../search/question-check.ts';
import { refusalText } from '../../search/refusals.ts';
import { serverKey } from '../../team/answer-record.ts';
import { NO_SETTINGS } from '../../team/server-settings.ts';
import { resolveFollowUp, type FollowUpCorpus } from '../../team/follow-up.ts';
import type { ThreadContext } from '../../team/thread-context.ts';
import { configuredLanguage, contextIn, type BotContext, type BotEngine } from '../context.ts';
import { keepAnswer, noteAnswerMessage } from '../keep-answer.ts';
import { needsButtons, NO_PINGS, pageMessage } from '../paging/page-message.ts';
import { rateLimitMessage } from '../rate-limit.ts';
import { renderAnswer } from '../render/answer.ts';
import { neutralizeMentions } from '../render/escape.ts';
import { truncate } from '../render/limits.ts';
import { Replies } from '../replies.ts';
import { describeFailure } from './failure.ts';
import { answerFollowUp } from './follow-up-answer.ts';
import { routeMessage, type AnswerPlace } from './message-route.ts';
import { showWorking } from './working-signal.ts';

export interface ConversationOptions {
  /** Answer a mention outside a thread in a thread started from it (DISCORD_MENTION_THREADS). @default true */
  threads?: boolean;
}

/** What became of a message: answered (and where), refused, or left alone (and why). For the log and for tests. */
export type MessageOutcome = { handled: 'answered' | 'refused' | 'failed'; channelId: string } | { handled: 'ignored'; why: string };

/**
 * A message in a server: a mention of the bot, a message in a thread the bot started (a
 * follow-up), or a message in an #ask channel. While it is answered the message carries 🔎; the
 * answer goes into a thread (started from the message, or the one it is in), read against that
 * thread's conversation, with the same pages and buttons as /ask plus 👍/👎, Ask a colleague.
 */
export async function answerMessage(message: Message, botUserId: string, base: BotContext, options: ConversationOptions = {}): Promise<MessageOutcome> {
  if (message.author.bot || message.system || !message.inGuild()) return { handled: 'ignored', why: 'written by a bot, by the system, or outside a server' };
  // Most messages a bot with the Message Content intent receives are not for it: only those that
  // could be for an #ask channel need the server's settings read before they are left alone.
  const addressed = message.mentions.users.has(botUserId) || (message.channel.isThread() && message.channel.ownerId === botUserId);
  const settings = addressed ? NO_SETTINGS : await base.team.settings(serverKey(message.guildId)).catch(() => NO_SETTINGS);
  const route = routeMessage(message, { botUserId, settings, mentionThreads: options.threads ?? true });
  if (route.kind === 'ignore') return { handled: 'ignored', why: route.why };
  const ctx = await contextIn(base, message.guildId);
  const { text, via } = route;
  const checked = checkQuestion(text);
  if (!checked.ok) {
    // An #ask channel or a thread holds talk too (an image, an emoji): only a mention of nothing gets a hint.
    if (checked.reason === 'empty' && via !== 'mention') return { handled: 'ignored', why: 'no words to search for' };
    await message.reply({ content: checked.reason === 'empty' ? Replies.emptyMention : refusalText(checked), allowedMentions: NO_PINGS });
    return { handled: 'refused', channelId: message.channelId };
  }
  // Counted before anything is answered: each answer costs a message (follow-ups too).
  const decision = ctx.limits.take(message.author.id, message.guildId);
  if (!decision.ok) {
    // Told once per window; answering every extra message would let anyone make the bot spam.
    if (decision.firstRefusal) await message.reply({ content: rateLimitMessage(decision), allowedMentions: NO_PINGS });
    return { handled: 'refused', channelId: message.channelId };
  }
  const working = await showWorking(message, ctx.logger);
  let answeredIn: SendableChannels | null = null;
  try {
    const thread = await threadFor(message, route.place, checked.question, ctx);
    answeredIn = thread ?? (message.channel.isSendable() ? message.channel : null);
    const server = serverKey(message.guildId);
    const context = thread ? await readContext(ctx, server, thread.id) : null;
    const followUp = resolveFollowUp(checked.question, context, followUpCorpus(ctx.engine));
    const send = (body: Parameters<Message['reply']>[0] & object) => (thread && route.place === 'new-thread' ? thread.send(body) : message.reply(body));
    if (followUp.kind === 'unclear') {
      await send({ content: followUp.why, allowedMentions: NO_PINGS });
      return { handled: 'refused', channelId: thread?.id ?? message.channelId };
    }
    const result = await answerFollowUp(checked.question, followUp, context, ctx.engine, { k: ctx.config.ANSWER_PASSAGES, inThread: thread !== null });
    const { answer } = result;
    const paged = renderAnswer(answer, {
      lexicalOnly: !ctx.engine.dense,
      language: defaultAnswerLanguage(configuredLanguage(ctx), answer.language),
      ...(answer.question !== checked.question ? { asked: checked.question } : {}),
      ...(result.readAs ? { readAs: result.readAs } : {}),
      ...(result.note ? { note: result.note } : {}),
      ...(result.perPage ? { perPage: result.perPage } : {}),
    });
    const channelId = thread?.id ?? message.channelId;
    const actions = await keepAnswer(ctx, answer, { guildId: message.guildId, channelId, userId: message.author.id, via, ephemeral: false });
    const session = needsButtons(paged) ? ctx.sessions.create(message.author.id, paged, actions) : null;
    const sent = await send(pageMessage(paged, 0, session?.id ?? null, undefined, actions));
    await noteAnswerMessage(ctx, message.guildId, actions, sent.channelId, sent.id);
    if (thread) await ctx.team.addTurn(server, thread.id, result.turn).catch((error: unknown) => ctx.logger.warn(`Could not remember the conversation of thread ${thread.id}:`, error));
    return { handled: 'answered', channelId };
  } catch (error) {
    ctx.logger.error(`Answering the message ${message.id} by ${message.author.id} failed:`, error);
    const content = describeFailure(error);
    const told = answeredIn && answeredIn.id !== message.channelId ? answeredIn.send({ content, allowedMentions: NO_PINGS }) : message.reply({ content, allowedMentions: NO_PINGS });
    await told.catch((replyError: unknown) => ctx.logger.error('Could not tell the user about the failure:', replyError));
    return { handled: 'failed', channelId: message.channelId };
  } finally {
    await working.stop();
  }
}

/**
 * The thread an answer goes in: the one the message is in, or one started from it (named after the
 * question). Null for a reply, or where no thread can be started (no permission): the answer is
 * then a reply in the channel, without a conversation to follow up on.
 */
async function threadFor(message: Message<true>, place: AnswerPlace, question: string, ctx: BotContext): Promise<SendableChannels | null> {
  if (place === 'this-thread') return message.channel.isThread() ? message.channel : null;
  if (place === 'reply') return null;
  if (message.hasThread && message.thread) return message.thread;
  try {
    // Thread names show as plain text; a mention in one would still render as a pill.
    return await message.startThread({ name: truncate(neutralizeMentions(cleanQuestion(question)), 90) || 'Question' });
  } catch (error) {
    ctx.logger.warn(`Could not start a thread from message ${message.id} in ${message.channelId} (${(error as Error).message}); answering with a reply. The bot needs Create Public Threads and Send Messages in Threads there.`);
    return null;
  }
}

async function readContext(ctx: BotContext, server: string, threadId: string): Promise<ThreadContext | null> {
  try {
    return await ctx.team.thread(server, threadId);
  } catch (error) {
    ctx.logger.warn(`Could not read the conversation of thread ${threadId} (${(error as Error).message}); the message is answered on its own.`);
    return null;
  }
}

/** What follow-ups need of the corpus: whom a name refers to, and names in Latin script. */
function followUpCorpus(engine: BotEngine): FollowUpCorpus {
  return {
    speakersNamed: (words) => engine.quotes(words).speakers.map((s) => s.name),
    latinName: (name) => engine.latinName(name),
  };
}

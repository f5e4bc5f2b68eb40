import { ChannelType, type Message } from 'discord.js';
import type { AnswerVia } from '../../team/answer-record.ts';
import type { ServerSettings } from '../../team/server-settings.ts';
import { questionFromMention } from '../mention.ts';

/** Where an answer goes: the thread the message is in, a new thread started from it, or a reply. */
export type AnswerPlace = 'this-thread' | 'new-thread' | 'reply';

/** What to do with a message: answer it (the question, how it was asked, where to answer), or leave it. */
export type MessageRoute = { kind: 'answer'; text: string; via: AnswerVia; place: AnswerPlace } | { kind: 'ignore'; why: string };

export interface RouteOptions {
  botUserId: string;
  /** The settings of the message's server (its #ask channels). */
  settings: ServerSettings;
  /** Answer a mention outside a thread in a new thread (DISCORD_MENTION_THREADS). */
  mentionThreads: boolean;
}

/**
 * Which messages the bot answers, and where:
 * - a mention of the bot, anywhere: in a thread started from it (or as a reply, with threads off
 *   or where no thread can be started), or in the thread it was written in;
 * - every message in a thread the bot started, without a mention (a follow-up), unless it
 *   mentions someone else and not the bot (it is talk between members);
 * - every message in an #ask channel of the server, in a thread started from it.
 * Never a message from a bot (itself included) or a system message.
 */
export function routeMessage(message: Message, options: RouteOptions): MessageRoute {
  if (message.author.bot || message.system || message.webhookId) return { kind: 'ignore', why: 'written by a bot or the system' };
  if (!message.inGuild()) return { kind: 'ignore', why: 'not in a server' };
  const mentioned = message.mentions.users.has(options.botUserId);
  const channel = message.channel;
  const startsThreads = channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement;
  if (mentioned) {
    const text = questionFromMention(message.content, options.botUserId);
    if (channel.isThread()) return { kind: 'answer', text, via: channel.ownerId === options.botUserId ? 'thread' : 'mention', place: 'this-thread' };
    return { kind: 'answer', text, via: 'mention', place: options.mentionThreads && startsThreads ? 'new-thread' : 'reply' };
  }
  if (channel.isThread() && channel.ownerId === options.botUserId) {
    const othersMentioned = message.mentions.users.size > 0 || message.mentions.roles.size > 0 || message.mentions.everyone;
    if (othersMentioned) return { kind: 'ignore', why: 'a message to someone else in the bot’s thread' };
    return { kind: 'answer', text: message.content.trim(), via: 'thread', place: 'this-thread' };
  }
  if (!channel.isThread() && options.settings.askChannels.includes(channel.id)) {
    return { kind: 'answer', text: message.content.trim(), via: 'ask-channel', place: startsThreads ? 'new-thread' : 'reply' };
  }
  return { kind: 'ignore', why: 'not addressed to the bot' };
}

import {
  ChannelType,
  channelMention,
  InteractionContextType,
  PermissionFlagsBits,
  roleMention,
  SlashCommandBuilder,
  time,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { AnswerLanguage } from '../../english/answer-language.ts';
import { serverKey } from '../../team/answer-record.ts';
import { nextRun, parseBriefingTime } from '../../team/briefing-time.ts';
import { MAX_ASK_CHANNELS, type ServerSettings } from '../../team/server-settings.ts';
import type { BotContext } from '../context.ts';
import { paginate } from '../render/paged.ts';
import type { Command } from './command.ts';
import { manageServerRefusal } from './manage-server.ts';

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const settings: Command = {
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription('How the bot works here: #ask channels, escalation, briefings, language (Manage Server only)')
    .addSubcommand((s) => s.setName('show').setDescription('This server’s settings'))
    .addSubcommand((s) =>
      s
        .setName('ask-channel')
        .setDescription('A channel where every message is a question (no mention needed), or stop that')
        .addChannelOption((o) => o.setName('channel').setDescription('The channel').setRequired(true).addChannelTypes(...TEXT_CHANNELS))
        .addStringOption((o) => o.setName('action').setDescription('Add it (default) or remove it').addChoices({ name: 'add', value: 'add' }, { name: 'remove', value: 'remove' })),
    )
    .addSubcommand((s) =>
      s
        .setName('escalation')
        .setDescription('Where “Ask a colleague” posts an answer, and the role it mentions')
        .addChannelOption((o) => o.setName('channel').setDescription('The channel to post in').setRequired(true).addChannelTypes(...TEXT_CHANNELS))
        .addRoleOption((o) => o.setName('role').setDescription('The role to mention (the only mention allowed)')),
    )
    .addSubcommand((s) => s.setName('escalation-off').setDescription('No escalation channel: “Ask a colleague” is refused'))
    .addSubcommand((s) =>
      s
        .setName('briefing')
        .setDescription('Post a briefing on a schedule')
        .addChannelOption((o) => o.setName('channel').setDescription('The channel to post in').setRequired(true).addChannelTypes(...TEXT_CHANNELS))
        .addStringOption((o) => o.setName('time').setDescription('08:00 (every day), or a cron pattern such as 0 8 * * 1-5').setRequired(true).setMaxLength(100))
        .addStringOption((o) => o.setName('timezone').setDescription('An IANA time zone such as Europe/Berlin (default UTC)').setMaxLength(64)),
    )
    .addSubcommand((s) => s.setName('briefing-off').setDescription('No scheduled briefing in this server'))
    .addSubcommand((s) =>
      s
        .setName('language')
        .setDescription('What answers open with: the Arabic, its English, or both')
        .addStringOption((o) =>
          o
            .setName('value')
            .setDescription('auto: the English for questions asked in English')
            .setRequired(true)
            .addChoices({ name: 'auto (by the question’s language)', value: 'auto' }, { name: 'English', value: 'en' }, { name: 'Arabic', value: 'ar' }, { name: 'both', value: 'both' }),
        ),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  ephemeral: () => true,
  rateLimited: false,

  // Discord hides the command from members without Manage Server, but server admins can override
  // that per channel or role: the member's permissions as this interaction carries them decide.
  refuse(interaction) {
    return manageServerRefusal(interaction, 'change the bot’s settings');
  },

  async execute(interaction, ctx) {
    const guildId = interaction.guildId!;
    const sub = interaction.options.getSubcommand();
    if (sub === 'show') return paginate([], { header: describeSettings(ctx.server, ctx, guildId) });
    const change = await changeFor(sub, interaction, ctx);
    if ('refusal' in change) return paginate([], { header: change.refusal });
    const updated = await ctx.team.updateSettings(serverKey(guildId), change.apply);
    if (sub === 'briefing' || sub === 'briefing-off') ctx.onBriefingChanged?.(guildId);
    ctx.logger.info(`Settings of server ${guildId} changed by ${interaction.user.id}: ${sub}.`);
    return paginate([], { header: `${change.done}${change.warning ? `\n⚠️ ${change.warning}` : ''}\n\n${describeSettings(updated, ctx, guildId)}` });
  },
};

type Change = { apply: (current: ServerSettings) => ServerSettings; done: string; warning?: string } | { refusal: string };

async function changeFor(sub: string, interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Change> {
  const guildId = interaction.guildId!;
  switch (sub) {
    case 'ask-channel': {
      const channel = interaction.options.getChannel('channel', true);
      if (interaction.options.getString('action') === 'remove') {
        return { apply: (s) => ({ ...s, askChannels: s.askChannels.filter((id) => id !== channel.id) }), done: `${channelMention(channel.id)} is no longer an #ask channel.` };
      }
      if (!ctx.server.askChannels.includes(channel.id) && ctx.server.askChannels.length >= MAX_ASK_CHANNELS) {
        return { refusal: `This server has ${MAX_ASK_CHANNELS} #ask channels already, the most it can have: remove one first.` };
      }
      const warning = ctx.readsMessages
        ? await sendProblem(interaction, channel.id, ctx)
        : 'Discord does not let me read messages that do not mention me (the bot’s Message Content intent is off in the Developer Portal): until it is on, messages there are answered only when they mention me.';
      return {
        apply: (s) => ({ ...s, askChannels: [...new Set([...s.askChannels, channel.id])] }),
        done: `Every message in ${channelMention(channel.id)} is now a question: I answer each in a thread of its own, no mention needed.`,
        ...(warning ? { warning } : {}),
      };
    }
    case 'escalation': {
      const channel = interaction.options.getChannel('channel', true);
      const role = interaction.options.getRole('role');
      if (role && role.id === guildId) return { refusal: 'Pick a role other than @everyone: “Ask a colleague” mentions one role, never everyone.' };
      const problem = await sendProblem(interaction, channel.id, ctx);
      const notMentionable = role && !role.mentionable ? `The role ${roleMention(role.id)} is not mentionable: its members are not notified unless it is made mentionable (Server Settings → Roles) or I have Mention @everyone, @here, and All Roles.` : undefined;
      const warning = [problem, notMentionable].filter(Boolean).join(' ');
      return {
        apply: (s) => ({ ...s, escalation: { channelId: channel.id, ...(role ? { roleId: role.id } : {}) } }),
        done: `“Ask a colleague” now posts in ${channelMention(channel.id)}${role ? `, mentioning ${roleMention(role.id)} (and nobody else)` : ' (mentioning nobody)'}.`,
        ...(warning ? { warning } : {}),
      };
    }
    case 'escalation-off':
      return { apply: ({ escalation: _gone, ...s }) => s, done: 'No escalation channel: “Ask a colleague” now says so.' };
    case 'briefing': {
      const channel = interaction.options.getChannel('channel', true);
      const when = parseBriefingTime(interaction.options.getString('time', true), interaction.options.getString('timezone') ?? undefined);
      if (!when.ok) return { refusal: when.problem };
      const problem = await sendProblem(interaction, channel.id, ctx);
      return {
        apply: (s) => ({ ...s, briefing: { channelId: channel.id, cron: when.cron, timezone: when.timezone } }),
        done: `The briefing is posted in ${channelMention(channel.id)} ${when.described}.`,
        ...(problem ? { warning: problem } : {}),
      };
    }
    case 'briefing-off':
      return { apply: ({ briefing: _gone, ...s }) => s, done: 'No scheduled briefing in this server any more (/briefing still answers).' };
    case 'language': {
      const value = interaction.options.getString('value', true);
      if (value === 'auto') return { apply: ({ language: _gone, ...s }) => s, done: 'Answers open by the question’s language: with the English for questions in English, the Arabic alone for questions in Arabic.' };
      if (value !== 'en' && value !== 'ar' && value !== 'both') return { refusal: 'Pick one of the choices offered: auto, English, Arabic or both.' };
      const language: AnswerLanguage = value;
      return { apply: (s) => ({ ...s, language }), done: `Answers now open with ${describeLanguage(language)}.` };
    }
    default:
      return { refusal: `There is no /settings ${sub}.` };
  }
}

/** Why the bot may not be able to post in a channel of this server, or undefined when it can. */
async function sendProblem(interaction: ChatInputCommandInteraction, channelId: string, ctx: BotContext): Promise<string | undefined> {
  const channel = await interaction.client.channels.fetch(channelId).catch(() => null);
  if (!channel || channel.isDMBased() || channel.guildId !== interaction.guildId || !channel.isSendable()) return `I cannot see ${channelMention(channelId)}: give me View Channel and Send Messages there.`;
  const me = interaction.client.user;
  const permissions = 'permissionsFor' in channel ? channel.permissionsFor(me) : null;
  if (permissions && !permissions.has(PermissionFlagsBits.SendMessages)) return `I may not send messages in ${channelMention(channelId)}: give me Send Messages there.`;
  ctx.logger.debug(`Channel ${channelId} of server ${interaction.guildId} is postable.`);
  return undefined;
}

function describeLanguage(language: AnswerLanguage): string {
  return language === 'en' ? 'the English of the quotes in place of the Arabic (the Arabic one button away)' : language === 'ar' ? 'the Arabic alone (the English one button away)' : 'the Arabic and its English under it';
}

/** The settings as a member reads them, with what applies when nothing is set. */
export function describeSettings(s: ServerSettings, ctx: Pick<BotContext, 'config' | 'readsMessages'>, guildId: string): string {
  const home = guildId === ctx.config.DISCORD_GUILD_ID;
  const envBriefing = home && ctx.config.BRIEFING_CHANNEL_ID && ctx.config.BRIEFING_CRON ? `the bot’s default for its home server: ${channelMention(ctx.config.BRIEFING_CHANNEL_ID)} on BRIEFING_CRON “${ctx.config.BRIEFING_CRON}” (server time)` : undefined;
  const briefing = s.briefing
    ? (() => {
        const next = nextRun(s.briefing.cron, s.briefing.timezone);
        return `${channelMention(s.briefing.channelId)} on “${s.briefing.cron}” (${s.briefing.timezone})${next ? `, next ${time(next, 'F')}` : ''}`;
      })()
    : (envBriefing ?? 'none (`/settings briefing`)');
  const lines = [
    '**This server’s settings**',
    `• #ask channels: ${s.askChannels.length ? s.askChannels.map((id) => channelMention(id)).join(', ') : 'none: mention me anywhere, or add one with `/settings ask-channel`'}`,
    `• Ask a colleague: ${s.escalation ? `posts in ${channelMention(s.escalation.channelId)}${s.escalation.roleId ? `, mentioning ${roleMention(s.escalation.roleId)}` : ', mentioning nobody'}` : 'not set (`/settings escalation`): the button says so'}`,
    `• Scheduled briefing: ${briefing}`,
    `• Answers open with: ${s.language ? describeLanguage(s.language) : ctx.config.ANSWER_LANGUAGE ? `${describeLanguage(ctx.config.ANSWER_LANGUAGE)} (the bot’s ANSWER_LANGUAGE)` : 'the English for questions in English, the Arabic for questions in Arabic'}`,
    `• Mentions are answered ${ctx.config.DISCORD_MENTION_THREADS ? 'in a thread started from the question; every message in it is a follow-up' : 'as replies (DISCORD_MENTION_THREADS=false); #ask channels still use threads'}`,
  ];
  if (!ctx.readsMessages) lines.push('⚠️ The bot’s Message Content intent is off: #ask channels and follow-ups without a mention cannot be read until it is enabled in the Developer Portal.');
  return lines.join('\n');
}

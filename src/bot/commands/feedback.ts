import { InteractionContextType, messageLink, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { serverKey, VOTE_REASONS, type VoteReason } from '../../team/answer-record.ts';
import { mostMarkedWrong, type ReportRow } from '../../team/feedback-report.ts';
import { cleanQuestion } from '../../search/question-check.ts';
import { escapeText } from '../render/escape.ts';
import { DiscordLimits, truncate } from '../render/limits.ts';
import { EMBED_COLOR, paginate } from '../render/paged.ts';
import type { Command } from './command.ts';
import { manageServerRefusal } from './manage-server.ts';

/** Questions listed by the report. */
const REPORT_ROWS = 10;

export const feedback: Command = {
  data: new SlashCommandBuilder()
    .setName('feedback')
    .setDescription('What members said of the answers (Manage Server only)')
    .addSubcommand((s) => s.setName('report').setDescription('The questions whose answers were most often marked 👎 in this server'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  ephemeral: () => true,
  rateLimited: false,

  refuse(interaction) {
    return manageServerRefusal(interaction, 'read the feedback report');
  },

  /** This server's votes only. */
  async execute(interaction, ctx) {
    const guildId = interaction.guildId!;
    const rated = await ctx.team.feedback(serverKey(guildId));
    const votes = rated.reduce((sum, r) => sum + r.votes.length, 0);
    const rows = mostMarkedWrong(rated, REPORT_ROWS);
    const total = `${rated.length} rated answer(s), ${votes} vote(s) in this server.`;
    if (rows.length === 0) return paginate([], { header: `No answer in this server has been marked 👎 yet. ${total}` });
    const lines = rows.map((row, i) => `**${i + 1}.** ${reportLine(row, guildId)}`);
    return {
      pages: [
        {
          content: `${total} The host can turn them into an evaluation file: \`npm run feedback -- export --json --server ${guildId}\`.`,
          embeds: [{ color: EMBED_COLOR, title: 'The questions most often marked wrong', description: truncate(lines.join('\n'), DiscordLimits.embedDescription) }],
        },
      ],
    };
  },
};

/** “question” — 👎 n (reasons) · 👍 n · n rated answer(s) · link to the last public one. */
function reportLine(row: ReportRow, guildId: string): string {
  const reasons = (Object.entries(row.reasons) as [VoteReason, number][]).map(([reason, count]) => `${VOTE_REASONS[reason].toLowerCase()} ×${count}`);
  const link = row.latest.messageId && !row.latest.ephemeral ? ` · ${messageLink(row.latest.channelId, row.latest.messageId, guildId)}` : '';
  return `“${escapeText(truncate(cleanQuestion(row.question), 150))}” — 👎 ${row.down}${reasons.length ? ` (${reasons.join(', ')})` : ''} · 👍 ${row.up} · ${row.answers} rated answer(s)${link}`;
}

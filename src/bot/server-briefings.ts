import type { Client } from 'discord.js';
import { scheduleBriefing, type BriefingSchedule } from '../briefing/schedule.ts';
import { serverKey } from '../team/answer-record.ts';
import type { BriefingSetting } from '../team/server-settings.ts';
import type { BotContext } from './context.ts';
import type { BriefingLedger } from '../corpora/briefing-state.ts';
import { postScheduledBriefing } from './scheduled-briefing.ts';

/**
 * The scheduled briefings servers set with /settings briefing: one schedule per server this
 * process holds (with several shards, each schedules its own servers), read from the team store
 * at start and again when /settings changes one. Each posts that server's digest to its channel
 * and keeps its own "new since" mark.
 */
export class ServerBriefings {
  private readonly schedules = new Map<string, { setting: BriefingSetting; schedule: BriefingSchedule }>();
  private stopped = false;

  constructor(
    private readonly client: () => Client,
    private readonly ctx: BotContext,
    /** Runs a post as tracked work (the bot waits for it on shutdown). */
    private readonly track: (work: Promise<unknown>) => Promise<unknown>,
  ) {}

  /** Schedules every stored briefing of a server this process is in. */
  async start(): Promise<void> {
    for (const { server, briefing } of await this.ctx.team.briefings()) {
      if (this.client().guilds.cache.has(server)) this.schedule(server, briefing);
    }
  }

  /** After /settings briefing(-off): the server's schedule follows its setting. */
  async reschedule(guildId: string): Promise<void> {
    if (this.stopped) return;
    const setting = (await this.ctx.team.settings(serverKey(guildId))).briefing;
    this.schedules.get(guildId)?.schedule.stop();
    this.schedules.delete(guildId);
    if (setting) this.schedule(guildId, setting);
  }

  /** When a server's next briefing is due. */
  nextRun(guildId: string): Date | null {
    return this.schedules.get(guildId)?.schedule.nextRun() ?? null;
  }

  /** Posts one server's briefing now (what its schedule calls). */
  async post(guildId: string, scheduledFor: Date = new Date()): Promise<void> {
    const entry = this.schedules.get(guildId);
    if (!entry || this.stopped) return;
    const server = serverKey(guildId);
    // Claimed like the shared schedule's (one process posts each, with DATABASE_URL); its time is the server's own.
    const ledger: BriefingLedger = {
      location: this.ctx.team.location,
      lastBriefingAt: () => this.ctx.team.lastBriefing(server),
      claim: (channelId, due) => this.ctx.briefings.claim(channelId, due),
      posted: (_channelId, _due, generatedAt) => this.ctx.team.setLastBriefing(server, generatedAt),
    };
    const result = (await this.track(postScheduledBriefing(this.client(), entry.setting.channelId, this.ctx, { scheduledFor, ledger, guildId }))) as { messages: number; newArticles: number; postedElsewhere?: true };
    if (result.postedElsewhere) {
      this.ctx.logger.debug(`The scheduled briefing of server ${guildId} due at ${scheduledFor.toISOString()} is posted by another bot process.`);
      return;
    }
    this.ctx.logger.info(`Posted the scheduled briefing of server ${guildId} to ${entry.setting.channelId}: ${result.messages} message(s), ${result.newArticles} new article(s).`);
  }

  stop(): void {
    this.stopped = true;
    for (const { schedule } of this.schedules.values()) schedule.stop();
    this.schedules.clear();
  }

  private schedule(guildId: string, setting: BriefingSetting): void {
    const schedule = scheduleBriefing(setting.cron, (scheduledFor) => this.post(guildId, scheduledFor), (error) => this.ctx.logger.error(`The scheduled briefing of server ${guildId} failed:`, error), setting.timezone);
    this.schedules.set(guildId, { setting, schedule });
    this.ctx.logger.info(`Server ${guildId}: briefings go to channel ${setting.channelId} on “${setting.cron}” (${setting.timezone}); next at ${schedule.nextRun()?.toISOString() ?? 'never'}.`);
  }
}

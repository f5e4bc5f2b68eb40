import { once } from 'node:events';
import { Events, type Client, type ClientOptions, type Message } from 'discord.js';
import type { ConsolaInstance } from 'consola';
import type { Config } from '../config.ts';
import { scheduleBriefing, type BriefingSchedule } from '../briefing/schedule.ts';
import type { BotSettings } from './bot-config.ts';
import { createClient } from './client.ts';
import { commands as allCommands, type Command } from './commands/index.ts';
import type { BotContext } from './context.ts';
import { dispatchInteraction } from './dispatch.ts';
import { answerMessage, type ConversationOptions, type MessageOutcome } from './conversation/answer-message.ts';
import { PageSessions, type PageSessionOptions } from './paging/sessions.ts';
import { QuestionLimits, type RateLimitOptions } from './rate-limit.ts';
import { redactingLogger, redactor, redactValue } from './redact.ts';
import { postScheduledBriefing } from './scheduled-briefing.ts';
import { ServerBriefings } from './server-briefings.ts';
import { ServerCorpora } from '../corpora/server-corpora.ts';
import type { Engine } from '../engine.ts';
import { describePoll } from '../sources/describe-outcome.ts';
import { serverKey } from '../team/answer-record.ts';
import { LocalTeamStore } from '../team/local-team-store.ts';
import { teamStoreDir } from '../team/open-team-store.ts';
import { NO_SETTINGS } from '../team/server-settings.ts';
import type { TeamStore } from '../team/team-store.ts';
import { UserError } from '../util/user-error.ts';
import { discordRefusedToken } from '../app/messages.ts';

export interface BotOptions {
  config: Config;
  settings: BotSettings;
  /** The shared corpus (CORPUS_DIR); each server's own articles are opened beside it. */
  engine: Engine;
  logger: ConsolaInstance;
  /** @default every command in commands/ */
  commands?: Command[];
  /** Questions per user. @default 6 a minute */
  rateLimit?: RateLimitOptions;
  /** Questions per server, shared by its members. @default 60 a minute */
  serverRateLimit?: RateLimitOptions;
  sessions?: PageSessionOptions;
  /** How mentions are answered. @default threads: config.DISCORD_MENTION_THREADS */
  mentions?: ConversationOptions;
  /**
   * Each server's settings, threads, answers and votes. @default local files under INDEX_DIR/team/
   * (with DATABASE_URL the caller opens the PostgreSQL one: openTeamStore)
   */
  team?: TeamStore;
  /** Told what became of every message the bot received (answered, refused, ignored and why), once it is settled. */
  onMessageSettled?: (message: Message, outcome: MessageOutcome) => void;
  /** Local files only (with DATABASE_URL briefings are recorded in the database). @default briefingStatePath(config, engine.corpusDir) */
  briefingStateFile?: string;
  /** Local files only (with DATABASE_URL feeds are kept in the database). @default feedStorePath(config, engine.corpusDir) */
  feedStoreFile?: string;
  clientOverrides?: Partial<ClientOptions>;
  /** How long to wait for the gateway's READY. @default 30 s */
  loginTimeoutMs?: number;
}

/** Raised when the bot cannot log in; the message names what to check. */
export class BotStartError extends UserError {}

/** Waiting handlers get this long to finish on shutdown before the connection is closed. */
const DRAIN_MS = 5000;

/** A running bot: the client, its handlers, and the briefing schedule. */
export class Bot {
  private currentClient: Client;
  readonly context: BotContext;
  readonly briefings: ServerBriefings;
  /** Whether the bot opened the team store itself (and so closes it). */
  private readonly ownsTeam: boolean;
  private readonly commands: ReadonlyMap<string, Command>;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Everything the bot logs goes through this: the token never reaches a log. */
  private readonly logger: ConsolaInstance;
  private schedule: BriefingSchedule | null = null;
  private feedSchedule: BriefingSchedule | null = null;
  private stopped = false;

  constructor(private readonly options: BotOptions) {
    const logger = redactingLogger(options.logger, [options.settings.token]);
    this.logger = logger;
    if (!options.team && options.config.DATABASE_URL) throw new Error('Bot: with DATABASE_URL the team store must be opened by the caller (openTeamStore) and given as `team`.');
    this.ownsTeam = !options.team;
    this.commands = new Map((options.commands ?? allCommands).map((c) => [c.data.name, c]));
    const corpora = new ServerCorpora({ shared: options.engine, config: options.config, logger, sharedFeedStoreFile: options.feedStoreFile, briefingStateFile: options.briefingStateFile });
    this.context = {
      engine: options.engine,
      server: NO_SETTINGS,
      config: options.config,
      logger,
      sessions: new PageSessions(options.sessions),
      limits: new QuestionLimits({ user: options.rateLimit, server: options.serverRateLimit }),
      briefings: corpora.storage.briefings,
      corpora,
      team: options.team ?? new LocalTeamStore(teamStoreDir(options.config), { onProblem: (message) => logger.warn(message) }),
      readsMessages: true,
      onBriefingChanged: (guildId) => void this.briefings.reschedule(guildId).catch((error: unknown) => logger.error(`Could not reschedule the briefing of server ${guildId}:`, error)),
    };
    this.briefings = new ServerBriefings(() => this.currentClient, this.context, (work) => this.tracked(work));
    this.currentClient = this.makeClient(true);
  }

  /** The discord.js client (a new one if Discord refused the Message Content intent at start). */
  get client(): Client {
    return this.currentClient;
  }

  /**
   * The client with its handlers. With `readsMessages` it asks for the Message Content intent:
   * follow-ups in threads and #ask channels need to read messages that do not mention the bot.
   */
  private makeClient(readsMessages: boolean): Client {
    const client = createClient({ apiBase: this.options.settings.apiBase, overrides: this.options.clientOverrides, messageContent: readsMessages });
    const logger = this.logger;
    client.on(Events.InteractionCreate, (interaction) => this.track(dispatchInteraction(interaction, this.commands, this.context)));
    client.on(Events.MessageCreate, (message) => {
      const me = client.user;
      if (!me) return;
      this.track(
        answerMessage(message, me.id, this.context, { threads: this.options.mentions?.threads ?? this.options.config.DISCORD_MENTION_THREADS }).then((outcome) => {
          if (outcome.handled === 'ignored') logger.debug(`Message ${message.id} left alone: ${outcome.why}.`);
          this.options.onMessageSettled?.(message, outcome);
        }),
      );
    });
    // A server joined (or back) after start: its scheduled briefing, if it set one, starts now.
    client.on(Events.GuildCreate, (guild) => this.context.onBriefingChanged?.(guild.id));
    client.on(Events.Error, (error) => logger.error('Discord client error:', error));
    client.on(Events.Warn, (message) => logger.warn(`Discord: ${message}`));
    return client;
  }

  /** Logs in and waits for READY; starts the briefing schedule when configured. */
  async start(): Promise<void> {
    const { settings, engine } = this.options;
    const logger = this.logger;
    // Attribute every quote now, before connecting: done on first use it would stall the event
    // loop (and Discord heartbeats) for seconds on a large corpus (8 s at 100k passages).
    engine.speakers();
    const timeoutMs = this.options.loginTimeoutMs ?? 30_000;
    try {
      await this.login(timeoutMs);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'DisallowedIntents') throw this.startError(error, timeoutMs);
      // The application has not enabled Message Content in the Developer Portal: run without it.
      logger.warn(
        'Discord refused the Message Content intent (it is not enabled for this application in the Developer Portal → Bot → Privileged Gateway Intents). ' +
          'Running without it: mentions and slash commands work, but follow-ups in threads and #ask channels are answered only when they mention the bot.',
      );
      this.context.readsMessages = false;
      this.currentClient = this.makeClient(false);
      try {
        await this.login(timeoutMs);
      } catch (again) {
        throw this.startError(again, timeoutMs);
      }
    }
    const me = this.client.user!;
    const appId = this.client.application?.id;
    logger.info(`Logged in to Discord as ${me.tag} (application ${appId ?? '?'}), in ${this.client.guilds.cache.size} server(s).`);
    if (settings.clientId && appId && settings.clientId !== appId) {
      logger.warn(`DISCORD_CLIENT_ID is ${settings.clientId} but the token belongs to application ${appId}: deploy-commands would register the commands to another application.`);
    }
    if (!engine.dense) logger.info('Answers use word matching only (lexical-only): no embedding model is loaded.');
    if (settings.briefing) {
      const { channelId, cron } = settings.briefing;
      this.schedule = scheduleBriefing(cron, (scheduledFor) => this.runScheduledBriefing(scheduledFor), (error) => logger.error('Scheduled briefing failed:', error));
      logger.info(`Scheduled briefings (BRIEFING_CRON "${cron}") go to channel ${channelId}; next at ${this.schedule.nextRun()?.toISOString() ?? 'never'}.`);
    }
    if (settings.feedCron) {
      this.feedSchedule = scheduleBriefing(settings.feedCron, () => this.runScheduledPoll(), (error) => logger.error('Scheduled feed poll failed:', error));
      logger.info(`Feeds are polled on FEED_CRON "${settings.feedCron}"; next at ${this.feedSchedule.nextRun()?.toISOString() ?? 'never'}.`);
    }
    // Briefings servers scheduled with /settings: a store that cannot be read now is no reason not to answer.
    await this.briefings.start().catch((error: unknown) => logger.error(`Could not read the servers' scheduled briefings from ${this.context.team.location}:`, error));
  }

  /** Logs in and waits for READY; Discord closing with 4014 (a privileged intent not enabled) rejects with code DisallowedIntents. */
  private async login(timeoutMs: number): Promise<void> {
    const client = this.client;
    const abort = new AbortController();
    const ready = once(client, Events.ClientReady, { signal: abort.signal });
    // login() itself may be what fails: the abandoned wait must not become an unhandled rejection.
    ready.catch(() => undefined);
    let refused = false;
    const onDisconnect = (event: { code: number }) => {
      if (event.code !== 4014) return;
      refused = true;
      abort.abort();
    };
    client.on(Events.ShardDisconnect, onDisconnect);
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      await client.login(this.options.settings.token);
      await ready;
    } catch (error) {
      await client.destroy();
      if (refused) throw Object.assign(new Error('Discord refused a privileged intent (4014)'), { code: 'DisallowedIntents' });
      throw error;
    } finally {
      clearTimeout(timer);
      client.off(Events.ShardDisconnect, onDisconnect);
    }
  }

  /** A failed login as the user sees it: what to check, never the token. */
  private startError(error: unknown, timeoutMs: number): BotStartError {
    const redact = redactor([this.options.settings.token]);
    return new BotStartError(redact(loginProblem(error, this.options.settings, timeoutMs)), { cause: redactValue(error, redact) });
  }

  /**
   * Posts the briefing scheduled for `scheduledFor` (what the schedule calls), unless another
   * bot process sharing the database has claimed it: each is posted once.
   */
  async runScheduledBriefing(scheduledFor: Date = new Date()): Promise<void> {
    const briefing = this.options.settings.briefing;
    if (!briefing || this.stopped) return;
    // BRIEFING_CHANNEL_ID/BRIEFING_CRON are the home server's default: a schedule it set itself replaces them.
    const home = this.options.config.DISCORD_GUILD_ID;
    if (home && (await this.context.team.settings(serverKey(home))).briefing) {
      this.logger.debug(`The home server ${home} has its own scheduled briefing (/settings briefing): BRIEFING_CRON is skipped.`);
      return;
    }
    const run = postScheduledBriefing(this.client, briefing.channelId, this.context, { scheduledFor });
    this.inFlight.add(run);
    try {
      const result = await run;
      const at = scheduledFor.toISOString();
      if (result.postedElsewhere) this.logger.info(`The scheduled briefing of ${at} is posted by another bot process.`);
      else this.logger.info(`Posted the scheduled briefing of ${at} to ${briefing.channelId}: ${result.messages} message(s), ${result.newArticles} new article(s).`);
    } finally {
      this.inFlight.delete(run);
    }
  }

  /**
   * Polls the feeds now (what FEED_CRON calls): the shared feeds into the shared corpus, each
   * server's own into its own; new articles are saved and indexed, problems logged by URL.
   */
  async runScheduledPoll(): Promise<void> {
    if (this.stopped) return;
    const run = this.context.corpora.pollAll();
    this.inFlight.add(run);
    try {
      for (const { target, reports, problem } of await run) {
        const text = `${target.kind === 'shared' ? '' : `Server ${target.guildId}: `}${problem ?? describePoll(reports)}`;
        const failed = problem !== undefined || reports.some((r) => r.problem || r.outcomes.some((o) => o.status === 'refused'));
        if (failed) this.logger.warn(text);
        else this.logger.info(text);
      }
    } finally {
      this.inFlight.delete(run);
    }
  }

  /** Stops the schedule, lets running answers finish (up to 5 s), then disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.schedule?.stop();
    this.feedSchedule?.stop();
    this.briefings.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, DRAIN_MS);
      }),
    ]);
    clearTimeout(timer);
    await this.client.destroy();
    await this.context.corpora.close();
    if (this.ownsTeam) await this.context.team.close();
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.catch((error: unknown) => this.logger.error(error)).finally(() => this.inFlight.delete(work));
  }

  /** Work the shutdown waits for, whose result the caller awaits. */
  private async tracked<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }
}

function loginProblem(error: unknown, settings: BotSettings, timeoutMs: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid') return discordRefusedToken();
  if (code === 'DisallowedIntents') return 'Discord refused the gateway intents the bot asks for (Guilds, GuildMessages): check the bot settings in the Developer Portal.';
  if (error instanceof Error && error.name === 'AbortError') return `No READY from the Discord gateway within ${timeoutMs / 1000} s${settings.apiBase ? ` (DISCORD_API_BASE ${settings.apiBase})` : ''}.`;
  const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  if (settings.apiBase) return `DISCORD_API_BASE: could not log in through ${settings.apiBase}: ${message}`;
  return `Could not log in to Discord: ${message}`;
}

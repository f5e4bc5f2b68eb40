/**
 * Test harness: the real engine over seeds/ (lexical-only), the real bot and discord.js client,
 * and the local Discord emulator in place of Discord.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogObject } from 'consola';
import type { Config } from '../../src/config.ts';
import type { Engine } from '../../src/engine.ts';
import { Bot, type BotOptions } from '../../src/bot/bot.ts';
import type { MessageOutcome } from '../../src/bot/conversation/answer-message.ts';
import { waitUntil } from '../support/discord-emulator/records.ts';
import { deployCommands } from '../../src/bot/deploy.ts';
import { PermissionFlagsBits } from 'discord.js';
import { DEFAULT_EVERYONE_PERMISSIONS, DiscordEmulator, type DiscordEmulatorOptions, type InteractionResponseRecord, type JsonObject, type RecordedMessage } from '../support/discord-emulator/index.ts';
import type { TeamStore } from '../../src/team/team-store.ts';

import { addNewsroom, GUILD_ID } from '../support/newsroom.ts';
export { withTimeout } from '../support/with-timeout.ts';
import { captureLogger, openTestEngine } from '../support/e2e-engine.ts';
export { captureLogger, openE2eEngine, openTestEngine, testConfig, type CapturedLogger, type E2eEngine } from '../support/e2e-engine.ts';

export { ALICE, BOB, BRIEFING_CHANNEL_ID, CHANNEL_ID, GUILD_ID } from '../support/newsroom.ts';
/** @everyone's permissions plus Manage Server. */
export const MANAGE_GUILD = (BigInt(DEFAULT_EVERYONE_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

export interface Harness {
  emulator: DiscordEmulator;
  bot: Bot;
  /**
   * Resolves with what the bot made of a message once it has settled it (answered, refused,
   * ignored and why): the barrier that lets a test say "no answer came" without sleeping.
   */
  settled(messageId: string, timeoutMs?: number): Promise<MessageOutcome>;
  engine: Engine;
  config: Config;
  logs: LogObject[];
  tmp: string;
  /** Stops the bot and starts a new one (a restart of the process) against the same emulator, settings and state. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Emulator + engine + bot, logged in, with the commands registered to the test guild. */
export async function startHarness(
  options: Partial<Omit<BotOptions, 'config' | 'engine' | 'logger'>> = {},
  shared?: { engine: Engine; config: Config; tmp: string },
  /**
   * `apiBase`: the REST base the bot uses instead of the emulator's own (e.g. a proxy in front of it);
   * `emulator`: options of the emulator; `team`: opens the team store each bot (each restart) uses,
   * closed when that bot stops (default: the bot's own local files under INDEX_DIR/team/).
   */
  extra: { apiBase?: (emulator: DiscordEmulator) => Promise<string>; emulator?: DiscordEmulatorOptions; team?: () => Promise<TeamStore> } = {},
): Promise<Harness> {
  const tmp = shared?.tmp ?? (await mkdtemp(path.join(tmpdir(), 'bot-test-')));
  const { engine, config } = shared ?? (await openTestEngine(path.join(tmp, 'embeddings')));
  const emulator = await DiscordEmulator.start(extra.emulator);
  addNewsroom(emulator, { briefings: true });
  const { logger, logs } = captureLogger();
  const apiBase = extra.apiBase ? await extra.apiBase(emulator) : emulator.apiBase;
  const outcomes = new Map<string, MessageOutcome>();
  const listeners = new Set<() => void>();
  let team: TeamStore | undefined;
  const makeBot = async () => {
    team = extra.team ? await extra.team() : undefined;
    return new Bot({
      config,
      engine,
      logger,
      ...options,
      ...(team ? { team } : {}),
      onMessageSettled: (message, outcome) => {
        outcomes.set(message.id, outcome);
        for (const listener of [...listeners]) listener();
        options.onMessageSettled?.(message, outcome);
      },
      // Only the briefing settings are taken from the caller: the token and API base are the emulator's.
      settings: { token: emulator.token, apiBase, ...(options.settings?.briefing ? { briefing: options.settings.briefing } : {}) },
      briefingStateFile: options.briefingStateFile ?? path.join(tmp, 'briefing-state.json'),
    });
  };
  const stopBot = async () => {
    await bot.stop();
    await team?.close();
  };
  let bot = await makeBot();
  await bot.start();
  await deployCommands({ token: emulator.token, clientId: emulator.applicationId, guildId: GUILD_ID, apiBase: emulator.apiBase, commands: options.commands });
  return {
    emulator,
    get bot() {
      return bot;
    },
    settled: (messageId, timeoutMs = 10_000) => waitUntil(listeners, () => outcomes.get(messageId), timeoutMs, () => `the bot to settle message ${messageId}`),
    engine,
    config,
    logs,
    tmp,
    async restart() {
      await stopBot();
      bot = await makeBot();
      await bot.start();
      await emulator.waitForReady();
    },
    async close() {
      await stopBot();
      await emulator.stop();
      if (!shared) {
        await engine.close();
        await rm(tmp, { recursive: true, force: true });
      }
    },
  };
}

/** Every request the bot made that creates or edits a message, with its body (from the call numbered `since` on). */
export function messageBodies(emulator: DiscordEmulator, since = 0): { route: string; body: JsonObject }[] {
  return emulator.calls
    .slice(since)
    .filter((c) => c.route !== null && (c.method === 'POST' || c.method === 'PATCH'))
    .filter((c) => /messages|webhooks|callback/.test(c.route!))
    .map((c) => {
      const raw = (c.body ?? {}) as JsonObject;
      // Interaction callbacks wrap the message in `data`.
      const body = (c.route!.endsWith('/callback') ? raw.data ?? {} : raw) as JsonObject;
      return { route: c.route!, body };
    })
    .filter(({ body }) => typeof body.content === 'string' || Array.isArray(body.embeds));
}


/**
 * The bot's answer to a message it was sent: the first message in the thread started from it (a
 * thread from a message takes its id), or a reply to it in its channel (threads off, a refusal,
 * a hint).
 */
export function answerTo(emulator: DiscordEmulator, sent: { message: JsonObject }, timeoutMs = 10_000): Promise<RecordedMessage> {
  const id = sent.message.id as string;
  const channelId = sent.message.channel_id as string;
  return emulator.waitUntil(
    () => emulator.channelMessages(channelId).find((m) => m.messageReference?.message_id === id) ?? emulator.channelMessages(id)[0],
    timeoutMs,
    `the bot's answer to message ${id} (in its thread, or as a reply in ${channelId})`,
  );
}

/** The custom ids of the buttons under a message, by label. */
export function buttonsOf(message: JsonObject): Record<string, string> {
  return Object.fromEntries(((message.components ?? []) as JsonObject[]).flatMap((row) => (row.components as JsonObject[]).map((c) => [String(c.label), String(c.custom_id)])));
}

/** The text of the last response to an interaction. */
export function lastContent(responses: InteractionResponseRecord[]): string {
  return String(responses.at(-1)?.data?.content ?? '');
}

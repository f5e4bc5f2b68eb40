import type { Config } from '../config.ts';

/**
 * Which corpus a change goes to: the shared corpus every server reads (CORPUS_DIR), or one
 * Discord server's own articles. An explicit value, passed from the command to the store.
 */
export type CorpusTarget = { kind: 'shared' } | { kind: 'server'; guildId: string };

export const SHARED: CorpusTarget = { kind: 'shared' };

/** Who is asking, and where. */
export interface Asker {
  userId: string;
  guildId: string | null;
}

/**
 * Whether `asker` may change the shared corpus from Discord: a bot owner (BOT_OWNER_IDS) in any
 * server, or anyone the command already lets change things (Manage Server) in the home server
 * (DISCORD_GUILD_ID). Anyone else's additions stay in their own server.
 */
export function mayChangeShared(asker: Asker, config: Pick<Config, 'BOT_OWNER_IDS' | 'DISCORD_GUILD_ID'>): boolean {
  return config.BOT_OWNER_IDS.includes(asker.userId) || (asker.guildId !== null && asker.guildId === config.DISCORD_GUILD_ID);
}

/**
 * Where an addition goes: the shared corpus when asked for (`shared`) by someone who may change
 * it, or when made in the home server; else the server's own articles. A refusal (text) when the
 * shared corpus is asked for by someone who may not change it.
 */
export function targetFor(asker: Asker & { guildId: string }, wantsShared: boolean, config: Pick<Config, 'BOT_OWNER_IDS' | 'DISCORD_GUILD_ID'>): CorpusTarget | { refusal: string } {
  const allowed = mayChangeShared(asker, config);
  if (wantsShared && !allowed) {
    return { refusal: 'Only the bot’s owners (BOT_OWNER_IDS) can change the shared corpus that every server reads. Leave out `shared` to add to this server’s own articles: they are answered and listed only here.' };
  }
  if (asker.guildId === config.DISCORD_GUILD_ID || wantsShared) return SHARED;
  return { kind: 'server', guildId: asker.guildId };
}

/** "the shared corpus" / "this server's articles": where a change went, for replies. */
export function describeTarget(target: CorpusTarget): string {
  return target.kind === 'shared' ? 'the shared corpus (every server reads it)' : 'this server’s own articles (answered and listed only here)';
}

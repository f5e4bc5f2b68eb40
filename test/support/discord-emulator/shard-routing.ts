/**
 * Which shard a guild's events go to, as Discord computes it:
 * shard_id = (guild_id >> 22) % num_shards. Events without a guild (DMs) go to shard 0.
 */
export function shardOfGuild(guildId: string | null | undefined, numShards: number): number {
  if (!guildId) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

/** The guild an event concerns: GUILD_* events carry it as `id`, every other event as `guild_id`. */
export function guildOfEvent(t: string, d: unknown): string | null {
  if (typeof d !== 'object' || d === null) return null;
  const fields = d as { id?: unknown; guild_id?: unknown };
  const id = /^GUILD_(CREATE|UPDATE|DELETE)$/.test(t) ? fields.id : fields.guild_id;
  return typeof id === 'string' ? id : null;
}

/** Messages every entry point (the CLI commands, the bot, its shards) gives in the same words. */

/** Settings that failed their checks (from `loadConfig` or `botSettings`), one problem a line. */
export function configurationProblem(problems: readonly string[]): string {
  return `Configuration problem (check .env or the environment):\n  ${problems.join('\n  ')}`;
}

/** Discord answered 401 (or the gateway said TokenInvalid): the token is wrong, not the network. */
export function discordRefusedToken(): string {
  return 'DISCORD_TOKEN: Discord refused the token. Copy it again from the Developer Portal (Bot → Reset Token).';
}

/** A Discord timestamp: shown in each reader's own time zone and language. */
export function discordTime(iso: string, style: 'f' | 'R' | 'D' = 'f'): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `<t:${Math.floor(ms / 1000)}:${style}>`;
}

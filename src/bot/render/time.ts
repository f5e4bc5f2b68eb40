import { escapeText } from './escape.ts';

/** A Discord timestamp: shown in each reader's own time zone and language (text that is no date is shown escaped). */
export function discordTime(iso: string, style: 'f' | 'R' | 'D' = 'f'): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? escapeText(iso) : `<t:${Math.floor(ms / 1000)}:${style}>`;
}

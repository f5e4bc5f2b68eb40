import type { BuildReport } from '../../index/build-index.ts';
import { escapeText } from './escape.ts';
import { DiscordLimits, truncate } from './limits.ts';

function fileList(label: string, files: string[]): string {
  if (files.length === 0) return '';
  const shown = files.slice(0, 15).map((f) => escapeText(f));
  return `\n**${label}** (${files.length}): ${shown.join(', ')}${files.length > shown.length ? ', …' : ''}`;
}

/** What a reindex changed, in one message. */
export function renderReindexReport(report: BuildReport, seconds: number): string {
  const took = `(${seconds.toFixed(1)} s)`;
  if (report.upToDate) return `The index was already up to date: ${report.passages} passages, nothing changed ${took}.`;
  const lines = [
    `Reindexed ${took}: ${report.passages} passages; ${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed, ${report.unchanged} unchanged file(s).`,
    report.dense ? `Embedded ${report.embedded} new passage(s), reused ${report.reused}.` : 'Word matching only (no embedding model).',
    fileList('Added', report.added),
    fileList('Changed', report.changed),
    fileList('Removed', report.removed),
    fileList('Skipped', report.skipped.map((s) => `${s.file} (${s.reason})`)),
  ];
  return truncate(lines.filter(Boolean).join('\n'), DiscordLimits.content);
}

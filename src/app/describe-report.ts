import type { BuildReport } from '../index/build-index.ts';

/** One sentence on what opening the engine did (built, updated, found up to date, uploaded), for every entry point. */
export function describeReport(report: BuildReport): string {
  if (report.upToDate) {
    return `${uploaded(report)}Index is up to date: ${Object.keys(report.index.manifest.files).length} files, ${report.passages} passages; nothing needed embedding.`;
  }
  const parts = [
    `Indexed ${report.passages} passages from ${report.added.length + report.changed.length + report.unchanged} files`,
    `(${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed, ${report.unchanged} unchanged)`,
  ];
  const dense = report.dense
    ? `; embedded ${report.embedded} passages, reused ${report.reused}`
    : '; lexical-only (no embedding model)';
  const skipped = report.skipped.length ? `; skipped ${report.skipped.length} file(s)` : '';
  return `${uploaded(report)}${parts.join(' ')}${dense}${skipped}.`;
}

/** With the database: what uploading the corpus folder did, as a sentence of its own. */
function uploaded(report: BuildReport): string {
  const imported = report.imported;
  if (!imported) return '';
  return `Uploaded ${imported.folder} to ${report.index.dir}: ${imported.added.length} new, ${imported.changed.length} changed, ${imported.removed.length} removed, ${imported.unchanged} unchanged file(s). `;
}

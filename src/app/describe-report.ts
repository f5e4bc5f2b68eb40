import type { BuildReport } from '../index/build-index.ts';

/** One sentence on what opening the engine did (built, updated, found up to date, uploaded), for every entry point. */
export function describeReport(report: BuildReport): string {
  if (report.upToDate) {
    return `${uploaded(report)}Index is up to date: ${Object.keys(report.index.manifest.files).length} files, ${report.passages} passages; nothing needed embedding.${databaseGraph(report)}`;
  }
  const parts = [
    `Indexed ${report.passages} passages from ${report.added.length + report.changed.length + report.unchanged} files`,
    `(${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed, ${report.unchanged} unchanged)`,
  ];
  const dense = report.dense
    ? `; embedded ${report.embedded} passages, reused ${report.reused}`
    : '; lexical-only (no embedding model)';
  const skipped = report.skipped.length ? `; skipped ${report.skipped.length} file(s)` : '';
  return `${uploaded(report)}${parts.join(' ')}${dense}${skipped}.${databaseGraph(report)}`;
}

/** With the database: a sentence when its HNSW index was built with other m / ef_construction than the settings ask for. */
function databaseGraph(report: BuildReport): string {
  const { databaseGraph: used, settings } = report.index.manifest;
  if (!used || (used.m === settings.hnsw.m && used.efConstruction === settings.hnsw.efConstruction)) return '';
  return ` PostgreSQL's HNSW index keeps m ${used.m}, ef_construction ${used.efConstruction} from the first save of vectors of this length (the settings ask for ${settings.hnsw.m}, ${settings.hnsw.efConstruction}; drop the index passages_embedding_hnsw_${report.index.manifest.model?.dimension ?? ''} to rebuild it with them).`;
}

/** With the database: what uploading the corpus folder did, as a sentence of its own. */
function uploaded(report: BuildReport): string {
  const imported = report.imported;
  if (!imported) return '';
  return `Uploaded ${imported.folder} to ${report.index.dir}: ${imported.added.length} new, ${imported.changed.length} changed, ${imported.removed.length} removed, ${imported.unchanged} unchanged file(s). `;
}

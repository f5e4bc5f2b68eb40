import { existsSync } from 'node:fs';
import type { ConsolaInstance } from 'consola';
import { FolderSource, type DocumentSource } from '../corpus/document-source.ts';
import type { ImportReport } from '../db/database-articles.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { Settings } from '../settings.ts';
import { buildIndex, type BuildProgress, type BuildReport } from './build-index.ts';
import type { CorpusIndex } from './corpus-index.ts';
import type { IndexStore } from './store/index-store.ts';

/**
 * Where an engine's articles are and how it changes them: a folder (read as it is, by this
 * process alone), or the corpus in the database (DatabaseArticles), changed by one process at a
 * time, into which a folder is uploaded.
 */
export interface CorpusArticles extends DocumentSource {
  /** Whether the running task is inside `exclusive` (then it must not wait for work queued behind it). */
  readonly holdsLock: boolean;
  /** Runs `work` alone among every process changing this corpus (the database), or at once (a folder). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` if nobody is changing the corpus now. */
  tryExclusive<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** With the database: uploads a folder's articles into it. A folder source has none (it is the folder). */
  importFolder?(folder: string): Promise<ImportReport>;
  /** With the database: whether the corpus holds any article yet. */
  hasArticles?(): Promise<boolean>;
  close(): Promise<void>;
}

/** A corpus folder read by this process alone: today's local mode. */
class FolderArticles extends FolderSource implements CorpusArticles {
  readonly holdsLock = false;

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async tryExclusive<T>(work: () => Promise<T>): Promise<{ ran: true; value: T }> {
    return { ran: true, value: await work() };
  }

  async close(): Promise<void> {}
}

/** The corpus's articles: in the database with DATABASE_URL (named `corpus`), else the folder. */
export async function openArticles(corpusDir: string, databaseUrl: string | undefined, corpus: string, legacyIndexKey?: string): Promise<CorpusArticles> {
  if (!databaseUrl) return new FolderArticles(corpusDir);
  // Loaded only when used: a local-only install never touches the PostgreSQL client.
  const { DatabaseArticles } = await import('../db/database-articles.ts');
  return DatabaseArticles.open(databaseUrl, corpus, legacyIndexKey);
}

/** What a build of one corpus needs. */
export interface BuildContext {
  store: IndexStore;
  articles: CorpusArticles;
  embedder: Embedder | null;
  settings: Settings;
  indexDir: string;
  /** The corpus folder: the source itself, or (with the database) where articles are uploaded from when this machine has it. */
  corpusDir: string;
  logger: ConsolaInstance;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Brings the index up to date with the articles, `previous` being the index in use. With the
 * database, under the corpus's lock: the folder is uploaded first (`always`, or `if-empty` when
 * the corpus holds no article yet; never with `never`), and the build starts from the newest
 * index any process saved, so no process undoes another's work and vectors are reused.
 */
export async function buildWith(context: BuildContext, previous: CorpusIndex | null, upload: 'always' | 'if-empty' | 'never'): Promise<BuildReport> {
  const { articles, store, logger } = context;
  return articles.exclusive(async () => {
    let imported: ImportReport | undefined;
    if (articles.importFolder && upload !== 'never' && existsSync(context.corpusDir)) {
      if (upload === 'always' || !(await articles.hasArticles!())) {
        imported = await articles.importFolder(context.corpusDir);
        if (imported.added.length + imported.changed.length + imported.removed.length > 0) {
          logger.info(`Uploaded ${imported.folder} to ${articles.location}: ${imported.added.length} new, ${imported.changed.length} changed and ${imported.removed.length} removed article(s).`);
        }
      }
    }
    let base = previous;
    if (articles.importFolder) {
      // Nobody else changes the corpus while this runs: the newest saved index is the one to build on.
      const changes = await store.changes();
      if (changes.newerIndex || !base) {
        const loaded = await store.load(context.settings.hnsw);
        if (loaded.ok) base = loaded.index;
      }
    }
    const snapshot = await articles.read();
    if (snapshot.version === 0 && base && Object.keys(base.manifest.files).length > 0) {
      // An index saved before articles were kept in the database, and no folder here to upload: kept as it is.
      logger.warn(
        `${articles.location} holds an index of ${Object.keys(base.manifest.files).length} files but none of their articles (it was saved before articles were kept in the database). ` +
          'Answering from that index; upload the folder with `npm run index -- --corpus DIR` on the machine that has it.',
      );
      return unchangedReport(base);
    }
    const report = await buildIndex({
      source: { location: articles.location, read: async () => snapshot },
      indexDir: context.indexDir,
      store,
      embedder: context.embedder,
      previous: base,
      settings: context.settings,
      onProgress: context.onProgress,
    });
    return imported ? { ...report, imported, skipped: [...imported.skipped, ...report.skipped] } : report;
  });
}

function unchangedReport(index: CorpusIndex): BuildReport {
  return {
    upToDate: true,
    added: [],
    changed: [],
    removed: [],
    unchanged: Object.keys(index.manifest.files).length,
    skipped: [],
    timings: {},
    rssAfter: {},
    heapAfter: {},
    passages: index.passages.length,
    embedded: 0,
    reused: 0,
    dense: index.vectors !== null,
    index,
  };
}

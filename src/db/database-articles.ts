import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type pg from 'pg';
import type { DocumentSnapshot, DocumentSource } from '../corpus/document-source.ts';
import { documentOf, readCorpus, type SkippedFile, type SourceDocument } from '../corpus/read-corpus.ts';
import type { ArticleWriter } from '../sources/add-article.ts';
import { articleFileName, articleMarkdown, type NewArticle } from '../sources/article-file.ts';
import { canonicalUrl } from '../sources/canonical-url.ts';
import type { NearDuplicateSettings } from '../settings.ts';
import { bodyHash, catalogueEntry, emptyCatalogue, type Catalogue, type CatalogueEntry } from '../sources/corpus-catalogue.ts';
import { bumpArticlesVersion, ensureCorpus } from './corpus-row.ts';
import { Database } from './database.ts';

/** Texts fetched per statement when the cache is filled. */
const FETCH_BATCH = 500;
/** Names tried for a new article (`name.md`, `name-2.md`, …) before giving up. */
const NAME_ATTEMPTS = 50;

const instances = new Map<string, Promise<DatabaseArticles>>();

/** What an upload of a folder did (npm run index, /reindex, a first start). */
export interface ImportReport {
  folder: string;
  added: string[];
  changed: string[];
  /** Articles an earlier upload had brought that the folder no longer holds. */
  removed: string[];
  unchanged: number;
  /** Files the folder reader refused, and files whose text or link another article of the corpus has. */
  skipped: SkippedFile[];
}

interface CachedArticle {
  hash: string;
  document: SourceDocument;
  entry?: CatalogueEntry;
}

interface ArticleRow {
  file: string;
  text: string;
  content_hash: string;
}

/** The name of the lock every process takes to change a corpus's articles and index (AdvisoryLocks). */
export function corpusLockName(corpus: string): string {
  return `news-quote-bot corpus ${corpus}`;
}

/**
 * One corpus's articles in PostgreSQL (the `articles` table): the verbatim text of each file with
 * its name, front matter and hashes. The one source of truth with DATABASE_URL: the index is
 * built from these rows (DocumentSource), new articles are written here (ArticleWriter), and a
 * folder on a machine is only a place to upload from (importFolder). Every process keeps a copy
 * of the texts it has read, refreshed by what changed (a row's content hash), so a build or a
 * duplicate check reads only the articles saved since.
 */
export class DatabaseArticles implements DocumentSource, ArticleWriter {
  private readonly cache = new Map<string, CachedArticle>();

  private users = 0;

  private constructor(
    private readonly database: Database,
    readonly corpus: string,
  ) {}

  /**
   * The articles of the corpus named `corpus` (made on first use; see ensureCorpus): one object
   * per corpus and process, shared by the engine that indexes them and the updates that add to
   * them, so their texts are held once; closed when its last user closes it.
   */
  static async open(databaseUrl: string, corpus: string, legacyIndexKey?: string): Promise<DatabaseArticles> {
    const key = `${databaseUrl}\n${corpus}`;
    let opening = instances.get(key);
    if (!opening) {
      opening = (async () => {
        const database = await Database.open(databaseUrl);
        try {
          await ensureCorpus(database.pool, corpus, legacyIndexKey);
        } catch (error) {
          await database.release();
          throw error;
        }
        return new DatabaseArticles(database, corpus);
      })();
      instances.set(key, opening);
      const failed = opening;
      opening.catch(() => {
        if (instances.get(key) === failed) instances.delete(key);
      });
    }
    const articles = await opening;
    articles.users++;
    return articles;
  }

  get location(): string {
    return `PostgreSQL ${this.database.name} (corpus ${this.corpus})`;
  }

  /** Runs `work` alone among every process that changes this corpus (its articles or its index), waiting for its turn. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.database.locks.exclusive(corpusLockName(this.corpus), work);
  }

  /** Runs `work` if no process (this one included) is changing this corpus now; `{ ran: false }` otherwise. */
  tryExclusive<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    return this.database.locks.tryExclusive(corpusLockName(this.corpus), work);
  }

  /** Whether the running task holds this corpus's lock (inside exclusive): it must not wait for work queued behind it. */
  get holdsLock(): boolean {
    return this.database.locks.holds(corpusLockName(this.corpus));
  }

  /** Whether the corpus holds any article. */
  async hasArticles(): Promise<boolean> {
    const { rows } = await this.database.pool.query('SELECT 1 FROM articles WHERE corpus = $1 LIMIT 1', [this.corpus]);
    return rows.length > 0;
  }

  /** Every article as the index build reads it, with the version they are at: one snapshot. */
  async read(): Promise<DocumentSnapshot> {
    const { articles, version } = await this.snapshot();
    return { documents: articles.map((article) => article.document), skipped: [], version };
  }

  /** What the corpus holds, to recognise an article it has (by link, text or nearly the same text). */
  async catalogue(duplicates: NearDuplicateSettings): Promise<Catalogue> {
    const { articles } = await this.snapshot();
    const catalogue = emptyCatalogue(duplicates);
    for (const article of articles) {
      const { document } = article;
      // Kept with the article: one process compares with one set of settings.
      article.entry ??= catalogueEntry(document.file, document.lines, duplicates);
      if (document.metadata?.url) catalogue.byUrl.set(canonicalUrl(document.metadata.url), document.file);
      catalogue.entries.push(article.entry);
    }
    return catalogue;
  }

  /**
   * The articles as one snapshot sees them, in the order a folder's files are read (readCorpus),
   * so the passages are numbered the same; texts come from the cache when their hash is known.
   */
  private async snapshot(): Promise<{ articles: CachedArticle[]; version: number }> {
    return this.database.transaction(async (client) => {
      const { rows: head } = await client.query<{ articles_version: string }>('SELECT articles_version FROM corpora WHERE corpus = $1', [this.corpus]);
      const { rows } = await client.query<{ file: string; content_hash: string }>('SELECT file, content_hash FROM articles WHERE corpus = $1', [this.corpus]);
      const found = await this.fill(client, rows);
      const articles = rows.map((row) => row.file).sort().map((file) => found.get(file)!);
      return { articles, version: Number(head[0]?.articles_version ?? 0) };
    }, 'REPEATABLE READ');
  }

  /**
   * Saves one new article, in one transaction: under the corpus row's lock (so saves into one
   * corpus follow one another, in every process), refused as a duplicate when an article of the
   * corpus has its link or its text (the unique indexes hold that even against a process that
   * skipped this check), under a name no article has.
   */
  async write(article: NewArticle): Promise<{ file: string } | { duplicate: string }> {
    const text = articleMarkdown(article);
    const name = articleFileName(article);
    const url = article.metadata.url ? canonicalUrl(article.metadata.url) : null;
    const hash = createHash('sha256').update(text).digest('hex');
    const body = bodyHash(documentOf(name, text, hash).lines);
    return this.database.transaction(async (client) => {
      await client.query('SELECT 1 FROM corpora WHERE corpus = $1 FOR UPDATE', [this.corpus]);
      const holder = await this.holderOf(client, url, body);
      if (holder) return { duplicate: holder };
      await bumpArticlesVersion(client, this.corpus);
      const candidates = Array.from({ length: NAME_ATTEMPTS }, (_, i) => (i === 0 ? name : name.replace(/\.md$/, `-${i + 1}.md`)));
      const { rows: taken } = await client.query<{ file: string }>('SELECT file FROM articles WHERE corpus = $1 AND file = ANY($2)', [this.corpus, candidates]);
      const file = candidates.find((candidate) => !taken.some((row) => row.file === candidate));
      if (!file) throw new Error(`every name from ${name} to ${candidates.at(-1)} is taken`);
      await client.query(
        `INSERT INTO articles (corpus, file, text, content_hash, body_hash, canonical_url, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [this.corpus, file, text, hash, body, url, JSON.stringify(article.metadata)],
      );
      return { file };
    });
  }

  /**
   * Uploads a folder's .txt and .md files into the corpus, in one transaction, as a reindex reads
   * a folder: files the corpus does not have are added, files it has under the same name with
   * other bytes are replaced, and files an earlier upload brought that the folder no longer holds
   * are removed. Articles saved from Discord, feeds or `npm run add` are never removed. A file
   * whose text or link another article of the corpus has is skipped, naming that article.
   */
  async importFolder(folder: string): Promise<ImportReport> {
    const report: ImportReport = { folder, added: [], changed: [], removed: [], unchanged: 0, skipped: [] };
    if (!existsSync(folder)) return report;
    const { documents, skipped } = await readCorpus(folder);
    report.skipped.push(...skipped);
    await this.database.transaction(async (client) => {
      const listed = new Set([...documents.map((d) => d.file), ...skipped.map((s) => s.file)]);
      const { rows: all } = await client.query<{ file: string; content_hash: string; body_hash: string; canonical_url: string | null; uploaded: boolean }>(
        'SELECT file, content_hash, body_hash, canonical_url, uploaded FROM articles WHERE corpus = $1',
        [this.corpus],
      );
      // Gone from the folder: removed first, so that their text or link may be taken by a file that is there.
      report.removed.push(...all.filter((row) => row.uploaded && !listed.has(row.file)).map((row) => row.file));
      const gone = new Set(report.removed);
      const rows = all.filter((row) => !gone.has(row.file));
      const held = new Map(rows.map((row) => [row.file, row]));
      const byBody = new Map(rows.map((row) => [row.body_hash, row.file]));
      const byUrl = new Map(rows.filter((row) => row.canonical_url).map((row) => [row.canonical_url!, row.file]));
      const writes: { document: SourceDocument; body: string; url: string | null; replaces: boolean }[] = [];
      for (const document of documents) {
        const before = held.get(document.file);
        if (before?.content_hash === document.hash) {
          report.unchanged++;
          continue;
        }
        const body = bodyHash(document.lines);
        const url = document.metadata?.url ? canonicalUrl(document.metadata.url) : null;
        const sameText = byBody.get(body);
        const sameUrl = url ? byUrl.get(url) : undefined;
        if (sameText !== undefined && sameText !== document.file) {
          report.skipped.push({ file: document.file, reason: `it has the same text as ${sameText}, already in the corpus` });
          continue;
        }
        if (sameUrl !== undefined && sameUrl !== document.file) {
          report.skipped.push({ file: document.file, reason: `its link ${document.metadata!.url} is already in the corpus as ${sameUrl}` });
          continue;
        }
        if (before) {
          byBody.delete(before.body_hash);
          if (before.canonical_url) byUrl.delete(before.canonical_url);
        }
        byBody.set(body, document.file);
        if (url) byUrl.set(url, document.file);
        writes.push({ document, body, url, replaces: before !== undefined });
        (before ? report.changed : report.added).push(document.file);
      }
      if (writes.length === 0 && report.removed.length === 0) return;
      await bumpArticlesVersion(client, this.corpus);
      if (report.removed.length > 0) await client.query('DELETE FROM articles WHERE corpus = $1 AND file = ANY($2)', [this.corpus, report.removed]);
      for (let start = 0; start < writes.length; start += FETCH_BATCH) {
        const batch = writes.slice(start, start + FETCH_BATCH);
        // Replaced rows go first, so that a text moving from one file to another never meets itself.
        await client.query('DELETE FROM articles WHERE corpus = $1 AND file = ANY($2)', [this.corpus, batch.filter((w) => w.replaces).map((w) => w.document.file)]);
        await client.query(
          `INSERT INTO articles (corpus, file, text, content_hash, body_hash, canonical_url, metadata, uploaded)
           SELECT $1, file, text, content_hash, body_hash, canonical_url, metadata::json, true
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(file, text, content_hash, body_hash, canonical_url, metadata)`,
          [
            this.corpus,
            batch.map((w) => w.document.file),
            batch.map((w) => w.document.text),
            batch.map((w) => w.document.hash),
            batch.map((w) => w.body),
            batch.map((w) => w.url),
            batch.map((w) => JSON.stringify(w.document.metadata ?? {})),
          ],
        );
      }
    });
    return report;
  }

  async close(): Promise<void> {
    if (--this.users > 0) return;
    instances.delete(`${this.database.url}\n${this.corpus}`);
    await this.database.release();
  }

  /** The article that already has this link or this text, named for the reply; undefined when none. */
  private async holderOf(client: pg.ClientBase, url: string | null, body: string): Promise<string | undefined> {
    const { rows } = await client.query<{ file: string; same_url: boolean }>(
      'SELECT file, canonical_url IS NOT DISTINCT FROM $2 AS same_url FROM articles WHERE corpus = $1 AND (body_hash = $3 OR canonical_url = $2) ORDER BY same_url DESC LIMIT 1',
      [this.corpus, url, body],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.same_url ? `this link is already in the corpus as ${row.file}` : `it has the same text as ${row.file}`;
  }

  /**
   * The articles of these rows (file and hash), from the cache or read now; the cache then holds
   * exactly them. What is found is collected here as it comes: another snapshot read at the same
   * time (a build and a duplicate check) may replace the cache's entries meanwhile.
   */
  private async fill(client: pg.ClientBase, rows: { file: string; content_hash: string }[]): Promise<Map<string, CachedArticle>> {
    const found = new Map<string, CachedArticle>();
    const missing: string[] = [];
    for (const row of rows) {
      const cached = this.cache.get(row.file);
      if (cached?.hash === row.content_hash) found.set(row.file, cached);
      else missing.push(row.file);
    }
    for (let start = 0; start < missing.length; start += FETCH_BATCH) {
      const { rows: fetched } = await client.query<ArticleRow>('SELECT file, text, content_hash FROM articles WHERE corpus = $1 AND file = ANY($2)', [this.corpus, missing.slice(start, start + FETCH_BATCH)]);
      for (const row of fetched) found.set(row.file, { hash: row.content_hash, document: documentOf(row.file, row.text, row.content_hash) });
    }
    this.cache.clear();
    for (const [file, article] of found) this.cache.set(file, article);
    return found;
  }
}

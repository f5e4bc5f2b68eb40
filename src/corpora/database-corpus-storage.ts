import { briefingStatePath } from './briefing-state.ts';
import type { CorpusParts, CorpusStorage } from './corpus-storage.ts';
import type { CorpusTarget } from './corpus-target.ts';
import { hasArticles, serverCorpusPaths, serversWithFolders } from './server-corpus-paths.ts';
import type { Config } from '../config.ts';
import { combinedCatalogue } from '../sources/corpus-catalogue.ts';
import { feedStorePath } from '../sources/feed-store.ts';
import { DatabaseArticles } from '../db/database-articles.ts';
import { DatabaseBriefings } from './database-briefings.ts';
import { DatabaseFeeds } from '../db/database-feeds.ts';
import { Database } from '../db/database.ts';
import type { NearDuplicateSettings } from '../settings.ts';

/** A Discord server's own corpus in the database. */
const SERVER_CORPUS = /^server-(\d{15,21})$/;

/** The name of a Discord server's own corpus (its index key too). */
export function serverCorpusName(guildId: string): string {
  return `server-${guildId}`;
}

/**
 * The corpora's articles, feeds and briefings in PostgreSQL (DATABASE_URL): every bot process, on
 * any machine, reads and changes the same rows, and nothing is kept on local disk. The shared
 * corpus is the shared engine's (named after CORPUS_DIR's folder); a server's own is
 * `server-<id>`, its rows never read for another server. Connections are opened on first use.
 *
 * What a process of an earlier version kept in files here with DATABASE_URL (a server's articles
 * folder, the feed files, the briefing file) is taken over on first use: a server with such a
 * folder counts as having articles (its engine uploads them), feed files fill an empty feed list,
 * and the briefing file's time stands until the first briefing recorded in the database.
 */
export class DatabaseCorpusStorage implements CorpusStorage {
  readonly briefings: DatabaseBriefings;
  private readonly database: Promise<Database>;
  private readonly articles = new Map<string, Promise<DatabaseArticles>>();

  constructor(
    private readonly config: Config & { DATABASE_URL: string },
    /** The shared corpus's name in the database (the shared engine's). */
    private readonly sharedCorpus: string,
    private readonly sharedDir: string,
    /** How near a new article may be to one held and still be added (the running settings.nearDuplicates). */
    private readonly duplicates: NearDuplicateSettings,
  ) {
    this.database = Database.open(config.DATABASE_URL);
    // Reported by the first use; an unhandled rejection must not end the process meanwhile.
    this.database.catch(() => undefined);
    this.briefings = new DatabaseBriefings(this.database, this.where('briefings'), briefingStatePath(config, sharedDir));
  }

  parts(target: CorpusTarget): CorpusParts {
    const corpus = target.kind === 'shared' ? this.sharedCorpus : serverCorpusName(target.guildId);
    // Opened on first use: listing a server's feeds makes no corpus of it.
    const articles = () => this.articlesOf(corpus);
    const own = async () => (await articles()).catalogue(this.duplicates);
    return {
      // Never written with the database: kept for the folder-based defaults, which these parts replace.
      corpusDir: target.kind === 'shared' ? this.sharedDir : serverCorpusPaths(this.config, target.guildId).corpusDir,
      feedState: new DatabaseFeeds(
        this.database,
        corpus,
        this.where(`feeds of corpus ${corpus}`),
        target.kind === 'shared' ? feedStorePath(this.config, this.sharedDir) : serverCorpusPaths(this.config, target.guildId).feedStoreFile,
      ),
      articles: { location: this.where(`corpus ${corpus}`), write: async (article) => (await articles()).write(article) },
      exclusive: async (work) => (await articles()).exclusive(work),
      // An article the shared corpus has is not added again to a server's own.
      catalogue: target.kind === 'shared' ? own : async () => combinedCatalogue(await (await this.articlesOf(this.sharedCorpus)).catalogue(this.duplicates), await own()),
    };
  }

  async serversWithFeeds(): Promise<string[]> {
    const corpora = await DatabaseFeeds.corporaWithFeeds(await this.database);
    const inDatabase = corpora.flatMap((corpus) => SERVER_CORPUS.exec(corpus)?.[1] ?? []);
    return [...new Set([...inDatabase, ...(await serversWithFolders(this.config))])];
  }

  async serverHasArticles(guildId: string): Promise<boolean> {
    const { rows } = await (await this.database).pool.query('SELECT 1 FROM articles WHERE corpus = $1 LIMIT 1', [serverCorpusName(guildId)]);
    return rows.length > 0 || (await hasArticles(serverCorpusPaths(this.config, guildId).corpusDir));
  }

  async close(): Promise<void> {
    const opened = await Promise.allSettled([...this.articles.values()]);
    this.articles.clear();
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
    const database = await this.database.catch(() => null);
    await database?.release();
  }

  private articlesOf(corpus: string): Promise<DatabaseArticles> {
    let opening = this.articles.get(corpus);
    if (!opening) {
      opening = DatabaseArticles.open(this.config.DATABASE_URL, corpus);
      this.articles.set(corpus, opening);
      // A failed open (the database unreachable) is tried again at the next use.
      opening.catch(() => this.articles.delete(corpus));
    }
    return opening;
  }

  private where(what: string): string {
    const url = new URL(this.config.DATABASE_URL);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname} (${what})`;
  }
}

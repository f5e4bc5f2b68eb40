import type { Config } from '../config.ts';
import { FileBriefingLedger, type BriefingLedger } from './briefing-state.ts';
import { combinedCatalogue, loadCatalogue, type Catalogue } from '../sources/corpus-catalogue.ts';
import type { CorpusUpdatesOptions } from './corpus-updates.ts';
import { feedStorePath } from '../sources/feed-store.ts';
import type { CorpusTarget } from './corpus-target.ts';
import { hasArticles, serverCorpusPaths, serversWithFolders } from './server-corpus-paths.ts';
import type { NearDuplicateSettings } from '../settings.ts';

/** What adding articles and feeds to one corpus needs from where it is kept (see CorpusUpdates). */
export type CorpusParts = Pick<CorpusUpdatesOptions, 'corpusDir' | 'storeFile' | 'feedState' | 'articles' | 'exclusive'> & {
  /** What counts as already there: the corpus's own articles, and for a server the shared ones too. */
  catalogue: () => Promise<Catalogue>;
};

/**
 * Where the corpora keep their articles, feeds and scheduled briefings (each index has its own
 * store): files on this machine (LocalCorpusStorage: CORPUS_DIR, INDEX_DIR), or, with
 * DATABASE_URL, the database (DatabaseCorpusStorage in src/corpora/), shared by every bot process on
 * every machine and then the one source of truth.
 */
export interface CorpusStorage {
  /** The scheduled briefings' record. */
  readonly briefings: BriefingLedger;
  /** The shared corpus's, or one server's, articles and feeds. */
  parts(target: CorpusTarget): CorpusParts;
  /** The Discord servers that may have feeds of their own (each is asked for its list before a poll). */
  serversWithFeeds(): Promise<string[]>;
  /** Whether a server has articles of its own (then it has an index of its own). */
  serverHasArticles(guildId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Files on this machine: the shared corpus folder, INDEX_DIR/servers/<id>/, JSON files next to the index. */
export class LocalCorpusStorage implements CorpusStorage {
  readonly briefings: BriefingLedger;
  private readonly sharedFeedStoreFile: string;

  constructor(
    private readonly config: Config,
    /** The shared corpus's folder (the shared engine's). */
    private readonly sharedDir: string,
    files: { sharedFeedStoreFile?: string; briefingStateFile: string; onProblem?: (message: string) => void },
    /** How near a new article may be to one held and still be added (the running settings.nearDuplicates). */
    private readonly duplicates: NearDuplicateSettings,
  ) {
    this.sharedFeedStoreFile = files.sharedFeedStoreFile ?? feedStorePath(config, sharedDir);
    this.briefings = new FileBriefingLedger(files.briefingStateFile, files.onProblem);
  }

  parts(target: CorpusTarget): CorpusParts {
    if (target.kind === 'shared') return { corpusDir: this.sharedDir, storeFile: this.sharedFeedStoreFile, catalogue: () => loadCatalogue(this.sharedDir, this.duplicates) };
    const paths = serverCorpusPaths(this.config, target.guildId);
    return {
      corpusDir: paths.corpusDir,
      storeFile: paths.feedStoreFile,
      // An article the shared corpus has is not added again to a server's own.
      catalogue: async () => combinedCatalogue(await loadCatalogue(this.sharedDir, this.duplicates), await loadCatalogue(paths.corpusDir, this.duplicates)),
    };
  }

  serversWithFeeds(): Promise<string[]> {
    return serversWithFolders(this.config);
  }

  serverHasArticles(guildId: string): Promise<boolean> {
    return hasArticles(serverCorpusPaths(this.config, guildId).corpusDir);
  }

  async close(): Promise<void> {}
}

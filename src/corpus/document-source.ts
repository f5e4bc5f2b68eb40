import path from 'node:path';
import { readCorpus, type CorpusReadResult } from './read-corpus.ts';

/** A corpus's articles as they were at one moment. */
export interface DocumentSnapshot extends CorpusReadResult {
  /**
   * The version of the articles in the database (corpora.articles_version; 0 before the first
   * article), recorded with the index built from them; null for a folder.
   */
  version: number | null;
}

/**
 * Where an index build reads a corpus's articles: a folder on this machine (FolderSource), or
 * the corpus's rows in PostgreSQL (DatabaseArticles in src/db/, with DATABASE_URL). Either way a
 * document is the article's text verbatim, in the lines of its file, so the build and every
 * quote are the same whichever it is.
 */
export interface DocumentSource {
  /** Where, for the manifest and messages: the folder's path, or the database and the corpus's name. */
  readonly location: string;
  read(): Promise<DocumentSnapshot>;
}

/** Every .txt and .md file of a folder (readCorpus). */
export class FolderSource implements DocumentSource {
  readonly location: string;

  constructor(corpusDir: string) {
    this.location = path.resolve(corpusDir);
  }

  async read(): Promise<DocumentSnapshot> {
    return { ...(await readCorpus(this.location)), version: null };
  }
}

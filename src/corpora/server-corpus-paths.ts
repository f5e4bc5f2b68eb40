import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';

/** A Discord id, the only thing a server folder may be named after. */
const SNOWFLAKE = /^\d{15,21}$/;

/** Where one Discord server's own articles, index and feeds are kept. */
export interface ServerCorpusPaths {
  guildId: string;
  /** Its corpus folder: the articles added in that server (Markdown files, like CORPUS_DIR's). */
  corpusDir: string;
  /** Its index folder (local store). */
  indexDir: string;
  /** Its index's key in PostgreSQL (with DATABASE_URL): one row of its own beside the shared index. */
  indexKey: string;
  /** Its feeds and what became of their items. */
  feedStoreFile: string;
}

/** INDEX_DIR/servers: one folder per server that added something. */
export function serversDir(config: Pick<Config, 'INDEX_DIR'>): string {
  return path.join(config.INDEX_DIR, 'servers');
}

/** The paths of a server's corpus, under INDEX_DIR/servers/<server id>/. The id must be a Discord id. */
export function serverCorpusPaths(config: Pick<Config, 'INDEX_DIR'>, guildId: string): ServerCorpusPaths {
  if (!SNOWFLAKE.test(guildId)) throw new Error(`not a Discord server id: ${JSON.stringify(guildId)}`);
  const folder = path.join(serversDir(config), guildId);
  return {
    guildId,
    corpusDir: path.join(folder, 'articles'),
    indexDir: path.join(folder, 'index'),
    indexKey: `server-${guildId}`,
    feedStoreFile: path.join(folder, 'feeds.json'),
  };
}

/** The servers that have a folder of their own (added an article or a feed). */
export async function serversWithFolders(config: Pick<Config, 'INDEX_DIR'>): Promise<string[]> {
  try {
    return (await readdir(serversDir(config), { withFileTypes: true })).filter((entry) => entry.isDirectory() && SNOWFLAKE.test(entry.name)).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Whether a corpus folder holds any article (a visible .txt or .md file). */
export async function hasArticles(corpusDir: string): Promise<boolean> {
  try {
    return (await readdir(corpusDir)).some((name) => !name.startsWith('.') && /\.(md|txt)$/i.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

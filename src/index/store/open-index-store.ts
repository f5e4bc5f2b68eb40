import path from 'node:path';
import type { IndexStore } from './index-store.ts';
import { LocalIndexStore } from './local-index-store.ts';

/**
 * The store for one corpus: PostgreSQL when DATABASE_URL is set (shared by every process given
 * it), otherwise the local folder. In PostgreSQL the index belongs to the corpus named `corpus`
 * (the engine names a corpus folder by its folder's name, corpusNameFor in src/config.ts, and a
 * Discord server's own articles `server-<id>`), the same on every machine; `legacyIndexKey`, the
 * key an index of this folder was saved under before corpora were named, is adopted by the corpus
 * if no other has claimed it. With `readUrl` (DATABASE_READ_URL, a read replica), questions read there.
 */
export async function openIndexStore(
  indexDir: string,
  databaseUrl: string | undefined,
  { corpus = path.basename(indexDir), legacyIndexKey, readUrl }: { corpus?: string; legacyIndexKey?: string; readUrl?: string } = {},
): Promise<IndexStore> {
  if (!databaseUrl) return new LocalIndexStore(indexDir);
  // Loaded only when used: a local-only install never touches the PostgreSQL client.
  const { PostgresIndexStore } = await import('./postgres-index-store.ts');
  return PostgresIndexStore.open(databaseUrl, corpus, readUrl, { legacyIndexKey });
}

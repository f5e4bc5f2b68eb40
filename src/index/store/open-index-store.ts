import path from 'node:path';
import type { IndexStore } from './index-store.ts';
import { LocalIndexStore } from './local-index-store.ts';

/**
 * The store for one corpus: PostgreSQL when DATABASE_URL is set (shared by every process given
 * it), otherwise the local folder. In PostgreSQL the index is keyed by `indexKey`, by default the
 * folder's name, which names the corpus folder and a hash of its path (see indexDirFor in
 * src/config.ts); a Discord server's own index has a key of its own (`server-<id>`). With
 * `readUrl` (DATABASE_READ_URL, a read replica), questions read there.
 */
export async function openIndexStore(
  indexDir: string,
  databaseUrl: string | undefined,
  { indexKey = path.basename(indexDir), readUrl }: { indexKey?: string; readUrl?: string } = {},
): Promise<IndexStore> {
  if (!databaseUrl) return new LocalIndexStore(indexDir);
  // Loaded only when used: a local-only install never touches the PostgreSQL client.
  const { PostgresIndexStore } = await import('./postgres-index-store.ts');
  return PostgresIndexStore.open(databaseUrl, indexKey, readUrl);
}

import type pg from 'pg';

/**
 * The corpus's row in `corpora`, made on first use, and the key of its index (corpus_indexes):
 * its own name; or, when this machine's folder had an index saved before corpora were named (under
 * the key its path gave it, `legacyIndexKey`) that no corpus has claimed, that key, adopted as it
 * is so that nothing is embedded again. Safe when several processes make it at once.
 */
export async function ensureCorpus(db: pg.Pool | pg.ClientBase, name: string, legacyIndexKey?: string): Promise<string> {
  const existing = await indexKeyOf(db, name);
  if (existing) return existing;
  let indexKey = name;
  if (legacyIndexKey && legacyIndexKey !== name) {
    const { rows } = await db.query(
      `SELECT 1 FROM corpus_indexes i
       WHERE i.index_key = $1 AND NOT EXISTS (SELECT 1 FROM corpora c WHERE c.index_key = $1)
         AND NOT EXISTS (SELECT 1 FROM corpus_indexes WHERE index_key = $2)`,
      [legacyIndexKey, name],
    );
    if (rows.length > 0) indexKey = legacyIndexKey;
  }
  await db.query('INSERT INTO corpora (corpus, index_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [name, indexKey]);
  const made = await indexKeyOf(db, name);
  if (!made) throw new Error(`the corpus ${JSON.stringify(name)} cannot be made: its index key ${JSON.stringify(indexKey)} belongs to another corpus`);
  return made;
}

async function indexKeyOf(db: pg.Pool | pg.ClientBase, name: string): Promise<string | undefined> {
  const { rows } = await db.query<{ index_key: string }>('SELECT index_key FROM corpora WHERE corpus = $1', [name]);
  return rows[0]?.index_key;
}

/**
 * Records a change to the corpus's articles (inside the transaction making it): the next index
 * built from them records this version. Takes the row's lock, so article saves into one corpus
 * follow one another; returns the new version.
 */
export async function bumpArticlesVersion(client: pg.ClientBase, name: string): Promise<number> {
  const { rows } = await client.query<{ articles_version: string }>(
    'UPDATE corpora SET articles_version = articles_version + 1, changed_at = now() WHERE corpus = $1 RETURNING articles_version',
    [name],
  );
  if (!rows[0]) throw new Error(`no corpus ${JSON.stringify(name)} in the database`);
  return Number(rows[0].articles_version);
}

/**
 * The PostgreSQL store against the local one on a synthetic corpus (ARCD sentences recombined):
 * save, load, the per-question generation check, and disk. Run by hand, against a database it
 * may write to (it uses the index key "bench-postgres-store" and deletes its rows afterwards):
 *
 *   DATABASE_URL=$(npm run -s db -- start | sed -n 's/^DATABASE_URL=//p') \
 *     npx tsx bench/postgres-store.ts [passages=10000] [--dense]
 *
 * --dense adds synthetic 384-d vectors (bench/random-embedder.ts): their cost, not their meaning.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildIndex } from '../src/index/build-index.ts';
import { LocalIndexStore } from '../src/index/store/local-index-store.ts';
import { PostgresIndexStore } from '../src/index/store/postgres-index-store.ts';
import { randomEmbedder } from './random-embedder.ts';
import { generateSyntheticCorpus } from './synthetic-corpus.ts';

const KEY = 'bench-postgres-store';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('set DATABASE_URL (npm run db -- start prints one)');
const passages = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
const dense = process.argv.includes('--dense');

const seconds = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return ((performance.now() - start) / 1000).toFixed(2);
};

const scratch = await mkdtemp(path.join(tmpdir(), 'bench-store-'));
const client = new pg.Client({ connectionString: databaseUrl });
try {
  const corpusDir = path.join(scratch, 'corpus');
  await generateSyntheticCorpus({ sourceDir: path.join(root, '..', 'shared', 'eval', 'arcd-corpus'), targetDir: corpusDir, passages });
  const local = new LocalIndexStore(path.join(scratch, 'index'));
  const built = await buildIndex({ corpusDir, indexDir: local.location, store: local, embedder: dense ? randomEmbedder() : null, previous: null });
  const { index } = built;
  const content = {
    manifest: index.manifest,
    stored: { passages: index.passages, groups: [], titles: index.titles, articles: index.articles, vocabulary: [...index.vocabulary], bigrams: [...index.bigrams] },
    lexical: index.lexical,
    vectors: index.vectors,
  };
  const store = await PostgresIndexStore.open(databaseUrl, KEY);
  const localLoad = await seconds(() => local.load());
  const save = await seconds(() => store.save(content));
  const load = await seconds(() => store.load());
  const checks = 200;
  const start = performance.now();
  for (let i = 0; i < checks; i++) await store.hasNewer();
  const checkMs = ((performance.now() - start) / checks).toFixed(2);
  await store.close();
  await client.connect();
  const { rows } = await client.query<{ passages: string; postings: string }>(
    `SELECT pg_size_pretty(pg_total_relation_size('passages')) AS passages, pg_size_pretty(pg_total_relation_size('postings')) AS postings`,
  );
  console.log(JSON.stringify({ passages: built.passages, mode: dense ? 'dense (synthetic 384-d vectors)' : 'lexical-only', localLoadS: localLoad, postgresSaveS: save, postgresLoadS: load, generationCheckMs: checkMs, tableSizes: rows[0] }));
} finally {
  await client.query('DELETE FROM passages WHERE index_key = $1', [KEY]).catch(() => undefined);
  await client.query('DELETE FROM postings WHERE index_key = $1', [KEY]).catch(() => undefined);
  await client.query('DELETE FROM corpus_indexes WHERE index_key = $1', [KEY]).catch(() => undefined);
  await client.end().catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
}

/**
 * Questions at a million passages in PostgreSQL, side by side with the local index at 100k, in
 * one run: dense recall@10 and latency by ef_search, the lexical half (each question's postings
 * fetched and scored), and whole questions through the engine's own retrieve() (dense and
 * lexical at once, fusion, near-duplicates), alternating between the two stores question by
 * question so that both meet the same load. Query analysis, embedding and attribution are not in
 * these figures. Passages are ARCD sentences recombined (real Arabic text, the project's own
 * analysis, so BM25 terms are real); vectors are synthetic, 384-d (bench/random-embedder.ts).
 *
 * Run by hand, in a database of its own on a PostgreSQL with pgvector (it empties the store's
 * tables there and refuses if they hold another corpus's index):
 *
 *   psql "$SERVER_URL" -c 'CREATE DATABASE scale_bench'
 *   DATABASE_URL=postgres://…/scale_bench \
 *     node --max-old-space-size=12000 --expose-gc --import tsx bench/postgres-scale.ts 1000000 --local 100000
 *
 * The first run builds the corpus (bench/postgres-scale-corpus.ts; at 1M on 2 cores about 20
 * minutes on an idle machine and an hour beside other work, most of it pgvector's HNSW build,
 * whose server processes it renices to the lowest priority; give the command itself
 * `nice -n 19` on a shared machine) and keeps what it can
 * under .cache/bench/; later runs reuse it and only ask (about two minutes). The bench needs
 * the ARCD corpus beside the project (../shared/eval/arcd-corpus). Drop the database when done
 * (it holds about 6 GB at 1M), and delete .cache/bench/postgres-scale-SIZE (2 GB at 1M).
 *
 *   SIZE                 passages in PostgreSQL (default 100000)
 *   --local N            also the local index over the first N passages (hnswlib + in-process BM25)
 *   --m N --ef-construction N
 *                        pgvector HNSW parameters (default: the settings', 16 and 200); other values
 *                        than those built rebuild the index
 *   --ef-search A,B,C    ef_search values measured for recall (default 100,256,400,600)
 *   --question-ef N      ef_search of the whole questions (default: the settings' efSearch)
 *   --warm N             dense searches (random stored vectors, at --question-ef) on each server
 *                        before measuring, to bring its HNSW index into memory (default 300)
 *   --maintenance-work-mem SIZE
 *                        memory for the HNSW build (default 3GB; about 2.5 kB a 384-d vector)
 *   --sql-bm25           also measure BM25 scored in SQL over a table of (term, passage, tf) rows
 *                        (built once, ~40 bytes a posting), the alternative to fetching postings
 *   --out FILE           also write the result object there
 *
 * With DATABASE_READ_URL set to a read replica of DATABASE_URL (bench/postgres-replica.ts starts
 * one), the whole questions read it, as a bot given both URLs does, and the dense searches are
 * measured on both servers.
 *
 * Progress goes to stderr; the result is one JSON object on stdout.
 */
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { CorpusIndex } from '../src/index/corpus-index.ts';
import type { QueryConcept } from '../src/index/lexical-index.ts';
import { questionView } from '../src/index/question-postings.ts';
import { nearestPassages } from '../src/index/store/pgvector-search.ts';
import { PostgresIndexStore } from '../src/index/store/postgres-index-store.ts';
import { VectorIndex } from '../src/index/vector-index.ts';
import type { AnalyzedQuery } from '../src/search/query.ts';
import { retrieve, type RetrievalOptions } from '../src/search/retrieve.ts';
import { defaultSettings, mergeSettings } from '../src/settings.ts';
import { indexTerms } from '../src/text/terms.ts';
import { mulberry32 } from '../src/util/seeded-random.ts';
import { percentile } from '../src/util/statistics.ts';
import { cachedExactNearest, recallAt } from './exact-nearest.ts';
import { DIMENSION, ensureScaleCorpus, SCALE_KEY } from './postgres-scale-corpus.ts';
import { sqlBm25 } from './postgres-sql-bm25.ts';
import { randomEmbedder } from './random-embedder.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('set DATABASE_URL to a database of its own (see the header of bench/postgres-scale.ts)');
const readUrl = process.env.DATABASE_READ_URL;
const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const size = Number(argv.find((arg, i) => /^\d+$/.test(arg) && !argv[i - 1]?.startsWith('--')) ?? 100_000);
const localSize = Number(option('--local') ?? 0);
const hnsw = { m: Number(option('--m') ?? defaultSettings.hnsw.m), efConstruction: Number(option('--ef-construction') ?? defaultSettings.hnsw.efConstruction) };
const efSearchValues = (option('--ef-search') ?? '100,256,400,600').split(',').map(Number);
const questionEf = Number(option('--question-ef') ?? defaultSettings.hnsw.efSearch);
const warmCount = Number(option('--warm') ?? 300);
const outFile = option('--out');
const candidates = defaultSettings.retrieval.candidates;

const started = performance.now();
const rssMb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
const load = () => Number(os.loadavg()[0]!.toFixed(1));
const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s, rss ${rssMb()} MiB, load ${load()}] ${message}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const summary = (samples: number[]) => ({ p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)), p99_ms: round(percentile(samples, 99)) });
const timed = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
};
const loadAtStart = os.loadavg().map((x) => round(x, 1));

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const server = (await client.query<{ version: string }>('SELECT version() AS version')).rows[0]!.version;
const serverSettings = Object.fromEntries(
  (await client.query<{ name: string; value: string }>(`SELECT name, current_setting(name) AS value FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit')`)).rows.map((row) => [row.name, row.value]),
);
log(`${size} passages; ${server}`);

const corpus = await ensureScaleCorpus({
  client,
  databaseUrl,
  size,
  sourceDir: path.join(root, '..', 'shared', 'eval', 'arcd-corpus'),
  cacheDir: path.join(root, '.cache', 'bench', `postgres-scale-${size}`),
  hnsw,
  maintenanceWorkMem: option('--maintenance-work-mem') ?? '3GB',
  localSize,
  log,
});
const { record } = corpus;
const vectorVersion = (await client.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`)).rows[0]?.extversion;

// ---- Questions --------------------------------------------------------------------------------
const random = mulberry32(7);
const embedder = randomEmbedder({ dimension: DIMENSION });
const heldOut = record.heldOut;
const heldOutVectors = await embedder.embedPassages(heldOut);
/** A stored vector nudged: near one stored point without being it (as bench/scale.ts does). */
const perturbedOf = (count: number, corpusSize: number) =>
  Array.from({ length: count }, () => {
    const doc = Math.floor(random() * corpusSize);
    return corpus.vectors.subarray(doc * DIMENSION, (doc + 1) * DIMENSION).map((x, i) => x + (i % 7 === 0 ? 0.05 : 0));
  });
const denseQueries = [...heldOutVectors, ...perturbedOf(heldOut.length / 2, size)];
const localDenseQueries = [...heldOutVectors, ...perturbedOf(heldOut.length / 2, Math.max(1, localSize))];
// Lexical questions: four distinct terms of a held-out passage, as a short question of real words.
const lexicalQueries = heldOut.map((text) => {
  const terms = [...new Set(indexTerms(text))];
  const picked: string[] = [];
  while (picked.length < Math.min(4, terms.length)) {
    const term = terms[Math.floor(random() * terms.length)]!;
    if (!picked.includes(term)) picked.push(term);
  }
  return picked;
});
const conceptsOf = (terms: string[]): QueryConcept[] => terms.map((term) => ({ alternatives: [[term]] }));
const queryOf = (terms: string[]): AnalyzedQuery => ({ question: terms.join(' '), language: 'ar', concepts: conceptsOf(terms).map((c, i) => ({ ...c, label: terms[i]!, source: 'word' })), untranslated: [] });

const cacheDir = path.join(root, '.cache', 'bench', `postgres-scale-${size}`);
log(`exact nearest neighbours of ${denseQueries.length} queries (cached after the first run)`);
const exact = await cachedExactNearest(path.join(cacheDir, 'exact-nearest.json'), corpus.vectors, DIMENSION, size, denseQueries, 10);
const localExact = corpus.local
  ? await cachedExactNearest(path.join(cacheDir, 'local', 'exact-nearest.json'), corpus.vectors, DIMENSION, corpus.local.size, localDenseQueries, 10)
  : null;

// ---- The index as a bot process loads it from PostgreSQL ---------------------------------------
const rssBeforeLoad = rssMb();
// As a bot process opens it: with DATABASE_READ_URL, its questions read the replica.
const store = await PostgresIndexStore.open(databaseUrl, SCALE_KEY, readUrl);
const settings = mergeSettings(defaultSettings, { hnsw: { ...hnsw, efSearch: questionEf } });
const [loaded, loadMs] = await timed(() => store.load(settings.hnsw));
if (!loaded.ok) throw new Error(loaded.message);
const postgresIndex = loaded.index;
global.gc?.();
const rssAfterLoad = rssMb();
log(`PostgreSQL index loaded in ${(loadMs / 1000).toFixed(1)} s (${postgresIndex.passages.length} passages; RSS +${rssAfterLoad - rssBeforeLoad} MiB)`);

// The replica, for its own dense figures beside the primary's.
const replica = readUrl ? new pg.Client({ connectionString: readUrl }) : null;
await replica?.connect();
const replicaSettings = replica
  ? Object.fromEntries((await replica.query<{ name: string; value: string }>(`SELECT name, current_setting(name) AS value FROM pg_settings WHERE name IN ('shared_buffers', 'hot_standby')`)).rows.map((row) => [row.name, row.value]))
  : null;

// ---- Dense: recall and latency by ef_search ----------------------------------------------------
type DenseFigures = Record<string, { recall_at_10: number; p50_ms: number; p95_ms: number; p99_ms: number; load: number }>;
async function denseSweep(on: pg.Client, name: string): Promise<DenseFigures> {
  const [, warmMs] = await timed(async () => {
    for (const query of perturbedOf(warmCount, size)) await nearestPassages(on, SCALE_KEY, query, 10, { efSearch: questionEf });
  });
  log(`${name}: ${warmCount} warm-up searches in ${(warmMs / 1000).toFixed(1)} s`);
  const figures: DenseFigures = {};
  for (const efSearch of efSearchValues) {
    const found: number[][] = [];
    const samples: number[] = [];
    for (const query of denseQueries) {
      const [hits, ms] = await timed(() => nearestPassages(on, SCALE_KEY, query, 10, { efSearch }));
      found.push(hits.map((hit) => hit.doc));
      samples.push(ms);
    }
    figures[`ef_search ${efSearch}`] = { recall_at_10: round(recallAt(exact, found), 3), ...summary(samples), load: load() };
    log(`${name} ef_search ${efSearch}: ${JSON.stringify(figures[`ef_search ${efSearch}`])}`);
  }
  return figures;
}
const postgresDense = await denseSweep(client, 'pgvector');
const replicaDense = replica ? await denseSweep(replica, 'pgvector on the replica') : null;
const localDense: Record<string, { recall_at_10: number; p50_ms: number; p95_ms: number; p99_ms: number }> = {};
if (corpus.local && localExact) {
  for (const efSearch of efSearchValues) {
    corpus.local.graph.setEf(Math.max(efSearch, 10));
    const found: number[][] = [];
    const samples: number[] = [];
    for (const query of localDenseQueries) {
      const [result, ms] = await timed(() => corpus.local!.graph.searchKnn(Array.from(query), 10));
      found.push(result.neighbors);
      samples.push(ms);
    }
    localDense[`ef ${efSearch}`] = { recall_at_10: round(recallAt(localExact, found), 3), ...summary(samples) };
    log(`local ef ${efSearch}: ${JSON.stringify(localDense[`ef ${efSearch}`])}`);
  }
}

// ---- Lexical: each question's postings fetched and scored, against the whole index in process ---
const postingsSource = postgresIndex.postingsSource!;
let sameTop = 0;
const lexicalSamples: number[] = [];
const fetchSamples: number[] = [];
const postingsPerQuestion: number[] = [];
for (const terms of lexicalQueries.slice(0, 20)) await postingsSource.fetch(terms);
for (const terms of lexicalQueries) {
  const view = questionView(postgresIndex)!;
  const [hits, ms] = await timed(async () => {
    const [, fetchMs] = await timed(() => view.index.fetchPostings!(conceptsOf(terms)));
    fetchSamples.push(fetchMs);
    return view.index.lexical.search(conceptsOf(terms), candidates, defaultSettings.bm25);
  });
  lexicalSamples.push(ms);
  postingsPerQuestion.push(terms.reduce((sum, term) => sum + (view.postings.postingsOf(term)?.docs.length ?? 0), 0));
  const inProcess = corpus.lexical.search(conceptsOf(terms), candidates, defaultSettings.bm25);
  if (JSON.stringify(inProcess) === JSON.stringify(hits)) sameTop++;
}
const postgresLexical = {
  ...summary(lexicalSamples),
  postings_fetch: summary(fetchSamples),
  postings_per_question: { p50: percentile(postingsPerQuestion, 50), p95: percentile(postingsPerQuestion, 95), max: Math.max(...postingsPerQuestion) },
  [`same_top_${candidates}_and_scores_as_in_process`]: `${sameTop}/${lexicalQueries.length}`,
  load: load(),
};
log(`PostgreSQL lexical: ${JSON.stringify(postgresLexical)}`);
const localLexicalSamples: number[] = [];
if (corpus.local) for (const terms of lexicalQueries) localLexicalSamples.push((await timed(() => corpus.local!.lexical.search(conceptsOf(terms), candidates, defaultSettings.bm25)))[1]);
const localLexical = corpus.local ? summary(localLexicalSamples) : null;

const sqlBm25Result = argv.includes('--sql-bm25') ? await sqlBm25({ client, databaseUrl, lexical: corpus.lexical, queries: lexicalQueries, limit: candidates, log }) : null;
// What the questions below run beside: the loaded index and the local one, not the whole corpus's postings and vectors.
const held = corpus as { lexical?: unknown; vectors?: unknown };
delete held.lexical;
delete held.vectors;

// ---- Whole questions through retrieve(), the two stores alternating -----------------------------
const retrieval: RetrievalOptions = { candidates, fusion: defaultSettings.fusion, bm25: defaultSettings.bm25, mode: 'hybrid' };
const localIndex: CorpusIndex | null = corpus.local
  ? ({
      // What retrieve() reads of a local index: its lexical index and graph (no file filter, no near-duplicates here).
      dir: 'local',
      passages: [],
      duplicatesOf: new Map(),
      lexical: corpus.local.lexical,
      vectors: VectorIndex.load(path.join(cacheDir, 'local', 'vectors.hnsw'), DIMENSION, { ...defaultSettings.hnsw }),
    } as unknown as CorpusIndex)
  : null;
/** The engine's retrieval of one question from an index: through a question's view when its postings stay in the database. */
const ask = (index: CorpusIndex, q: number) => retrieve(questionView(index)?.index ?? index, queryOf(lexicalQueries[q]!), heldOutVectors[q]!, retrieval);
const targets = [
  { name: 'postgres', index: postgresIndex as CorpusIndex | null, samples: [] as number[] },
  { name: 'local', index: localIndex, samples: [] as number[] },
].filter((target) => target.index !== null);
for (const target of targets) for (let q = 0; q < 20; q++) await ask(target.index!, q);
global.gc?.();
for (let q = 0; q < heldOut.length; q++) {
  // Each question asked of both stores in turn, the order alternating, so that both meet the same load.
  for (let i = 0; i < targets.length; i++) {
    const target = targets[(q + i) % targets.length]!;
    target.samples.push((await timed(() => ask(target.index!, q)))[1]);
  }
}
const samplesOf = (name: string) => targets.find((target) => target.name === name)?.samples ?? [];
const questions = {
  what: `retrieve(): dense (k ${candidates}) and lexical (k ${candidates}) at once, RRF (k ${defaultSettings.fusion.k}) to 10; ${heldOut.length} questions, each asked of every store in turn`,
  postgres: { passages: size, ef_search: questionEf, reads: readUrl ? 'the replica (DATABASE_READ_URL)' : 'the primary', ...summary(samplesOf('postgres')) },
  local: localIndex ? { passages: corpus.local!.size, ef: defaultSettings.hnsw.efSearch, ...summary(samplesOf('local')) } : null,
  load: load(),
};
log(`questions: ${JSON.stringify(questions)}`);

const sizes = await client.query<{ name: string; bytes: string }>(
  `SELECT 'passages heap' AS name, pg_relation_size('passages') AS bytes
   UNION ALL SELECT 'passages TOAST', pg_total_relation_size('passages') - pg_relation_size('passages') - pg_indexes_size('passages')
   UNION ALL SELECT 'postings heap', pg_relation_size('postings')
   UNION ALL SELECT 'postings TOAST', pg_total_relation_size('postings') - pg_relation_size('postings') - pg_indexes_size('postings')
   UNION ALL SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index WHERE indrelid IN ('passages'::regclass, 'postings'::regclass)
   UNION ALL SELECT 'database', pg_database_size(current_database())`,
);
const result = {
  date: new Date().toISOString(),
  duration_s: round((performance.now() - started) / 1000, 0),
  load_average_at_start: loadAtStart,
  load_average_at_end: os.loadavg().map((x) => round(x, 1)),
  machine: `${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30, 0)} GiB`,
  server: { version: server, pgvector: vectorVersion, settings: serverSettings },
  passages: size,
  vectors: `synthetic ${DIMENSION}-d (bench/random-embedder.ts: 32-d latent space, noise 0.3), meaningless`,
  text: 'ARCD sentences recombined, 3 a passage',
  queries: { dense: `${heldOutVectors.length} held-out passages' vectors + ${denseQueries.length - heldOutVectors.length} perturbed stored vectors`, lexical: `${lexicalQueries.length} questions of 4 terms from held-out passages` },
  build: record,
  disk_mb: Object.fromEntries(sizes.rows.map((row) => [row.name, round(Number(row.bytes) / 2 ** 20, 1)])),
  postgres: {
    load_s: round(loadMs / 1000, 1),
    rss_added_by_load_mb: rssAfterLoad - rssBeforeLoad,
    dense: postgresDense,
    lexical: postgresLexical,
    sql_bm25: sqlBm25Result,
  },
  replica: replica ? { settings: replicaSettings, dense: replicaDense } : null,
  local: corpus.local ? { passages: corpus.local.size, dense: localDense, lexical: localLexical } : null,
  questions,
};
console.log(JSON.stringify(result, (key, value) => (key === 'heldOut' ? undefined : value), 2));
if (outFile) await writeFile(outFile, JSON.stringify(result, (key, value) => (key === 'heldOut' ? undefined : value), 2) + '\n');
await store.close();
await replica?.end();
await client.end();

/**
 * The index in PostgreSQL at up to a million passages, and the local index beside it: build
 * time, disk, dense latency and recall@10 against exact search, lexical latency, and whole
 * questions (both retrievers and fusion). Passages are ARCD sentences recombined (real Arabic
 * text, the project's own analysis, so BM25 terms are real); vectors are synthetic, 384-d
 * (bench/random-embedder.ts): their cost and the index's recall, not their meaning.
 *
 * Run by hand, with a database of its own (it empties the store's tables there and refuses if
 * they hold another corpus's index), e.g. on the `npm run db` server:
 *
 *   psql "$SERVER_URL" -c 'CREATE DATABASE pgbench_scale'
 *   DATABASE_URL=postgres://…/pgbench_scale nice -n 5 node --import tsx bench/postgres-scale.ts 100000 --local
 *
 *   SIZE                 passages in the corpus (default 100000)
 *   --local              also build the local index (hnswlib-node + in-process BM25) over the
 *                        same passages and vectors, and ask it the same questions
 *   --m N --ef-construction N
 *                        pgvector HNSW parameters (default: the settings object's, 16 and 200)
 *   --ef-search A,B,C    ef_search values measured (default 40,100,256)
 *   --maintenance-work-mem SIZE
 *                        memory for the HNSW build (default 2GB); PostgreSQL reserves all of it in
 *                        shared memory for a parallel build, so not more than the graph needs:
 *                        about 2.5 kB a 384-d vector (a NOTICE in the result says when it ran short)
 *   --queries N          held-out questions (default 200; plus half as many perturbed stored vectors)
 *   --out FILE           also write the result object there
 *
 * Progress goes to stderr; the result is one JSON object on stdout. Nothing is deleted at the end,
 * so the tables can be inspected; the next run empties them.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import hnswlib from 'hnswlib-node';
import pg from 'pg';
import { lexicalFileChunks } from '../src/index/lexical-file.ts';
import { LexicalIndex, type QueryConcept } from '../src/index/lexical-index.ts';
import { nearestPassages, vectorLiteral } from '../src/index/store/pgvector-search.ts';
import { hnswIndexSql, migrate } from '../src/index/store/postgres-schema.ts';
import { reciprocalRankFusion } from '../src/search/fusion.ts';
import { defaultSettings } from '../src/settings.ts';
import { splitSentences } from '../src/text/sentences.ts';
import { indexTerms } from '../src/text/terms.ts';
import { mulberry32 } from '../src/util/seeded-random.ts';
import { percentile } from '../src/util/statistics.ts';
import { exactNearest, recallAt } from './exact-nearest.ts';
import { bm25OverPostingRows, type Bm25Collection } from './postgres-bm25.ts';
import { randomEmbedder } from './random-embedder.ts';
import { readSourceSentences, recombinedPassages } from './synthetic-corpus.ts';

const KEY = 'bench-postgres-scale';
const DIMENSION = 384;
/** Rows per INSERT, as the store sends them. */
const BATCH = 2000;
const PASSAGES_PER_FILE = 100;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('set DATABASE_URL to a database of its own (see the header of bench/postgres-scale.ts)');
const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const size = Number(argv.find((arg) => /^\d+$/.test(arg) && !argv[argv.indexOf(arg) - 1]?.startsWith('--')) ?? 100_000);
const withLocal = argv.includes('--local');
const m = Number(option('--m') ?? defaultSettings.hnsw.m);
const efConstruction = Number(option('--ef-construction') ?? defaultSettings.hnsw.efConstruction);
const efSearchValues = (option('--ef-search') ?? '40,100,256').split(',').map(Number);
const maintenanceWorkMem = option('--maintenance-work-mem') ?? '2GB';
const heldOutCount = Number(option('--queries') ?? 200);
const perturbedCount = Math.floor(heldOutCount / 2);
const outFile = option('--out');
const candidates = defaultSettings.retrieval.candidates;

const started = performance.now();
const log = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s, rss ${rssMb()} MiB] ${message}\n`);
const rssMb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const summary = (samples: number[]) => ({ p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)) });

const client = new pg.Client({ connectionString: databaseUrl });
const second = new pg.Client({ connectionString: databaseUrl });
await client.connect();
await second.connect();
const notices: string[] = [];
client.on('notice', (notice) => notices.push(notice.message ?? String(notice)));

await migrate(client);
const others = await client.query<{ index_key: string }>('SELECT DISTINCT index_key FROM passages WHERE index_key <> $1 LIMIT 1', [KEY]);
if (others.rows.length > 0) throw new Error(`the database holds another index (${others.rows[0]!.index_key}): give this benchmark a database of its own`);
await client.query('TRUNCATE passages, postings');
await client.query(`DROP INDEX IF EXISTS passages_embedding_hnsw_${DIMENSION}`);
await client.query('DELETE FROM corpus_indexes WHERE index_key = $1', [KEY]);
const server = await client.query<{ version: string }>("SELECT version() AS version");
log(`${size} passages; ${server.rows[0]!.version}`);

// ---- Passages, their terms and vectors, loaded in batches as they are made ------------------
const sentences = await readSourceSentences(path.join(root, '..', 'shared', 'eval', 'arcd-corpus'));
const generated = recombinedPassages(sentences, 3, 1);
const embedder = randomEmbedder({ dimension: DIMENSION });
// The first passages are held out: questions that resemble the corpus without being in it.
const heldOut = Array.from({ length: heldOutCount }, () => generated.next().value as string);

const vectors = new Float32Array(size * DIMENSION);
const lengths = new Uint32Array(size);
// Every passage's terms as ids, so the lexical index is built once all passages exist without keeping their text.
const termIds = new Map<string, number>();
const termNames: string[] = [];
let termStream = new Int32Array(1 << 20);
let termStreamLength = 0;
const termOffsets = new Uint32Array(size + 1);

let makeMs = 0;
let insertMs = 0;
for (let start = 0; start < size; start += BATCH) {
  const makeStart = performance.now();
  const count = Math.min(BATCH, size - start);
  const texts = Array.from({ length: count }, () => generated.next().value as string);
  const embedded = await embedder.embedPassages(texts);
  const rows = texts.map((text, i) => {
    const position = start + i;
    const terms = indexTerms(text);
    lengths[position] = terms.length;
    if (termStreamLength + terms.length > termStream.length) {
      const grown = new Int32Array(termStream.length * 2);
      grown.set(termStream);
      termStream = grown;
    }
    for (const term of terms) {
      let id = termIds.get(term);
      if (id === undefined) {
        termIds.set(term, (id = termNames.length));
        termNames.push(term);
      }
      termStream[termStreamLength++] = id;
    }
    termOffsets[position + 1] = termStreamLength;
    vectors.set(embedded[i]!, position * DIMENSION);
    const file = `synthetic-${String(Math.floor(position / PASSAGES_PER_FILE)).padStart(5, '0')}.txt`;
    // The generator's files hold one paragraph a line with a blank line between.
    const line = 1 + 2 * (position % PASSAGES_PER_FILE);
    return { position, id: `${file}#L${line}`, file, line, text, hash: createHash('sha256').update(text).digest('hex'), sentences: JSON.stringify(splitSentences(text)), terms: terms.length, vector: vectorLiteral(embedded[i]!) };
  });
  const insertStart = performance.now();
  makeMs += insertStart - makeStart;
  await client.query(
    `INSERT INTO passages (index_key, position, passage_id, file, line_start, line_end, text, hash, is_title, sentences, term_count, dimension, embedding)
     SELECT $1, position, passage_id, file, line, line, text, hash, false, sentences::json, term_count, $2::integer, embedding::vector
     FROM unnest($3::integer[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::integer[], $11::text[])
       AS t(position, passage_id, file, line, text, hash, sentences, term_count, embedding)`,
    [KEY, DIMENSION, rows.map((r) => r.position), rows.map((r) => r.id), rows.map((r) => r.file), rows.map((r) => r.line), rows.map((r) => r.text), rows.map((r) => r.hash), rows.map((r) => r.sentences), rows.map((r) => r.terms), rows.map((r) => r.vector)],
  );
  insertMs += performance.now() - insertStart;
  if ((start / BATCH) % 50 === 0) log(`passages ${start + count}/${size}`);
}
log(`passages made in ${(makeMs / 1000).toFixed(0)} s, inserted in ${(insertMs / 1000).toFixed(0)} s`);

const lexicalStart = performance.now();
const lexical = LexicalIndex.buildEach(size, (doc) => Array.from(termStream.subarray(termOffsets[doc]!, termOffsets[doc + 1]!), (id) => termNames[id]!));
const lexicalBuildMs = performance.now() - lexicalStart;
termStream = new Int32Array(0);
log(`lexical index built in ${(lexicalBuildMs / 1000).toFixed(1)} s, ${termNames.length} terms`);

const postingsStart = performance.now();
let postingBatch: [string, Int32Array, Uint16Array][] = [];
let postingRows = 0;
const flushPostings = async () => {
  await client.query(
    `INSERT INTO postings (index_key, term, docs, tfs)
     SELECT $1, term, docs::integer[], tfs::integer[] FROM unnest($2::text[], $3::text[], $4::text[]) AS t(term, docs, tfs)`,
    [KEY, postingBatch.map(([term]) => term), postingBatch.map(([, docs]) => `{${docs.join(',')}}`), postingBatch.map(([, , tfs]) => `{${tfs.join(',')}}`)],
  );
  postingRows += postingBatch.length;
  postingBatch = [];
};
let batchPostings = 0;
for (const list of lexical.postingLists()) {
  postingBatch.push(list);
  batchPostings += list[1].length;
  // Batches bounded by postings too: the commonest terms' rows hold hundreds of thousands of documents.
  if (postingBatch.length === BATCH || batchPostings > 2_000_000) {
    await flushPostings();
    batchPostings = 0;
  }
}
if (postingBatch.length) await flushPostings();
const postingsLoadMs = performance.now() - postingsStart;
log(`postings loaded in ${(postingsLoadMs / 1000).toFixed(0)} s, ${postingRows} rows`);

const analyzeStart = performance.now();
await client.query('ANALYZE passages');
await client.query('ANALYZE postings');
const analyzeMs = performance.now() - analyzeStart;

// ---- pgvector's HNSW index, built once the rows are in --------------------------------------
const workers = 1; // two processes in all (leader + 1): this machine has 2 cores
await client.query(`SET maintenance_work_mem = '${maintenanceWorkMem.replace(/[^0-9A-Za-z]/g, '')}'`);
await client.query(`SET max_parallel_maintenance_workers = ${workers}`);
log(`building the HNSW index (m ${m}, ef_construction ${efConstruction}, ${workers} parallel worker + leader)`);
const hnswStart = performance.now();
await client.query(hnswIndexSql(DIMENSION, m, efConstruction));
const hnswBuildMs = performance.now() - hnswStart;
await client.query('RESET maintenance_work_mem');
log(`HNSW index built in ${(hnswBuildMs / 1000).toFixed(0)} s`);

const sizes = await client.query<{ name: string; bytes: string }>(
  `SELECT 'passages heap' AS name, pg_relation_size('passages') AS bytes
   UNION ALL SELECT 'passages TOAST', pg_total_relation_size('passages') - pg_relation_size('passages') - pg_indexes_size('passages')
   UNION ALL SELECT 'postings heap', pg_relation_size('postings')
   UNION ALL SELECT 'postings TOAST', pg_total_relation_size('postings') - pg_relation_size('postings') - pg_indexes_size('postings')
   UNION ALL SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index WHERE indrelid IN ('passages'::regclass, 'postings'::regclass)
   UNION ALL SELECT 'passages total', pg_total_relation_size('passages')
   UNION ALL SELECT 'postings total', pg_total_relation_size('postings')`,
);
const diskMb = Object.fromEntries(sizes.rows.map((row) => [row.name, round(Number(row.bytes) / 2 ** 20, 1)]));
log(`disk: ${JSON.stringify(diskMb)}`);

// ---- Questions ------------------------------------------------------------------------------
const random = mulberry32(7);
const heldOutVectors = await embedder.embedPassages(heldOut);
const perturbed = Array.from({ length: perturbedCount }, () => {
  const doc = Math.floor(random() * size);
  // A stored vector nudged: near one stored point without being it (as bench/scale.ts does).
  return vectors.subarray(doc * DIMENSION, (doc + 1) * DIMENSION).map((x, i) => x + (i % 7 === 0 ? 0.05 : 0));
});
const denseQueries = [...heldOutVectors, ...perturbed];
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

log(`exact search: ${denseQueries.length} queries over ${size} vectors`);
const exactStart = performance.now();
const exact = exactNearest(vectors, DIMENSION, size, denseQueries, 10);
const exactMs = performance.now() - exactStart;
log(`exact search done in ${(exactMs / 1000).toFixed(0)} s`);

let totalLength = 0;
for (const length of lengths) totalLength += length;
const collection: Bm25Collection = { lengths, averageLength: Math.max(1, totalLength / size), params: defaultSettings.bm25, scores: new Float64Array(size) };

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
};

// Warm-up: the first questions read the index and tables from disk into the caches.
for (const query of denseQueries.slice(0, 20)) await nearestPassages(client, KEY, query, 10, { efSearch: 40 });
for (const terms of lexicalQueries.slice(0, 20)) await bm25OverPostingRows(client, KEY, terms, collection, candidates);

/**
 * How PostgreSQL runs nearestPassages's query at this ef_search (the same statement and
 * settings): with few rows, or a large ef_search, the planner may prefer reading every row.
 */
const planOf = async (query: Float32Array, efSearch: number): Promise<string> => {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL hnsw.ef_search = ${efSearch}`);
    await client.query('SET LOCAL hnsw.iterative_scan = strict_order');
    const cast = `embedding::vector(${DIMENSION})`;
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT position, ${cast} <=> $1::vector(${DIMENSION}) AS distance FROM passages
       WHERE dimension = ${DIMENSION} AND index_key = $2 ORDER BY ${cast} <=> $1::vector(${DIMENSION}) LIMIT 10`,
      [vectorLiteral(query), KEY],
    );
    return rows.map((row) => row['QUERY PLAN'].trim()).filter((line) => /Scan|Sort/.test(line)).map((line) => line.replace(/^->\s*/, '').replace(/\s+\(cost.*$/, '')).join(' / ');
  } finally {
    await client.query('ROLLBACK');
  }
};

const postgresDense: Record<string, { recall_at_10: number; p50_ms: number; p95_ms: number; plan: string }> = {};
for (const efSearch of efSearchValues) {
  const found: number[][] = [];
  const samples: number[] = [];
  for (const query of denseQueries) {
    const [hits, ms] = await timed(() => nearestPassages(client, KEY, query, 10, { efSearch }));
    found.push(hits.map((hit) => hit.doc));
    samples.push(ms);
  }
  postgresDense[`ef_search ${efSearch}`] = { recall_at_10: round(recallAt(exact, found), 3), ...summary(samples), plan: await planOf(denseQueries[0]!, efSearch) };
  log(`pgvector ef_search ${efSearch}: ${JSON.stringify(postgresDense[`ef_search ${efSearch}`])}`);
}

const lexicalSamples: number[] = [];
const fetchSamples: number[] = [];
let sameTop10 = 0;
for (const terms of lexicalQueries) {
  const [result, ms] = await timed(() => bm25OverPostingRows(client, KEY, terms, collection, candidates));
  lexicalSamples.push(ms);
  fetchSamples.push(result.fetchMs);
  const inProcess = lexical.search(conceptsOf(terms), 10).map((hit) => hit.doc);
  if (result.hits.slice(0, 10).every((hit, i) => hit.doc === inProcess[i]) && inProcess.length === Math.min(10, result.hits.length)) sameTop10++;
}
const postgresLexical = { ...summary(lexicalSamples), postings_fetch: summary(fetchSamples), same_top10_as_in_process: `${sameTop10}/${lexicalQueries.length}` };
log(`PostgreSQL lexical: ${JSON.stringify(postgresLexical)}`);

// A whole question: dense and lexical at once on two connections, then fusion, as the engine would.
const efQuestion = defaultSettings.hnsw.efSearch;
const questionSamples: number[] = [];
for (let q = 0; q < heldOut.length; q++) {
  const [, ms] = await timed(async () => {
    const [dense, lexicalHits] = await Promise.all([
      nearestPassages(client, KEY, heldOutVectors[q]!, candidates, { efSearch: efQuestion }),
      bm25OverPostingRows(second, KEY, lexicalQueries[q]!, collection, candidates),
    ]);
    return reciprocalRankFusion([lexicalHits.hits.map((hit) => hit.doc), dense.map((hit) => hit.doc)], defaultSettings.fusion).slice(0, 10);
  });
  questionSamples.push(ms);
}
const postgresQuestion = { ef_search: efQuestion, ...summary(questionSamples) };
log(`PostgreSQL question: ${JSON.stringify(postgresQuestion)}`);
const postgresRssMb = rssMb();

// ---- The local index over the same passages and vectors --------------------------------------
let local: Record<string, unknown> | null = null;
if (withLocal) {
  const rssBefore = rssMb();
  const graphStart = performance.now();
  const hnsw = new hnswlib.HierarchicalNSW('cosine', DIMENSION);
  hnsw.initIndex({ maxElements: size, m: defaultSettings.hnsw.m, efConstruction: defaultSettings.hnsw.efConstruction, randomSeed: 100 });
  for (let doc = 0; doc < size; doc++) {
    hnsw.addPoint(Array.from(vectors.subarray(doc * DIMENSION, (doc + 1) * DIMENSION)), doc);
    if (doc % 100_000 === 99_999) log(`local graph ${doc + 1}/${size}`);
  }
  const graphBuildMs = performance.now() - graphStart;
  log(`local graph built in ${(graphBuildMs / 1000).toFixed(0)} s`);
  const scratch = await mkdtemp(path.join(tmpdir(), 'bench-pg-scale-'));
  hnsw.writeIndexSync(path.join(scratch, 'vectors.hnsw'));
  const graphFileMb = (await stat(path.join(scratch, 'vectors.hnsw'))).size / 2 ** 20;
  let lexicalFileBytes = 0;
  for (const chunk of lexicalFileChunks(lexical)) lexicalFileBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  const lexicalFileMb = lexicalFileBytes / 2 ** 20;
  await rm(scratch, { recursive: true, force: true });

  const localDense: Record<string, { recall_at_10: number; p50_ms: number; p95_ms: number }> = {};
  for (const efSearch of efSearchValues) {
    hnsw.setEf(Math.max(efSearch, 10));
    const found: number[][] = [];
    const samples: number[] = [];
    for (const query of denseQueries) {
      const [result, ms] = await timed(async () => hnsw.searchKnn(Array.from(query), 10));
      found.push(result.neighbors);
      samples.push(ms);
    }
    localDense[`ef ${efSearch}`] = { recall_at_10: round(recallAt(exact, found), 3), ...summary(samples) };
    log(`local ef ${efSearch}: ${JSON.stringify(localDense[`ef ${efSearch}`])}`);
  }
  const localLexicalSamples: number[] = [];
  for (const terms of lexicalQueries) localLexicalSamples.push((await timed(async () => lexical.search(conceptsOf(terms), candidates)))[1]);
  hnsw.setEf(efQuestion);
  const localQuestionSamples: number[] = [];
  for (let q = 0; q < heldOut.length; q++) {
    const [, ms] = await timed(async () => {
      const dense = hnsw.searchKnn(Array.from(heldOutVectors[q]!), candidates).neighbors;
      const lexicalHits = lexical.search(conceptsOf(lexicalQueries[q]!), candidates).map((hit) => hit.doc);
      return reciprocalRankFusion([lexicalHits, dense], defaultSettings.fusion).slice(0, 10);
    });
    localQuestionSamples.push(ms);
  }
  local = {
    hnsw: { m: defaultSettings.hnsw.m, ef_construction: defaultSettings.hnsw.efConstruction },
    graph_build_s: round(graphBuildMs / 1000, 0),
    lexical_build_s: round(lexicalBuildMs / 1000, 1),
    disk_mb: { 'vectors.hnsw': round(graphFileMb, 1), 'lexical.bin': round(lexicalFileMb, 1) },
    rss_added_by_graph_mb: rssMb() - rssBefore,
    dense: localDense,
    lexical: summary(localLexicalSamples),
    question: { ef: efQuestion, ...summary(localQuestionSamples) },
  };
}

const result = {
  date: new Date().toISOString(),
  passages: size,
  vectors: `synthetic ${DIMENSION}-d (bench/random-embedder.ts: 32-d latent space, noise 0.3), meaningless`,
  text: 'ARCD sentences recombined, 3 a passage',
  load_average_at_end: (await import('node:os')).loadavg().map((x) => round(x, 1)),
  queries: { dense: `${heldOutVectors.length} held-out passages' vectors + ${perturbed.length} perturbed stored vectors`, lexical: `${lexicalQueries.length} questions of 4 terms from held-out passages` },
  postgres: {
    hnsw: { m, ef_construction: efConstruction, parallel_workers: workers, maintenance_work_mem: maintenanceWorkMem },
    build_s: {
      'passages + vectors (make)': round(makeMs / 1000, 0),
      'passages + vectors (INSERT)': round(insertMs / 1000, 0),
      'lexical analysis into postings (in process)': round(lexicalBuildMs / 1000, 1),
      'postings (INSERT)': round(postingsLoadMs / 1000, 0),
      ANALYZE: round(analyzeMs / 1000, 1),
      'HNSW index': round(hnswBuildMs / 1000, 0),
    },
    postings_rows: postingRows,
    disk_mb: diskMb,
    dense: postgresDense,
    lexical: postgresLexical,
    question: postgresQuestion,
    bench_process_rss_mb: postgresRssMb,
    bot_process_holds_mb: round((lengths.byteLength + collection.scores.byteLength) / 2 ** 20, 1),
    notices,
  },
  exact_search_s: round(exactMs / 1000, 0),
  local,
};
console.log(JSON.stringify(result, null, 2));
if (outFile) await writeFile(outFile, JSON.stringify(result, null, 2) + '\n');
await client.end();
await second.end();

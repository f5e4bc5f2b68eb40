/**
 * The PostgreSQL store against the local one on a synthetic corpus (ARCD sentences recombined)
 * with synthetic 384-d vectors (bench/random-embedder.ts: their cost, not their meaning): the
 * first save (rows, then the HNSW index built over them), a save into an existing HNSW index,
 * incremental saves after one file changes, loading, and question latency with dense search
 * in PostgreSQL against hnswlib in process. Run by hand against a server where it may create a
 * database (it works in a scratch database of its own and drops it afterwards):
 *
 *   DATABASE_URL=$(npm run -s db -- start | sed -n 's/^DATABASE_URL=//p') \
 *     npx tsx bench/postgres-store.ts [passages=10000] [--no-one-by-one] [--rss=100000]
 *
 * --rss=N also opens an index of N passages from each store in a fresh process (bench/scale.ts)
 * and reports its RSS: what holding no vectors in process saves.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConsola } from 'consola';
import pg from 'pg';
import { corpusNameFor, indexDirFor, loadConfig, type Config } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import { LocalIndexStore } from '../src/index/store/local-index-store.ts';
import { PostgresIndexStore } from '../src/index/store/postgres-index-store.ts';
import { defaultSettings, type SettingsOverrides } from '../src/settings.ts';
import { percentile, timeMs } from '../src/util/statistics.ts';
import { randomEmbedder } from './random-embedder.ts';
import { runStageProcess } from './run-bench.ts';
import { BENCH_PATHS, benchQuestions } from './stages.ts';
import { generateSyntheticCorpus } from './synthetic-corpus.ts';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('set DATABASE_URL (npm run db -- start prints one)');
const passages = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
const oneByOne = !process.argv.includes('--no-one-by-one');
const rssSize = Number(process.argv.find((arg) => arg.startsWith('--rss='))?.slice('--rss='.length) ?? 0);

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const logger = createConsola({ level: 1 });

/** A scratch database, so the first save really is the first of its vector length. */
const scratchName = `bench_store_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratchName}`);
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${scratchName}` }).toString();
const scratch = await mkdtemp(path.join(tmpdir(), 'bench-store-'));

function configFor(postgres: boolean): Config {
  const loaded = loadConfig({ LOG_LEVEL: 'error', INDEX_DIR: path.join(scratch, 'index'), ...(postgres ? { DATABASE_URL: databaseUrl } : {}) });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  // loadConfig reads the environment too: the local side must not inherit DATABASE_URL.
  return postgres ? loaded.config : { ...loaded.config, DATABASE_URL: undefined };
}

const open = (corpusDir: string, postgres: boolean, settings?: SettingsOverrides) =>
  timeMs(() => Engine.open({ config: configFor(postgres), corpusDir, embedder: randomEmbedder(), settings, logger }));

/** Rows of each table whose version changed between two snapshots (xmin: the transaction that wrote it). */
async function rowVersions(client: pg.Client, key: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; xmin: string }>(
    `SELECT 'p:' || passage_id AS id, xmin::text AS xmin FROM passages WHERE index_key = $1
     UNION ALL SELECT 't:' || term, xmin::text FROM postings WHERE index_key = $1`,
    [key],
  );
  return new Map(rows.map((row) => [row.id, row.xmin]));
}

function rewritten(before: Map<string, string>, after: Map<string, string>, prefix: string) {
  let written = 0;
  let total = 0;
  for (const [id, xmin] of after) {
    if (!id.startsWith(prefix)) continue;
    total++;
    if (before.get(id) !== xmin) written++;
  }
  return { written, of: total };
}

async function latency(engine: Engine, questions: string[]) {
  for (const question of questions.slice(0, 20)) await engine.ask(question);
  const samples: number[] = [];
  for (const question of questions) samples.push((await timeMs(() => engine.ask(question))).ms);
  return { p50Ms: Number(percentile(samples, 50).toFixed(1)), p95Ms: Number(percentile(samples, 95).toFixed(1)) };
}

const client = new pg.Client({ connectionString: databaseUrl });
try {
  const corpusDir = path.join(scratch, 'corpus');
  await generateSyntheticCorpus({ sourceDir: BENCH_PATHS.arcdCorpus, targetDir: corpusDir, passages });
  const key = corpusNameFor(corpusDir);

  const local = await open(corpusDir, false);
  const first = await open(corpusDir, true);
  await client.connect();
  const figures: Record<string, unknown> = {
    passages: first.value.index.passages.length,
    mode: 'dense (synthetic 384-d vectors, bench/random-embedder.ts)',
    localBuildS: seconds(local.ms),
    localGraphS: seconds(local.value.openReport.timings.graph ?? 0),
    localWriteS: seconds(local.value.openReport.timings.writing ?? 0),
    postgresBuildS: seconds(first.ms),
    postgresFirstSaveS: seconds(first.value.openReport.timings.writing ?? 0),
  };
  await local.value.close();

  // Incremental: a paragraph added to a file in the middle (the passages after it move down), then a new last file.
  const files = (await readdir(corpusDir)).sort();
  const middle = files[Math.floor(files.length / 2)]!;
  for (const [label, change] of [
    ['oneFileEdited', () => appendFile(path.join(corpusDir, middle), '\n\nوأعلن المتحدث كوزموبولسكي عن اتفاق جديد للتعاون في مجال الطاقة الشمسية.\n')],
    ['newFileAdded', () => appendFile(path.join(corpusDir, 'zzzz-new.txt'), 'عنوان جديد\n\nأعلن المتحدث كوزموبولسكي عن افتتاح محطة جديدة للطاقة.\n')],
  ] as const) {
    const before = await rowVersions(client, key);
    await change();
    const report = await timeMs(() => first.value.reindex());
    const after = await rowVersions(client, key);
    figures[label] = {
      reindexS: seconds(report.ms),
      saveS: seconds(report.value.timings.writing ?? 0),
      embedded: report.value.embedded,
      passageRowsWritten: rewritten(before, after, 'p:'),
      postingRowsWritten: rewritten(before, after, 't:'),
    };
  }
  await first.value.close();

  const localStore = new LocalIndexStore(indexDirFor(configFor(false), corpusDir));
  const postgresStore = await PostgresIndexStore.open(databaseUrl, key);
  // The local index predates the two edits; both hold about `passages` passages.
  figures.localLoadS = seconds((await timeMs(() => localStore.load(defaultSettings.hnsw))).ms);
  figures.postgresLoadS = seconds((await timeMs(() => postgresStore.load(defaultSettings.hnsw))).ms);
  const checks = await timeMs(async () => {
    for (let i = 0; i < 200; i++) await postgresStore.changes();
  });
  figures.generationCheckMs = Number((checks.ms / 200).toFixed(2));
  await postgresStore.close();

  const questions = await benchQuestions();
  for (const mode of ['dense', 'hybrid'] as const) {
    const settings: SettingsOverrides = { retrieval: { mode } };
    const [inProcess, inDatabase] = [(await open(corpusDir, false, settings)).value, (await open(corpusDir, true, settings)).value];
    figures[`${mode}QuestionLatency`] = { hnswlibInProcess: await latency(inProcess, questions), pgvector: await latency(inDatabase, questions), questions: questions.length };
    await inProcess.close();
    await inDatabase.close();
  }

  if (oneByOne) {
    // A second corpus of the same vector length: its rows go into the existing HNSW index one at a time.
    const otherCorpus = path.join(scratch, 'other');
    await generateSyntheticCorpus({ sourceDir: BENCH_PATHS.arcdCorpus, targetDir: otherCorpus, passages });
    const other = await open(otherCorpus, true);
    figures.postgresSaveIntoExistingHnswS = seconds(other.value.openReport.timings.writing ?? 0);
    await other.value.close();
  }
  const { rows } = await client.query<{ passages: string; postings: string }>(
    `SELECT pg_size_pretty(pg_total_relation_size('passages')) AS passages, pg_size_pretty(pg_total_relation_size('postings')) AS postings`,
  );
  figures.tableSizes = rows[0];

  if (rssSize > 0) {
    console.log(JSON.stringify(figures));
    // bench/scale.ts in a fresh process per store: the first run builds the index, the second loads it.
    // In a database of its own, so its first save builds the HNSW index over all its rows.
    await admin.query(`CREATE DATABASE ${scratchName}_rss`);
    const rss: Record<string, unknown> = {};
    for (const store of ['local', 'postgres'] as const) {
      if (store === 'postgres') process.env.DATABASE_URL = Object.assign(new URL(serverUrl), { pathname: `/${scratchName}_rss` }).toString();
      else delete process.env.DATABASE_URL;
      await runStageProcess('scale-loaded', rssSize);
      const loaded = await runStageProcess('scale-loaded', rssSize);
      rss[store] = { passages: loaded.passages, index: loaded.index, openS: seconds(Number(loaded.build_ms)), rssMb: Math.round(Number(loaded.rss_mb)), settledRssMb: Math.round(Number(loaded.settled_rss_mb)), queryP50Ms: Number(Number(loaded.query_p50_ms).toFixed(1)), queryP95Ms: Number(Number(loaded.query_p95_ms).toFixed(1)) };
    }
    process.env.DATABASE_URL = serverUrl;
    figures.loadedProcess = rss;
  }
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await client.end().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`).catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${scratchName}_rss WITH (FORCE)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
}

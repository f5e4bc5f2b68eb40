/**
 * The alternative to fetching a question's postings: BM25 scored inside PostgreSQL, over a
 * table of one row per (term, passage) with the term's frequency and the passage's length, and a
 * top-k query that returns only the best passages. Built once per database (about 40 bytes a
 * posting, plus its index), beside the store's own tables, by bench/postgres-scale.ts --sql-bm25.
 * The scores are BM25 as src/index/bm25.ts computes it (the idf computed here and sent along),
 * summed in whatever order PostgreSQL's aggregate takes, so ties at the last digit may order
 * differently; the result counts how many top lists are the in-process index's.
 */
import type pg from 'pg';
import { bm25Idf } from '../src/index/bm25.ts';
import type { LexicalIndex } from '../src/index/lexical-index.ts';
import { percentile } from '../src/util/statistics.ts';
import { yieldServerProcess } from './postgres-scale-corpus.ts';
import { defaultSettings } from '../src/settings.ts';

/** Postings per INSERT: three integer arrays of about 10 MB of text. */
const BATCH = 1_000_000;

export interface SqlBm25Options {
  client: pg.Client;
  databaseUrl: string;
  lexical: LexicalIndex;
  queries: string[][];
  limit: number;
  log: (message: string) => void;
}

export async function sqlBm25(options: SqlBm25Options): Promise<object> {
  const { client, lexical, queries, limit, log } = options;
  const termIds = new Map<string, number>();
  const documentFrequency = new Map<string, number>();
  let postings = 0;
  for (const [term, docs] of lexical.postingLists()) {
    termIds.set(term, termIds.size);
    documentFrequency.set(term, docs.length);
    postings += docs.length;
  }
  const built = await client.query<{ count: string }>(`SELECT count(*) FROM pg_class WHERE relname = 'bench_bm25_rows_term'`);
  let buildS: number | null = null;
  if (built.rows[0]!.count === '0' || (await client.query<{ rows: string }>('SELECT reltuples::bigint AS rows FROM pg_class WHERE relname = $1', ['bench_bm25_rows'])).rows[0]?.rows !== String(postings)) {
    log(`building bench_bm25_rows: ${postings} rows`);
    const stopYielding = await yieldServerProcess(client, options.databaseUrl);
    const start = performance.now();
    try {
      await client.query('DROP TABLE IF EXISTS bench_bm25_rows');
      await client.query('CREATE TABLE bench_bm25_rows (term_id integer NOT NULL, doc integer NOT NULL, tf smallint NOT NULL, length smallint NOT NULL)');
      const lengths = lexical.lengths;
      let terms: number[] = [];
      let docs: number[] = [];
      let tfs: number[] = [];
      const flush = async () => {
        await client.query('INSERT INTO bench_bm25_rows SELECT t, d, f, l FROM unnest($1::integer[], $2::integer[], $3::smallint[], $4::smallint[]) AS u(t, d, f, l)', [
          terms,
          docs,
          tfs,
          docs.map((doc) => Math.min(32767, lengths[doc]!)),
        ]);
        terms = [];
        docs = [];
        tfs = [];
      };
      for (const [term, termDocs, termTfs] of lexical.postingLists()) {
        const id = termIds.get(term)!;
        for (let i = 0; i < termDocs.length; i++) {
          terms.push(id);
          docs.push(termDocs[i]!);
          tfs.push(Math.min(32767, termTfs[i]!));
          if (docs.length === BATCH) await flush();
        }
      }
      if (docs.length > 0) await flush();
      await client.query('CREATE INDEX bench_bm25_rows_term ON bench_bm25_rows (term_id) INCLUDE (doc, tf, length)');
      // The visibility map, so that the query reads the index only.
      await client.query('VACUUM ANALYZE bench_bm25_rows');
    } finally {
      stopYielding();
    }
    buildS = Number(((performance.now() - start) / 1000).toFixed(0));
    log(`bench_bm25_rows built in ${buildS} s`);
  }
  const { k1, b } = lexical.params;
  let total = 0;
  for (const length of lexical.lengths) total += length;
  const averageLength = Math.max(1, total / lexical.documentCount);
  const ask = (terms: string[]) => {
    const known = terms.filter((term) => termIds.has(term));
    return client.query<{ doc: number; score: number }>(
      `SELECT doc, sum(q.idf * ((tf * ($3::float8 + 1)) / (tf + $3::float8 * (1 - $4::float8 + $4::float8 * (length / $5::float8))))) AS score
       FROM bench_bm25_rows r JOIN unnest($1::integer[], $2::float8[]) AS q(term_id, idf) USING (term_id)
       GROUP BY doc ORDER BY score DESC, doc LIMIT $6`,
      [known.map((term) => termIds.get(term)!), known.map((term) => bm25Idf(lexical.documentCount, documentFrequency.get(term)!)), k1, b, averageLength, limit],
    );
  };
  for (const terms of queries.slice(0, 10)) await ask(terms);
  const samples: number[] = [];
  let same = 0;
  for (const terms of queries) {
    const start = performance.now();
    const { rows } = await ask(terms);
    samples.push(performance.now() - start);
    const inProcess = lexical.search(terms.map((term) => ({ alternatives: [[term]] })), limit, defaultSettings.bm25).map((hit) => hit.doc);
    if (JSON.stringify(rows.map((row) => row.doc)) === JSON.stringify(inProcess)) same++;
  }
  const sizes = await client.query<{ table_mb: string; index_mb: string }>(
    `SELECT round(pg_relation_size('bench_bm25_rows') / 1048576.0) AS table_mb, round(pg_relation_size('bench_bm25_rows_term') / 1048576.0) AS index_mb`,
  );
  const round = (value: number) => Number(value.toFixed(2));
  return {
    what: 'BM25 in SQL: one row per (term, passage, tf, length), index (term) INCLUDE (doc, tf, length), GROUP BY passage, top k',
    rows: postings,
    build_s: buildS,
    disk_mb: { table: Number(sizes.rows[0]!.table_mb), index: Number(sizes.rows[0]!.index_mb) },
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
    same_top_as_in_process: `${same}/${queries.length}`,
  };
}

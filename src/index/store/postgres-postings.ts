import type { TermPostings } from '../lexical-index.ts';
import type { PostingsSource } from '../corpus-index.ts';
import { PostingsUnavailableError, StaleIndexError } from '../question-postings.ts';
import type { QuestionPools } from './question-pools.ts';

/**
 * A term's postings as the `postings` table keeps them (migration 3): `docs` the documents as
 * 4-byte and `tfs` the frequencies as 2-byte unsigned integers, both big-endian (network order,
 * as PostgreSQL's own int4send writes them, so the migration could convert the earlier integer
 * arrays in SQL), each list as base64 text. Read per question and decoded natively: no numbers
 * to parse, a copy and a byte swap per list.
 */
export function encodePostings(docs: Int32Array, tfs: Uint16Array): { docs: string; tfs: string } {
  const docBytes = Buffer.from(new Uint8Array(docs.buffer, docs.byteOffset, docs.byteLength));
  const tfBytes = Buffer.from(new Uint8Array(tfs.buffer, tfs.byteOffset, tfs.byteLength));
  return { docs: toBigEndian(docBytes, 4).toString('base64'), tfs: toBigEndian(tfBytes, 2).toString('base64') };
}

export function decodePostings(docsBase64: string, tfsBase64: string): TermPostings {
  const docs = Buffer.from(docsBase64, 'base64');
  const tfs = Buffer.from(tfsBase64, 'base64');
  if (docs.length % 4 !== 0 || tfs.length * 2 !== docs.length) throw new Error(`postings of ${docs.length} and ${tfs.length} bytes do not pair up`);
  const docArray = new Int32Array(docs.length / 4);
  const tfArray = new Uint16Array(tfs.length / 2);
  // Copied into aligned arrays (a Buffer may start anywhere), then brought to this machine's order.
  const docView = Buffer.from(docArray.buffer);
  docView.set(docs);
  const tfView = Buffer.from(tfArray.buffer);
  tfView.set(tfs);
  fromBigEndian(docView, 4);
  fromBigEndian(tfView, 2);
  return { docs: docArray, tfs: tfArray };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Swaps in place on a little-endian machine (the copy is the caller's). */
function toBigEndian(bytes: Buffer, size: 2 | 4): Buffer {
  if (LITTLE_ENDIAN) size === 4 ? bytes.swap32() : bytes.swap16();
  return bytes;
}

const fromBigEndian = toBigEndian;

interface PostingsRow {
  generation: string;
  term: string | null;
  docs: string | null;
  tfs: string | null;
}

/**
 * The postings of one corpus index in PostgreSQL, fetched per question: one statement reads the
 * question's rows and the generation of the index they belong to (one snapshot for both), so
 * postings are never scored against another generation's passages (see QuestionPools).
 */
export class PostgresPostings implements PostingsSource {
  constructor(
    private readonly pools: QuestionPools,
    private readonly indexKey: string,
    private readonly generation: number,
  ) {}

  async fetch(terms: readonly string[]): Promise<Map<string, TermPostings>> {
    try {
      return await this.pools.read(this.indexKey, this.generation, async (pool) => {
        const { rows } = await pool.query<PostingsRow>(
          `SELECT c.generation::text AS generation, p.term, p.docs, p.tfs
           FROM corpus_indexes c LEFT JOIN postings p ON p.index_key = c.index_key AND p.term = ANY($2::text[])
           WHERE c.index_key = $1`,
          [this.indexKey, terms],
        );
        const found = new Map<string, TermPostings>();
        for (const row of rows) if (row.term !== null) found.set(row.term, decodePostings(row.docs!, row.tfs!));
        return { value: found, generation: rows[0] ? Number(rows[0].generation) : null };
      });
    } catch (error) {
      if (error instanceof StaleIndexError || !isDatabaseError(error)) throw error;
      throw new PostingsUnavailableError(`the postings could not be read (${(error as Error).message})`, { cause: error });
    }
  }
}

/** An error of the database or of reaching it (not of this program): it has a SQLSTATE or a system error code. */
function isDatabaseError(error: unknown): boolean {
  return error instanceof Error && ('code' in error || /connect|terminat|timeout/i.test(error.message));
}

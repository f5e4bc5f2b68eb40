import path from 'node:path';
import type { ArticleMetadata } from '../corpus/front-matter.ts';
import type { Passage } from '../corpus/passages.ts';
import { LexicalIndex, type QueryConcept, type SerializedLexicalIndex } from './lexical-index.ts';
import type { PostingsSource } from './question-postings.ts';
import { INDEX_FILES, readIndexFile, recoverIndexFolder, sha256, sha256OfFile } from './index-files.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import type { HnswSettings } from '../settings.ts';
import type { DenseRetriever } from './dense-retriever.ts';
import { VectorIndex } from './vector-index.ts';
import { readPassagesFile } from './passages-file.ts';
import { parseLexicalFile } from './lexical-file.ts';

/** passages.jsonl (src/index/passages-file.ts): the passages verbatim, plus what was learned about them at build time. */
export interface StoredPassages {
  passages: Passage[];
  /** Near-duplicate groups, as passage positions. */
  groups: number[][];
  /** file -> headline */
  titles: Record<string, string>;
  /** file -> where a saved article came from (url, outlet, dates); only files with a front matter. */
  articles?: Record<string, ArticleMetadata>;
  /** Normalised surface tokens and their counts: lets names in questions be matched fuzzily. */
  vocabulary: [string, number][];
  /** Adjacent short-word pairs and their counts (names written as two words). */
  bigrams: [string, number][];
}

/** A loaded index: everything a question needs, held in memory and replaced whole on reindex. */
export interface CorpusIndex {
  dir: string;
  manifest: Manifest;
  passages: Passage[];
  titles: Record<string, string>;
  /** file -> where a saved article came from, for citations. */
  articles: Record<string, ArticleMetadata>;
  /** passage position -> the other members of its near-duplicate group */
  duplicatesOf: Map<number, number[]>;
  vocabulary: Map<string, number>;
  bigrams: Map<string, number>;
  lexical: LexicalIndex;
  /** Dense search: an in-process graph (local store) or PostgreSQL's; absent for a lexical-only index. */
  vectors: DenseRetriever | null;
  /**
   * Present when the postings stay in the database (PostgreSQL): `lexical` then knows every term
   * and passage length but holds no postings, and a question is scored over a view of the index
   * holding its own terms' postings (questionView in src/index/question-postings.ts).
   */
  postingsSource?: PostingsSource;
  /** In a question's view: fetches the postings of these concepts' terms into `lexical` before they are scored. */
  fetchPostings?: (concepts: readonly QueryConcept[]) => Promise<void>;
}

export type IndexLoadResult =
  | { ok: true; index: CorpusIndex }
  | { ok: false; problem: 'missing' | 'corrupt' | 'outdated'; message: string };

export function duplicatesByPassage(groups: number[][]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const group of groups) for (const member of group) map.set(member, group.filter((other) => other !== member));
  return map;
}

/** Opens the index in `dir`, verifying every file against the manifest's checksums. */
export async function loadCorpusIndex(dir: string, vectorParams: HnswSettings): Promise<IndexLoadResult> {
  await recoverIndexFolder(dir);
  let manifest: Manifest;
  try {
    manifest = JSON.parse((await readIndexFile(dir, INDEX_FILES.manifest)).toString('utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: 'missing', message: `no index in ${dir} yet` };
    return { ok: false, problem: 'corrupt', message: `the index manifest in ${dir} is unreadable (${(error as Error).message})` };
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    return { ok: false, problem: 'outdated', message: `the index in ${dir} has format version ${manifest.formatVersion}; this version reads ${INDEX_FORMAT_VERSION}` };
  }
  try {
    // Passages first, streamed and checked on the way (the largest file: never held whole).
    const read = await readStoredPassages(dir, manifest.checksums);
    if (!read.ok) return { ok: false, problem: 'corrupt', message: read.message };
    const { stored } = read;
    // The other files are checked whole before any is parsed (hnswlib reads the vectors from the
    // file itself: they are only checked here, streamed, never held twice).
    const contents = new Map<string, Buffer>();
    for (const [file, expected] of Object.entries(manifest.checksums)) {
      if (file === INDEX_FILES.passages || file === INDEX_FILES.legacyPassages) continue;
      const bytes = file === INDEX_FILES.vectors ? null : await readIndexFile(dir, file);
      const actual = bytes ? sha256(bytes) : await sha256OfFile(path.join(dir, file));
      if (actual !== expected) return corruptFile(dir, file);
      if (bytes) contents.set(file, bytes);
    }
    const lexicalBytes = contents.get(INDEX_FILES.lexical);
    const legacyLexical = contents.get(INDEX_FILES.legacyLexical);
    contents.clear();
    if (!lexicalBytes && !legacyLexical) return { ok: false, problem: 'corrupt', message: `the index manifest in ${dir} lists no lexical index file` };
    const lexical = lexicalBytes ? parseLexicalFile(lexicalBytes) : LexicalIndex.fromJSON(JSON.parse(legacyLexical!.toString('utf8')) as SerializedLexicalIndex);
    const vectors = manifest.model && INDEX_FILES.vectors in manifest.checksums
      ? VectorIndex.load(path.join(dir, INDEX_FILES.vectors), manifest.model.dimension, vectorParams, stored.passages)
      : null;
    return {
      ok: true,
      index: {
        dir,
        manifest,
        passages: stored.passages,
        titles: stored.titles,
        articles: stored.articles ?? {},
        duplicatesOf: duplicatesByPassage(stored.groups),
        vocabulary: new Map(stored.vocabulary),
        bigrams: new Map(stored.bigrams),
        lexical,
        vectors,
      },
    };
  } catch (error) {
    return { ok: false, problem: 'corrupt', message: `the index in ${dir} could not be read (${(error as Error).message})` };
  }
}

function corruptFile(dir: string, file: string): { ok: false; problem: 'corrupt'; message: string } {
  return { ok: false, problem: 'corrupt', message: `index file ${path.join(dir, file)} does not match its checksum (truncated or altered)` };
}

/** The passages, from passages.jsonl or, in an index saved before it, passages.json. */
async function readStoredPassages(dir: string, checksums: Record<string, string>): Promise<{ ok: true; stored: StoredPassages } | { ok: false; message: string }> {
  const file = INDEX_FILES.passages in checksums ? INDEX_FILES.passages : INDEX_FILES.legacyPassages;
  const expected = checksums[file];
  if (expected === undefined) return { ok: false, message: `the index manifest in ${dir} lists no passages file` };
  if (file === INDEX_FILES.passages) {
    const read = await readPassagesFile(path.join(dir, file)).catch(async (error: Error) => {
      // A truncated file usually ends in half a line: say so by its checksum, not by the parse error.
      if ((await sha256OfFile(path.join(dir, file))) !== expected) return null;
      throw error;
    });
    return read?.sha256 === expected ? { ok: true, stored: read.stored } : corruptFile(dir, file);
  }
  const bytes = await readIndexFile(dir, file);
  return sha256(bytes) === expected ? { ok: true, stored: JSON.parse(bytes.toString('utf8')) as StoredPassages } : corruptFile(dir, file);
}

import path from 'node:path';
import type { ArticleMetadata } from '../corpus/front-matter.ts';
import type { Passage } from '../corpus/passages.ts';
import { LexicalIndex, type SerializedLexicalIndex } from './lexical-index.ts';
import { INDEX_FILES, readIndexFile, recoverIndexFolder, sha256, sha256OfFile } from './index-files.ts';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.ts';
import type { HnswSettings } from '../settings.ts';
import type { DenseRetriever } from './dense-retriever.ts';
import { VectorIndex } from './vector-index.ts';

/** passages.json: the passages verbatim, plus what was learned about them at build time. */
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
export async function loadCorpusIndex(dir: string, vectorParams?: HnswSettings): Promise<IndexLoadResult> {
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
    const contents = new Map<string, Buffer>();
    for (const [file, expected] of Object.entries(manifest.checksums)) {
      // hnswlib reads the vectors from the file itself: they are only checked here, streamed, never held twice.
      const bytes = file === INDEX_FILES.vectors ? null : await readIndexFile(dir, file);
      const actual = bytes ? sha256(bytes) : await sha256OfFile(path.join(dir, file));
      if (actual !== expected) {
        return { ok: false, problem: 'corrupt', message: `index file ${path.join(dir, file)} does not match its checksum (truncated or altered)` };
      }
      if (bytes) contents.set(file, bytes);
    }
    // Each file's bytes are let go as soon as parsed: loading holds one file's text at a time.
    const parse = <T>(file: string): T => {
      const text = contents.get(file)!.toString('utf8');
      contents.delete(file);
      return JSON.parse(text) as T;
    };
    const stored = parse<StoredPassages>(INDEX_FILES.passages);
    const lexical = LexicalIndex.fromJSON(parse<SerializedLexicalIndex>(INDEX_FILES.lexical));
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

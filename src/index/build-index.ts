import { groupNearDuplicateIds } from '../corpus/near-duplicates.ts';
import { splitIntoPassages, type DocumentPassages, type Passage } from '../corpus/passages.ts';
import { FolderSource, type DocumentSnapshot, type DocumentSource } from '../corpus/document-source.ts';
import type { SkippedFile } from '../corpus/read-corpus.ts';
import type { ImportReport } from '../db/database-articles.ts';
import type { Embedder } from '../embed/embedder.ts';
import { modelFile, type Settings } from '../settings.ts';
import { normalizeText, tokenize } from '../text/normalize.ts';
import { termsOfTokens } from '../text/terms.ts';
import { assembleCorpusIndex, type CorpusIndex, type StoredPassages } from './corpus-index.ts';
import { LexicalIndex } from './lexical-index.ts';
import { ANALYSIS_VERSION, INDEX_FORMAT_VERSION, type IndexedFile, type ModelRecord } from './manifest.ts';
import { planRebuild } from './rebuild-plan.ts';
import { computeRelevanceNull, referenceVectors } from './relevance-null.ts';
import { LocalIndexStore } from './store/local-index-store.ts';
import type { IndexContent, IndexStore, SavedIndex } from './store/index-store.ts';
import { VectorIndex } from './vector-index.ts';
import { StageClock } from '../util/stage-clock.ts';

export type BuildProgress =
  | { stage: 'reading' }
  | { stage: 'embedding'; done: number; total: number }
  | { stage: 'writing' };

/** Where a build spends its time, in order. */
export type BuildStage = 'reading' | 'splitting' | 'lexical' | 'nearDuplicates' | 'embedding' | 'graph' | 'writing';

export interface BuildOptions {
  /** The corpus folder, read when no `source` is given. */
  corpusDir?: string;
  /** Where the articles are read. @default a FolderSource over corpusDir */
  source?: DocumentSource;
  indexDir: string;
  /** Null: lexical-only (no model could be loaded). */
  embedder: Embedder | null;
  /** The index currently in use, whose vectors can be reused. */
  previous: CorpusIndex | null;
  /** Where the index is saved. @default a LocalIndexStore in indexDir */
  store?: IndexStore;
  /** As resolved by Engine.open; recorded verbatim in the manifest. */
  settings: Settings;
  onProgress?: (progress: BuildProgress) => void;
}

export interface BuildReport {
  /** Nothing changed: the previous index was kept as it is. */
  upToDate: boolean;
  /** What changed since the previous index was built, naming each setting, when anything did. */
  rebuildReason?: string;
  /**
   * The new index could not be saved (disk full, read-only folder, database down). `index` still
   * holds it, in memory, and whatever was saved before is untouched.
   */
  saveError?: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  skipped: SkippedFile[];
  /** Wall-clock ms per build stage, as its StageClock took them (`npm run bench` reads them); only `reading` when the index was up to date. */
  timings: Partial<Record<BuildStage, number>>;
  /** The process's RSS in MiB at the end of each stage: where a build's memory goes. */
  rssAfter: Partial<Record<BuildStage, number>>;
  /** The JS heap in use (MiB, garbage included) at the end of each stage. */
  heapAfter: Partial<Record<BuildStage, number>>;
  passages: number;
  /** Passages sent through the model in this build. */
  embedded: number;
  /** Passages whose vectors came from the previous index. */
  reused: number;
  dense: boolean;
  index: CorpusIndex;
  /** With the database: what uploading the corpus folder did before the build (its skipped files are in `skipped` too). */
  imported?: ImportReport;
}

/**
 * Builds (or updates) the index of a corpus (a folder, or its articles in the database). Only
 * passages whose text the previous index did not hold are embedded; an unchanged corpus is not
 * rewritten at all. Each stage below is timed by a StageClock: the report carries its record.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const { settings } = options;
  const clock = new StageClock<BuildStage>();
  options.onProgress?.({ stage: 'reading' });
  const source = documentSourceOf(options);
  const snapshot = await clock.time('reading', () => source.read());
  const model = modelRecordOf(options.embedder, settings);
  const changes = compareWithPrevious(snapshot, options.previous, settings, model);
  const store: IndexStore = options.store ?? new LocalIndexStore(options.indexDir);
  const { previous } = changes;
  if (previous && changes.upToDate) {
    // Articles saved again unchanged (an import of the same files) move the version only.
    if (snapshot.version !== null) await store.recordArticlesVersion?.(snapshot.version);
    return { upToDate: true, ...changes.files, skipped: snapshot.skipped, ...clockRecord(clock), passages: previous.passages.length, embedded: 0, reused: 0, dense: previous.vectors !== null, index: previous };
  }

  const split = await clock.time('splitting', () => splitIntoPassages(snapshot.documents, settings.passages));
  const passages = split.flatMap((doc) => doc.passages);
  const words = await clock.time('lexical', () => analyseWords(passages, settings));
  const groups = await clock.time('nearDuplicates', () => groupNearDuplicateIds(words.idLists, words.vocabulary.length, settings.nearDuplicates));
  // Vectors are kept by passage text, so re-split passages reuse them; another model's are never reused.
  const reusable = changes.plan?.reembed ? null : previous;
  const { vectors, embedded, reused } = await clock.time('embedding', (): Promise<EmbeddedPassages> | EmbeddedPassages =>
    model ? embedPassages(passages, options.embedder!, reusable, options.onProgress) : { vectors: null, embedded: 0, reused: 0 },
  );
  options.onProgress?.({ stage: 'writing' });
  // A store that searches vectors itself (PostgreSQL) gets no graph: it takes the vectors it lacks.
  const graph = await clock.time('graph', async () =>
    vectors && !store.searchesVectors ? VectorIndex.build(await vectors.of(passages.map((_, doc) => doc)), model!.dimension, settings.hnsw, passages) : null,
  );
  const stored: StoredPassages = {
    passages,
    groups,
    titles: Object.fromEntries(split.filter((doc) => doc.title).map((doc) => [doc.file, doc.title!])),
    articles: Object.fromEntries(snapshot.documents.filter((doc) => doc.metadata && Object.keys(doc.metadata).length > 0).map((doc) => [doc.file, doc.metadata!])),
    vocabulary: words.vocabulary,
    bigrams: words.bigrams,
  };
  const content: IndexContent = {
    stored,
    lexical: words.lexical,
    vectors: vectors ? { dimension: model!.dimension, of: vectors.of, graph } : null,
    relevanceNull: vectors
      ? async (search) => computeRelevanceNull(search, await referenceVectors(options.embedder!), settings.relevance.denseBackground)
      : null,
    articlesVersion: snapshot.version,
    manifest: manifestOf(source, snapshot, split, previous, settings, vectors ? model : null),
  };
  const saved = await clock.time('writing', () => saveIndex(store, content, graph));

  return {
    upToDate: false,
    saveError: saved.error,
    rebuildReason: changes.rebuildReason,
    ...changes.files,
    skipped: snapshot.skipped,
    ...clockRecord(clock),
    passages: passages.length,
    embedded,
    reused,
    dense: saved.vectors !== null,
    index: assembleCorpusIndex({ dir: store.location, manifest: saved.manifest, stored, lexical: saved.postings?.lexical ?? words.lexical, vectors: saved.vectors, postingsSource: saved.postings?.source }),
  };
}

function documentSourceOf(options: BuildOptions): DocumentSource {
  if (!options.source && options.corpusDir === undefined) throw new Error('buildIndex: give a corpus folder or a source');
  return options.source ?? new FolderSource(options.corpusDir!);
}

/** The model as the manifest records it, or null for a lexical-only build. */
function modelRecordOf(embedder: Embedder | null, settings: Settings): ModelRecord | null {
  return embedder
    ? {
        id: embedder.modelId,
        file: modelFile(settings.model),
        dimension: embedder.dimension,
        // An imported model gives vectors close to, not equal to, the downloaded one's.
        ...(embedder.derivedFrom ? { source: embedder.derivedFrom } : {}),
      }
    : null;
}

/** What changed since the previous index: files, settings and model, and whether anything must be built at all. */
function compareWithPrevious(snapshot: DocumentSnapshot, previousIndex: CorpusIndex | null, settings: Settings, model: ModelRecord | null) {
  const { documents, skipped } = snapshot;
  const plan = previousIndex ? planRebuild(previousIndex.manifest, settings, model) : null;
  const rebuildReason = plan?.reasons.length ? plan.reasons.join('; ') : undefined;
  /** The index this build starts from: none when the plan discards it. */
  const previous = plan?.discard ? null : previousIndex;
  const previousFiles = previous?.manifest.files ?? {};

  const added = documents.filter((doc) => !previousFiles[doc.file]).map((doc) => doc.file);
  const changed = documents.filter((doc) => previousFiles[doc.file] && previousFiles[doc.file]!.hash !== doc.hash).map((doc) => doc.file);
  const present = new Set(documents.map((doc) => doc.file));
  const removed = Object.keys(previousFiles).filter((file) => !present.has(file));
  const unchanged = documents.length - added.length - changed.length;
  // Without a model, saved vectors are kept as they are: they are still right for their model.
  const vectorsCurrent = !model || (previous?.manifest.model !== null && !plan?.reembed && !plan?.regraph);
  const corpusUnchanged = added.length === 0 && changed.length === 0 && removed.length === 0 && sameSkips(previous?.manifest.skipped ?? [], skipped);
  const upToDate = previous !== null && corpusUnchanged && vectorsCurrent && !plan?.reanalyse && !plan?.reference;
  return { plan, rebuildReason, previous, upToDate, files: { added, changed, removed, unchanged } };
}

/** The manifest of the new index, but for the checksums its store adds: a file unchanged since the previous index keeps its dates. */
function manifestOf(
  source: DocumentSource,
  snapshot: DocumentSnapshot,
  split: DocumentPassages[],
  previous: CorpusIndex | null,
  settings: Settings,
  model: ModelRecord | null,
): IndexContent['manifest'] {
  const previousFiles = previous?.manifest.files ?? {};
  const now = new Date().toISOString();
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    analysisVersion: ANALYSIS_VERSION,
    builtAt: now,
    corpusDir: source.location,
    model,
    settings,
    files: Object.fromEntries(
      split.map((doc, i): [string, IndexedFile] => {
        const document = snapshot.documents[i]!;
        const before = previousFiles[doc.file];
        const indexedAt = before?.hash === document.hash ? before.indexedAt : now;
        return [doc.file, { hash: document.hash, passages: doc.passages.length, indexedAt, firstIndexedAt: before?.firstIndexedAt ?? indexedAt }];
      }),
    ),
    skipped: snapshot.skipped,
    passageCount: split.reduce((count, doc) => count + doc.passages.length, 0),
  };
}

/**
 * Hands the index to its store. A failed save is a value: the index is still answered from, in
 * memory, and then only an in-process graph can search its new vectors (without one it is lexical-only).
 */
async function saveIndex(store: IndexStore, content: IndexContent, graph: VectorIndex | null): Promise<SavedIndex & { error?: string }> {
  return store.save(content).then(
    (saved) => saved,
    (error: Error) => ({
      manifest: { ...content.manifest, checksums: {} },
      vectors: graph,
      error: `could not save the index to ${store.location} (${error.message}); the index already saved there, if any, is unchanged`,
    }),
  );
}

function clockRecord(clock: StageClock<BuildStage>): Pick<BuildReport, 'timings' | 'rssAfter' | 'heapAfter'> {
  return { timings: clock.timings, rssAfter: clock.rssAfter, heapAfter: clock.heapAfter };
}

/**
 * What the build learns from the passages' words: the lexical index, the vocabulary (surface
 * tokens in order of first occurrence, with their counts), short-word bigrams, and each passage
 * as word ids for the near-duplicate grouping. Passages are tokenised one at a time, and only
 * their word ids (4 bytes a token) outlive the passage: token strings for every passage at once
 * were the largest thing a 100k-passage build allocated (and what made its heap grow for good).
 */
function analyseWords(passages: Passage[], settings: Settings) {
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const wordCounts: number[] = [];
  const idLists: Int32Array[] = new Array(passages.length);
  const bigrams = new Map<string, number>();
  const lexical = LexicalIndex.buildEach(
    passages.length,
    (doc) => {
      const tokens = tokenize(normalizeText(passages[doc]!.text));
      const ids = new Int32Array(tokens.length);
      tokens.forEach((token, i) => {
        let id = wordIds.get(token);
        if (id === undefined) {
          wordIds.set(token, (id = words.length));
          words.push(token);
          wordCounts.push(0);
        }
        wordCounts[id]!++;
        ids[i] = id;
      });
      idLists[doc] = ids;
      countShortWordBigrams(tokens, bigrams);
      return termsOfTokens(tokens);
    },
    settings.bm25,
  );
  const vocabulary = words.map((word, id): [string, number] => [word, wordCounts[id]!]);
  return { lexical, idLists, vocabulary, bigrams: [...bigrams] };
}

/** Passages sent to the embedder at a time (it batches them further itself). */
const EMBED_SLICE = 1024;

/** The vectors of a new index: those of new texts embedded now, the others taken from the previous index when asked for. */
interface BuildVectors {
  of(docs: readonly number[]): Promise<Float32Array[]>;
}

/** What the embedding stage leaves: no vectors at all for a lexical-only build. */
interface EmbeddedPassages {
  vectors: BuildVectors | null;
  /** Passages sent through the model. */
  embedded: number;
  /** Passages whose vectors the previous index held. */
  reused: number;
}

/**
 * Embeds the passages whose text the previous index did not hold. The vectors it did hold are
 * not fetched here: a store that keeps unchanged passages (PostgreSQL) never needs them.
 */
async function embedPassages(
  passages: Passage[],
  embedder: Embedder,
  previous: CorpusIndex | null,
  onProgress: BuildOptions['onProgress'],
): Promise<{ vectors: BuildVectors; embedded: number; reused: number }> {
  // text hash -> its position in the previous index
  const previousDoc = new Map<string, number>();
  const previousVectors = previous?.manifest.model ? previous.vectors : null;
  if (previousVectors) {
    previous!.passages.forEach((passage, doc) => {
      if (!previousDoc.has(passage.hash)) previousDoc.set(passage.hash, doc);
    });
  }
  // Equal texts (a line repeated in two files) are embedded once.
  const missing = [...new Set(passages.filter((p) => !previousDoc.has(p.hash)).map((p) => p.hash))];
  const textOf = new Map(passages.map((p) => [p.hash, p.text]));
  onProgress?.({ stage: 'embedding', done: 0, total: missing.length });
  // The new vectors are kept in one block, filled a slice of passages at a time: a hundred
  // thousand small arrays would stay behind as fragments of the allocator's memory (~170 MB of
  // RSS after a 100k build), where one large block is returned whole once the build is over.
  const { dimension } = embedder;
  const block = new Float32Array(missing.length * dimension);
  const fresh = new Map<string, Float32Array>();
  for (let from = 0; from < missing.length; from += EMBED_SLICE) {
    const slice = missing.slice(from, from + EMBED_SLICE);
    const vectors = await embedder.embedPassages(
      slice.map((hash) => textOf.get(hash)!),
      (done) => onProgress?.({ stage: 'embedding', done: from + done, total: missing.length }),
    );
    slice.forEach((hash, i) => {
      const at = (from + i) * dimension;
      block.set(vectors[i]!, at);
      fresh.set(hash, block.subarray(at, at + dimension));
    });
  }
  const reused = passages.filter((p) => !fresh.has(p.hash)).length;
  const of = async (docs: readonly number[]): Promise<Float32Array[]> => {
    const hashes = docs.map((doc) => passages[doc]!.hash);
    const kept = hashes.filter((hash) => !fresh.has(hash));
    const stored = kept.length > 0 ? await previousVectors!.storedVectors(kept.map((hash) => previousDoc.get(hash)!)) : [];
    const keptVector = new Map(kept.map((hash, i) => [hash, stored[i]]));
    return hashes.map((hash, i) => {
      const vector = fresh.get(hash) ?? keptVector.get(hash);
      // Only when another process replaced the previous index meanwhile: this build cannot be saved.
      if (!vector) throw new Error(`the vector of passage ${passages[docs[i]!]!.id} is no longer in the previous index; reindex again`);
      return vector;
    });
  };
  return { vectors: { of }, embedded: missing.length, reused };
}

/**
 * Adjacent pairs of short words ("جين بينغ"): one Latin name may be written as two Arabic
 * words, and the name matcher needs to know which pairs occur. Long words never form such
 * syllable pairs, and leaving them out keeps this list small on large corpora.
 */
const MAX_SYLLABLE_WORD = 5;
function countShortWordBigrams(tokens: string[], counts: Map<string, number>): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i]!, tokens[i + 1]!];
    if (a.length > MAX_SYLLABLE_WORD || b.length > MAX_SYLLABLE_WORD) continue;
    const pair = `${a} ${b}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
}

function sameSkips(a: SkippedFile[], b: SkippedFile[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

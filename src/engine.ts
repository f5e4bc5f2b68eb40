import { consola, type ConsolaInstance } from 'consola';
import type { Config } from './config.ts';
import type { ArticleMetadata } from './corpus/front-matter.ts';
import { indexDirFor } from './config.ts';
import type { Embedder } from './embed/embedder.ts';
import { buildIndex, type BuildProgress, type BuildReport } from './index/build-index.ts';
import type { CorpusIndex } from './index/corpus-index.ts';
import type { IndexStore } from './index/store/index-store.ts';
import { openIndexStore } from './index/store/open-index-store.ts';
import type { ModelRecord } from './index/manifest.ts';
import type { Answer } from './search/answer.ts';
import { answerQuestion, type QuestionOptions, type QuestionState } from './search/answer-question.ts';
import { buildLexicon } from './search/lexicon.ts';
import { quotesOf } from './search/speakers/answer-about-speaker.ts';
import { attributeQuotes, type SpeakerDirectory } from './search/speakers/attribution.ts';
import type { SpeakerQuotes } from './search/speakers/speaker-answer.ts';
import { listSpeakers } from './search/speakers/speaker-lookup.ts';
import { corpusOverview, describeOverview } from './search/overview.ts';
import { loadDictionary, type BilingualDictionary } from './text/dictionary.ts';
import { resolveSettings, type Settings, type SettingsOverrides } from './settings.ts';


/** The configured index database cannot be reached or prepared: the user must fix DATABASE_URL or the server. */
export class IndexStoreUnavailable extends Error {}

/** `k` and `file`, as documented on QuestionOptions (src/search/answer-question.ts). */
export type AskOptions = QuestionOptions;

export interface EngineOptions {
  config: Config;
  /** Changes to the default settings (src/settings.ts), on top of what the environment sets. */
  settings?: SettingsOverrides;
  /** Defaults to config.CORPUS_DIR. */
  corpusDir?: string;
  /** 'auto' loads the configured model; null runs lexical-only; an Embedder is used as given. */
  embedder?: 'auto' | Embedder | null;
  /** Ignore a fixture model's meaningless vectors when answering (evaluation). @default false */
  skipFixtureVectors?: boolean;
  logger?: ConsolaInstance;
  onBuildProgress?: (progress: BuildProgress) => void;
  onModelDownload?: (progress: { file: string; loaded: number; total: number }) => void;
}

export interface RetrievalInUse {
  mode: 'hybrid' | 'dense' | 'lexical-only';
  model: ModelRecord | null;
}

/** Stats for /sources and the CLI. */
export interface CorpusStats {
  corpusDir: string;
  builtAt: string;
  dense: boolean;
  model: string | null;
  passages: number;
  files: { file: string; title?: string; article?: ArticleMetadata; passages: number; indexedAt: string; firstIndexedAt: string }[];
  skipped: { file: string; reason: string }[];
}

/**
 * The one entry point for the bot, the CLI, benchmarks and tests: opens (or builds) the index
 * of a corpus folder and answers questions from it. A reindex builds a complete new index
 * and swaps it in, so questions keep being answered from the old one meanwhile.
 */
export class Engine {
  private state: QuestionState;
  private reindexing: Promise<BuildReport> | null = null;
  private reloading: Promise<void> | null = null;

  private constructor(
    private readonly options: EngineOptions & { corpusDir: string; indexDir: string; logger: ConsolaInstance; resolved: Settings },
    private readonly store: IndexStore,
    private readonly embedder: Embedder | null,
    private readonly dictionary: BilingualDictionary | null,
    index: CorpusIndex,
    /** What opening did to the index: built, updated, or found up to date. */
    readonly openReport: BuildReport,
  ) {
    this.state = this.stateFor(index);
  }

  private stateFor(index: CorpusIndex): QuestionState {
    // Attribution reads every sentence once: done on first need, then kept with its index.
    let speakers: SpeakerDirectory | undefined;
    let overview: string | undefined;
    let background: Promise<Float32Array[]> | undefined;
    const getSpeakers = () => (speakers ??= attributeQuotes(index.passages));
    const { resolved } = this.options;
    const embedder = this.queryEmbedderFor(index);
    return {
      index,
      lexicon: buildLexicon(index, this.dictionary, resolved.analysis),
      speakers: getSpeakers,
      overview: () => (overview ??= describeOverview(corpusOverview(index, getSpeakers(), resolved.overview))),
      settings: resolved,
      defaultK: this.options.config.ANSWER_PASSAGES,
      embedQuery: embedder ? (text) => embedder.embedQuery(text) : null,
      // Read once per index (from PostgreSQL, a query): a failed read is tried again by the next question.
      denseBackground: () =>
        (background ??= (index.vectors?.background(resolved.abstention.denseBackground) ?? Promise.resolve([])).catch((error: unknown) => {
          background = undefined;
          throw error;
        })),
      onDenseFailure: (error) =>
        this.options.logger.warn(`The search by meaning failed (${error.message}); this question was answered by word matching only.`),
    };
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const logger = options.logger ?? consola.withTag('engine');
    const corpusDir = options.corpusDir ?? options.config.CORPUS_DIR;
    const indexDir = indexDirFor(options.config, corpusDir);
    const settings = resolveSettings(options.config, options.settings);
    const embedder = await resolveEmbedder(options, settings, logger);
    const dictionary = resolveDictionary(options.config, logger);

    let store: IndexStore;
    try {
      store = await openIndexStore(indexDir, options.config.DATABASE_URL);
    } catch (error) {
      await embedder?.dispose();
      throw new IndexStoreUnavailable(`Could not open the index database (${(error as Error).message}). Check DATABASE_URL, or unset it to keep the index in local files.`);
    }
    const loaded = await store.load(settings.hnsw);
    if (!loaded.ok && loaded.problem !== 'missing') logger.warn(`${loaded.message}; rebuilding it.`);
    const report = await buildIndex({
      corpusDir,
      indexDir,
      store,
      embedder,
      previous: loaded.ok ? loaded.index : null,
      settings,
      onProgress: options.onBuildProgress,
    });
    if (report.rebuildReason) logger.info(`Rebuilt the index: ${report.rebuildReason}.`);
    if (report.saveError) logger.error(unsavedMessage(report));
    for (const skipped of report.skipped) logger.warn(`Skipped ${skipped.file}: ${skipped.reason}.`);
    return new Engine({ ...options, corpusDir, indexDir, logger, resolved: settings }, store, embedder, dictionary, report.index, report);
  }

  get corpusDir(): string {
    return this.options.corpusDir;
  }

  /** True when answers use the embedding model as well as words. */
  get dense(): boolean {
    return this.state.embedQuery !== null;
  }

  /** How questions are answered: which retrievers, and the model that made the vectors (when one is used). */
  get retrieval(): RetrievalInUse {
    const { settings, index } = this.state;
    if (!this.dense) return { mode: 'lexical-only', model: null };
    return { mode: settings.retrieval.mode === 'lexical' ? 'lexical-only' : settings.retrieval.mode, model: index.manifest.model };
  }

  /** Answers from the current state; a reindex meanwhile does not change what this question sees. */
  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    await this.loadNewerIndex();
    return answerQuestion(this.state, question, options);
  }

  /**
   * Another process (an indexer, another bot shard) may have saved a newer index in the shared
   * store: one cheap look per question (a single row in PostgreSQL), and a reload when it did.
   * If the store cannot be reached, questions go on being answered from the index in memory.
   * Public for front ends whose commands read the index without asking (/sources, /quote).
   */
  async loadNewerIndex(): Promise<void> {
    if (this.reindexing) return;
    this.reloading ??= (async () => {
      try {
        if (!(await this.store.hasNewer())) return;
        const loaded = await this.store.load(this.options.resolved.hnsw);
        if (!loaded.ok) {
          this.options.logger.warn(`A newer index was saved by another process but could not be loaded: ${loaded.message}. Answering from the one in memory.`);
          return;
        }
        this.state = this.stateFor(loaded.index);
        this.options.logger.info(`Loaded the index saved by another process (built ${loaded.index.manifest.builtAt}, ${loaded.index.passages.length} passages).`);
      } catch (error) {
        this.options.logger.warn(`Could not check ${this.store.location} for a newer index (${(error as Error).message}). Answering from the one in memory.`);
      }
    })().finally(() => {
      this.reloading = null;
    });
    await this.reloading;
  }

  /** Re-reads the corpus; embeds only what changed. Concurrent calls share one build. */
  async reindex(onProgress?: (progress: BuildProgress) => void): Promise<BuildReport> {
    this.reindexing ??= buildIndex({
      corpusDir: this.options.corpusDir,
      indexDir: this.options.indexDir,
      store: this.store,
      embedder: this.embedder,
      previous: this.state.index,
      settings: this.options.resolved,
      onProgress,
    })
      .then((report) => {
        if (report.saveError) this.options.logger.error(unsavedMessage(report));
        this.state = this.stateFor(report.index);
        return report;
      })
      .finally(() => {
        this.reindexing = null;
      });
    return this.reindexing;
  }

  /** The people quoted in the corpus, most quoted first (for /quote autocomplete). */
  speakers(): { name: string; quotes: number }[] {
    return listSpeakers(this.state.speakers());
  }

  /** Every quote of the speaker(s) a name refers to, grouped by nothing: corpus order. */
  quotes(name: string): SpeakerQuotes {
    return quotesOf(this.state, name);
  }

  stats(): CorpusStats {
    const { index } = this.state;
    return {
      corpusDir: this.options.corpusDir,
      builtAt: index.manifest.builtAt,
      dense: this.dense,
      model: index.manifest.model?.id ?? null,
      passages: index.passages.length,
      files: Object.entries(index.manifest.files).map(([file, info]) => ({
        file,
        title: index.titles[file],
        ...(index.articles[file] ? { article: index.articles[file] } : {}),
        passages: info.passages,
        indexedAt: info.indexedAt,
        firstIndexedAt: info.firstIndexedAt,
      })),
      skipped: index.manifest.skipped,
    };
  }

  /** The settings in force, as recorded in the index's manifest. */
  get settings(): Settings {
    return this.options.resolved;
  }

  /** The current index (read-only use: evaluation, benchmarks, attribution). */
  get index(): CorpusIndex {
    return this.state.index;
  }

  async close(): Promise<void> {
    await this.reindexing?.catch(() => undefined);
    await this.embedder?.dispose();
    await this.store.close();
  }

  /** The embedder, when it made this index's vectors and its vectors mean something here. */
  private queryEmbedderFor(index: CorpusIndex): Embedder | null {
    if (!this.embedder || !index.vectors || index.manifest.model?.id !== this.embedder.modelId) return null;
    if (this.embedder.isFixture && this.options.skipFixtureVectors) return null;
    return this.embedder;
  }
}

function unsavedMessage(report: BuildReport): string {
  // A store that searches vectors itself (PostgreSQL) cannot search those it did not save.
  const wordsOnly = report.index.manifest.model && !report.index.vectors ? ', by word matching only until it is saved' : '';
  return `Index not saved: ${report.saveError}. Answers come from the index built in memory${wordsOnly}.`;
}

async function resolveEmbedder(options: EngineOptions, settings: Settings, logger: ConsolaInstance): Promise<Embedder | null> {
  if (options.embedder === null) return null;
  if (options.embedder && options.embedder !== 'auto') return options.embedder;
  const { config } = options;
  // In a worker process: onnxruntime-node runs synchronously, so in-process embedding would stall
  // the event loop (and the bot's Discord heartbeats) for a whole reindex (npm run bench).
  const { loadWorkerEmbedder } = await import('./embed/worker-embedder.ts');
  const result = await loadWorkerEmbedder({
    modelId: settings.model.id,
    modelDir: config.MODEL_DIR,
    cacheDir: config.MODEL_CACHE_DIR,
    quantized: settings.model.quantized,
    batchSize: config.EMBED_BATCH_SIZE,
    allowDownload: config.ALLOW_MODEL_DOWNLOAD,
    onDownloadProgress: options.onModelDownload,
    ...(config.MODEL_IDLE_MINUTES > 0 ? { idleStopMs: config.MODEL_IDLE_MINUTES * 60_000 } : {}),
  });
  if (result.ok) {
    if (result.advice) logger.warn(`Embedding model: ${result.advice}.`);
    return result.embedder;
  }
  // One line, once per process: what is missing and the two ways to get it.
  logger.warn(`No embedding model (${result.reason}); answering lexical-only. To fix: ${result.fix}.`);
  return null;
}

function resolveDictionary(config: Config, logger: ConsolaInstance): BilingualDictionary | null {
  const result = loadDictionary(config.DICTIONARY_PATH);
  if (result.ok) return result.dictionary;
  logger.info(
    `No English->Arabic dictionary (${result.reason}); English questions match names and numbers only. Install the Debian package dict-freedict-eng-ara or set DICTIONARY_PATH.`,
  );
  return null;
}

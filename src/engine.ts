import path from 'node:path';
import { consola, type ConsolaInstance } from 'consola';
import type { Config } from './config.ts';
import type { ArticleMetadata } from './corpus/front-matter.ts';
import { corpusNameFor, indexDirFor } from './config.ts';
import { buildWith, openArticles, type BuildContext, type CorpusArticles } from './index/build-from-articles.ts';
import type { Embedder } from './embed/embedder.ts';
import type { BuildProgress, BuildReport } from './index/build-index.ts';
import type { CorpusIndex } from './index/corpus-index.ts';
import type { IndexStore } from './index/store/index-store.ts';
import { openIndexStore } from './index/store/open-index-store.ts';
import { PostingsUnavailableError, StaleIndexError } from './index/question-postings.ts';
import type { ModelRecord } from './index/manifest.ts';
import { CorpusEnglish, type EnglishResources } from './english/corpus-english.ts';
import type { ReverseDictionary } from './english/reverse-dictionary.ts';
import { openReverseDictionary } from './english/reverse-dictionary-cache.ts';
import { resolveTranslator } from './english/translation/resolve-translator.ts';
import type { Translator } from './english/translation/translator.ts';
import { loadWordList, type WordList } from './english/word-list.ts';
import type { Passage } from './corpus/passages.ts';
import { answerPassage, type Answer, type AnswerPassage, type NamedSpeaker } from './search/answer.ts';
import { MAX_QUESTION_LENGTH } from './search/question-check.ts';
import { type QuestionOptions, type QuestionState } from './search/answer-question.ts';
import { answerQuestionOver } from './search/answer-over-postings.ts';
import { buildLexicon } from './search/lexicon.ts';
import { quotesOf, type SpeakerQuotes } from './search/speakers/speaker-answer.ts';
import { attributeQuotes, type SpeakerDirectory } from './search/speakers/attribution.ts';
import { listSpeakers } from './search/speakers/speaker-lookup.ts';
import { corpusOverview, describeOverview } from './search/overview.ts';
import { loadDictionary, type BilingualDictionary } from './text/dictionary.ts';
import { MAX_PASSAGES, resolveSettings, type Settings, type SettingsOverrides } from './settings.ts';
import { UserError } from './util/user-error.ts';


/** The configured index database cannot be reached or prepared: the user must fix DATABASE_URL or the server. */
export class IndexStoreUnavailable extends UserError {}

/** `k` and `file`, as documented on QuestionOptions (src/search/answer-question.ts). */
export type AskOptions = QuestionOptions;

export interface EngineOptions {
  config: Config;
  /** Changes to the default settings (src/settings.ts), on top of what the environment sets. */
  settings?: SettingsOverrides;
  /** Defaults to config.CORPUS_DIR. */
  corpusDir?: string;
  /** Where the index is kept. @default indexDirFor(config, corpusDir): one folder per corpus folder under INDEX_DIR */
  indexDir?: string;
  /**
   * The corpus's name in PostgreSQL (with DATABASE_URL), where its articles and its index are
   * kept. @default the corpus folder's name (corpusNameFor): the same corpus on every machine
   */
  indexKey?: string;
  /**
   * With DATABASE_URL, when the corpus folder (if this machine has it) is uploaded into the
   * database, which is where the articles are read from: 'always' at open (npm run index), or
   * only when the corpus has no article yet ('if-empty', a first start). A reindex always
   * uploads it. @default 'if-empty'
   */
  upload?: 'always' | 'if-empty';
  /**
   * With DATABASE_URL, bring the index up to date in the background when a question finds that
   * another process saved articles without indexing them (it died in between): for a long-running
   * bot. @default false
   */
  catchUp?: boolean;
  /** 'auto' loads the configured model; null runs lexical-only; an Embedder is used as given. */
  embedder?: 'auto' | Embedder | null;
  /** Ignore a fixture model's meaningless vectors when answering (evaluation). @default false */
  skipFixtureVectors?: boolean;
  logger?: ConsolaInstance;
  onBuildProgress?: (progress: BuildProgress) => void;
  onModelDownload?: (progress: { file: string; loaded: number; total: number }) => void;
  /** A machine translation model for the English of quoted sentences; null or absent glosses them. */
  translator?: Translator | null;
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
  files: {
    file: string;
    title?: string;
    article?: ArticleMetadata;
    passages: number;
    indexedAt: string;
    firstIndexedAt: string;
    /** Added in the Discord server asking (its own articles), not part of the shared corpus. */
    addedHere?: boolean;
  }[];
  skipped: { file: string; reason: string }[];
}

/**
 * The one entry point for the bot, the CLI, benchmarks and tests: opens (or builds) the index
 * of a corpus folder and answers questions from it. A reindex builds a complete new index
 * and swaps it in, so questions keep being answered from the old one meanwhile.
 */
/** A question's state and the English of the same index: swapped together. */
type EngineState = QuestionState & { english: CorpusEnglish };

export class Engine {
  private state: EngineState;
  /** The build running or waiting (a reindex, or an update after articles were saved). */
  private building: { upload: boolean; promise: Promise<BuildReport> } | null = null;
  private catchingUp: Promise<void> | null = null;
  private reloading: Promise<void> | null = null;

  private constructor(
    private readonly options: EngineOptions & { corpusDir: string; indexDir: string; logger: ConsolaInstance; resolved: Settings; ownsModels: boolean },
    private readonly store: IndexStore,
    private readonly articles: CorpusArticles,
    private readonly embedder: Embedder | null,
    private readonly dictionary: BilingualDictionary | null,
    private readonly englishResources: EnglishResources,
    index: CorpusIndex,
    /** What opening did to the index: built, updated, or found up to date. */
    readonly openReport: BuildReport,
  ) {
    this.state = this.stateFor(index);
  }

  private stateFor(index: CorpusIndex): EngineState {
    // Attribution reads every sentence once: done on first need, then kept with its index.
    let speakers: SpeakerDirectory | undefined;
    let overview: string | undefined;
    let background: Promise<Float32Array[]> | undefined;
    const getSpeakers = () => (speakers ??= attributeQuotes(index.passages));
    const { resolved } = this.options;
    const embedder = this.queryEmbedderFor(index);
    const english = new CorpusEnglish(index, getSpeakers, this.englishResources);
    const describeWord = (word: string) => {
      const gloss = english.gloss(word);
      return gloss === word ? word : `${gloss} (${word})`;
    };
    return {
      index,
      english,
      lexicon: buildLexicon(index, this.dictionary, resolved.analysis),
      speakers: getSpeakers,
      describeName: (name) => english.describe(name),
      latinName: (name) => english.latin(name),
      overview: () => (overview ??= describeOverview(corpusOverview(index, getSpeakers(), resolved.overview), { name: (name) => english.describe(name), word: describeWord })),
      settings: resolved,
      defaultK: this.options.config.ANSWER_PASSAGES,
      embedQuery: embedder ? (text) => embedder.embedQuery(text) : null,
      // Read once per index (from PostgreSQL, a query): a failed read is tried again by the next question.
      denseBackground: () =>
        (background ??= (index.vectors?.background(resolved.relevance.denseBackground) ?? Promise.resolve([])).catch((error: unknown) => {
          background = undefined;
          throw error;
        })),
      onDenseFailure: (error) =>
        this.options.logger.warn(`The search by meaning failed (${error.message}); this question was answered by word matching only.`),
    };
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const logger = options.logger ?? consola.withTag('engine');
    const settings = resolveSettings(options.config, options.settings);
    const embedder = await resolveEmbedder(options, settings, logger);
    const dictionary = resolveDictionary(options.config, logger);
    // The translation model loads in the background (its own process): questions are glossed
    // meanwhile only if they come before it is ready; the first English asked for waits for it.
    const translator = options.translator !== undefined ? Promise.resolve(options.translator) : resolveTranslator(options.config, logger).catch((error: unknown) => {
      logger.error('Could not start machine translation:', error);
      return null;
    });
    const english = resolveEnglish(options.config, dictionary, () => translator, logger);
    return Engine.openWith(options, { embedder, dictionary, english, ownsModels: true, settings, logger });
  }

  /**
   * Another corpus beside this one (a Discord server's own articles), with its own index and
   * statistics but this engine's model worker, dictionary and settings: nothing is loaded twice.
   * Closing it leaves the shared model running (this engine owns it).
   */
  async openBeside(options: Pick<EngineOptions, 'corpusDir' | 'indexDir' | 'indexKey' | 'logger'> & { corpusDir: string }): Promise<Engine> {
    const base = this.options;
    return Engine.openWith(
      { config: base.config, settings: base.settings, skipFixtureVectors: base.skipFixtureVectors, catchUp: base.catchUp, ...options },
      { embedder: this.embedder, dictionary: this.dictionary, english: this.englishResources, ownsModels: false, settings: base.resolved, logger: options.logger ?? base.logger },
    );
  }

  private static async openWith(
    options: EngineOptions,
    shared: { embedder: Embedder | null; dictionary: BilingualDictionary | null; english: EnglishResources; ownsModels: boolean; settings: Settings; logger: ConsolaInstance },
  ): Promise<Engine> {
    const { embedder, dictionary, english, settings, logger } = shared;
    const corpusDir = options.corpusDir ?? options.config.CORPUS_DIR;
    const indexDir = options.indexDir ?? indexDirFor(options.config, corpusDir);
    const { DATABASE_URL: databaseUrl, DATABASE_READ_URL: readUrl } = options.config;
    let store: IndexStore;
    let articles: CorpusArticles;
    try {
      const corpus = options.indexKey ?? corpusNameFor(corpusDir);
      // A corpus named after its folder adopts the index this folder had under its path's key.
      const legacyIndexKey = options.indexKey === undefined ? path.basename(indexDir) : undefined;
      store = await openIndexStore(indexDir, databaseUrl, { corpus, legacyIndexKey, readUrl });
      articles = await openArticles(corpusDir, databaseUrl, corpus, legacyIndexKey).catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
    } catch (error) {
      if (shared.ownsModels) {
        await embedder?.dispose();
        await (await english.translator())?.dispose();
      }
      throw new IndexStoreUnavailable(`Could not open the index database (${(error as Error).message}). Check DATABASE_URL (and DATABASE_READ_URL), or unset it to keep the index in local files.`);
    }
    const loaded = await store.load(settings.hnsw);
    if (!loaded.ok && loaded.problem !== 'missing') logger.warn(`${loaded.message}; rebuilding it.`);
    const context: BuildContext = { store, articles, embedder, settings, indexDir, corpusDir, logger, onProgress: options.onBuildProgress };
    const report = await buildWith(context, loaded.ok ? loaded.index : null, options.upload ?? 'if-empty');
    if (report.rebuildReason) logger.info(`Rebuilt the index: ${report.rebuildReason}.`);
    if (report.saveError) logger.error(unsavedMessage(report));
    for (const skipped of report.skipped) logger.warn(`Skipped ${skipped.file}: ${skipped.reason}.`);
    return new Engine({ ...options, corpusDir, indexDir, logger, resolved: settings, ownsModels: shared.ownsModels }, store, articles, embedder, dictionary, english, report.index, report);
  }

  get corpusDir(): string {
    return this.options.corpusDir;
  }

  /** The corpus's name in the database (DATABASE_URL): the same on every machine. */
  get corpusName(): string {
    return this.options.indexKey ?? corpusNameFor(this.options.corpusDir);
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
    const { answer, state } = await this.answerFromStore(question, options);
    const named = [...new Set([...(answer.people ?? []), ...answer.passages.flatMap((p) => p.speakers ?? [])])];
    const speakers: NamedSpeaker[] = named.map((name) => ({ name, latin: state.english.latin(name) }));
    const withSpeakers = speakers.length > 0 ? { ...answer, speakers } : answer;
    if (withSpeakers.status !== 'answered') return withSpeakers;
    return { ...withSpeakers, passages: await state.english.withEnglish(withSpeakers.passages) };
  }

  /** The answer, and the state (index) it came from: the one whose English names its passages. */
  private async answerFromStore(question: string, options: AskOptions): Promise<{ answer: Answer; state: EngineState }> {
    const state = this.state;
    try {
      return { answer: await answerQuestionOver(state, question, options), state };
    } catch (error) {
      // Another process saved between the look for a newer index and the postings' fetch: once more, on the new index.
      if (error instanceof StaleIndexError) {
        await this.loadNewerIndex();
        const reloaded = this.state;
        const answer = await answerQuestionOver(reloaded, question, options).catch((again: unknown) => {
          throw again instanceof StaleIndexError ? new IndexStoreUnavailable(`The index in ${this.store.location} keeps changing and could not be loaded again: ${again.message}.`) : again;
        });
        return { answer, state: reloaded };
      }
      if (error instanceof PostingsUnavailableError) {
        throw new IndexStoreUnavailable(`Questions need the index database, which cannot be read now (${error.message}). Check that the server is up, or DATABASE_URL (and DATABASE_READ_URL).`);
      }
      throw error;
    }
  }

  /**
   * The passages with the English of their quoted sentences (`english`): a machine translation
   * where a model is loaded, else a word-by-word gloss. `ask` adds it already; /quote and
   * briefings call this.
   */
  async inEnglish<T extends AnswerPassage>(passages: T[]): Promise<T[]> {
    return this.state.english.withEnglish(passages);
  }

  /** A name of the articles in Latin script ("يوري أوشاكوف" -> "Yuri Ushakov"): what an English reader types. */
  latinName(name: string): string {
    return this.state.english.latin(name);
  }

  /**
   * A name an English reader can type to get this speaker's quotes (/quote, "what did X say?"): the
   * Latin form when it finds them, else one of its words that does, else the name as written.
   */
  typeableName(name: string): string {
    const state = this.state;
    const finds = (typed: string) => quotesOf(state, typed).speakers.some((speaker) => speaker.name === name);
    const latin = state.english.latin(name);
    if (latin !== name && finds(latin)) return latin;
    const words = latin.split(' ').filter((word) => word.length >= 3 && word.toLowerCase() !== 'the');
    return words.reverse().find((word) => word !== name && finds(word)) ?? name;
  }

  /** A word-by-word English gloss of Arabic text (a figure, a quote); see src/english/gloss.ts. */
  gloss(text: string): string {
    return this.state.english.gloss(text);
  }

  /** A briefing figure in English: "123 مليار دولار" -> "$123 billion". */
  englishFigure(figure: string): string {
    return this.state.english.figure(figure);
  }

  /**
   * Another process (an indexer, another bot shard) may have saved a newer index in the shared
   * store: one cheap look per question (a single row in PostgreSQL), and a reload when it did.
   * If the store cannot be reached, questions go on being answered from the index in memory.
   * With `catchUp`, articles another process saved but did not index (it died in between) are
   * indexed here, in the background. Public for front ends whose commands read the index
   * without asking (/sources, /quote).
   */
  async loadNewerIndex(): Promise<void> {
    if (this.building) return;
    this.reloading ??= (async () => {
      try {
        const changes = await this.store.changes();
        if (changes.articlesAhead && this.options.catchUp) this.catchUp();
        if (!changes.newerIndex) return;
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

  /**
   * Re-reads the corpus and embeds only what changed. With DATABASE_URL the corpus folder, when
   * this machine has it, is uploaded into the database first (new and changed files), and the
   * index is built from the database's articles, by one process at a time. Concurrent calls
   * share one build.
   */
  async reindex(onProgress?: (progress: BuildProgress) => void): Promise<BuildReport> {
    return this.build(true, onProgress);
  }

  /**
   * Brings the index up to date with the corpus's articles, after articles were saved (/add, a
   * feed, a scheduled briefing's look for new ones): the same as reindex for a folder; with
   * DATABASE_URL the database's articles only, no folder uploaded.
   */
  async update(): Promise<BuildReport> {
    return this.build(false);
  }

  private build(upload: boolean, onProgress?: (progress: BuildProgress) => void): Promise<BuildReport> {
    // Called by work holding the corpus's lock (saving articles): a build queued behind that work would never start.
    if (this.articles.holdsLock) return this.buildNow(upload, onProgress);
    // A reindex does what an update does; an update never stands in for a reindex's upload.
    if (this.building && (this.building.upload || !upload)) return this.building.promise;
    const before = this.building?.promise.catch(() => undefined);
    const promise = (async () => {
      await before;
      return this.buildNow(upload, onProgress);
    })().finally(() => {
      if (this.building?.promise === promise) this.building = null;
    });
    this.building = { upload, promise };
    return promise;
  }

  private async buildNow(upload: boolean, onProgress?: (progress: BuildProgress) => void): Promise<BuildReport> {
    const { corpusDir, indexDir, resolved: settings, logger } = this.options;
    const context: BuildContext = { store: this.store, articles: this.articles, embedder: this.embedder, settings, indexDir, corpusDir, logger, onProgress };
    const report = await buildWith(context, this.state.index, upload ? 'always' : 'never');
    if (report.saveError) logger.error(unsavedMessage(report));
    if (report.index !== this.state.index) this.state = this.stateFor(report.index);
    return report;
  }

  /** Indexes articles another process saved but did not index, unless a process is changing the corpus right now. */
  private catchUp(): void {
    if (this.catchingUp || this.building) return;
    this.catchingUp = this.articles
      .tryExclusive(async () => {
        const report = await this.buildNow(false);
        if (!report.upToDate) this.options.logger.info(`Indexed articles saved by another process that had not indexed them: ${report.added.length} added, ${report.changed.length} changed.`);
      })
      .then(
        () => undefined,
        (error: unknown) => this.options.logger.error('Could not index the articles another process saved:', error),
      )
      .finally(() => {
        this.catchingUp = null;
      });
  }

  /**
   * The passage a reference points at in the current index: by its id, else (after a reindex
   * changed the id) the passage of that file starting at that line. Undefined when neither is here.
   */
  passageAt(ref: PassageLocation): Passage | undefined {
    const { index } = this.state;
    const doc = docOf(index, ref.id);
    if (doc !== undefined) return index.passages[doc];
    return index.passages.find((p) => p.file === ref.file && p.lineStart === ref.lineStart);
  }

  /**
   * Up to `k` passages like `like` ("more like #2"), best first: the nearest by the model's
   * vectors when it is loaded (the passage's stored vector when this index holds it, else its
   * text embedded as a passage), otherwise those sharing most of its words (its text asked as a
   * question, cut to the longest question accepted). The passage itself, its near-duplicates and
   * passages of the same text are left out. `score` is the cosine similarity by meaning, the
   * search's score by words.
   */
  async passagesLike(like: { id: string; text: string }, k: number): Promise<SimilarPassages> {
    const state = this.state;
    const { index } = state;
    const doc = docOf(index, like.id);
    // The passage, its near-duplicates and any passage of the same text are not "like" it: they are it.
    const same = new Set([like.id, ...(doc === undefined ? [] : (index.duplicatesOf.get(doc) ?? []).map((d) => index.passages[d]!.id))]);
    const isSource = (passage: { id: string; text: string }) => same.has(passage.id) || passage.text === like.text;
    if (state.embedQuery && index.vectors && this.embedder) {
      const stored = doc === undefined ? undefined : (await index.vectors.storedVectors([doc]))[0];
      const vector = stored ?? (await this.embedder.embedPassages([like.text]))[0]!;
      const hits = await index.vectors.nearest(vector, k + same.size + 10);
      const shown = new Set<number>();
      const passages: AnswerPassage[] = [];
      for (const hit of hits) {
        if (isSource(index.passages[hit.doc]!) || shown.has(hit.doc)) continue;
        const duplicates = index.duplicatesOf.get(hit.doc) ?? [];
        for (const d of [hit.doc, ...duplicates]) shown.add(d);
        // No quote marked: it answers no question.
        passages.push(answerPassage(index, hit.doc, Number(hit.similarity.toFixed(4)), [], []));
        if (passages.length >= k) break;
      }
      return { by: 'meaning', passages: await state.english.withEnglish(passages) };
    }
    const question = cutAtSpace(like.text, MAX_QUESTION_LENGTH);
    // The search leaves the passage and its near-duplicates out; one of the same text under another id goes here.
    const answer = await this.ask(question, { k: Math.min(k + 1, MAX_PASSAGES), exclude: same });
    return { by: 'words', passages: answer.passages.filter((p) => !isSource(p)).slice(0, k) };
  }

  /** The people quoted in the corpus, most quoted first, with their Latin form (for /quote autocomplete). */
  speakers(): { name: string; latin: string; quotes: number }[] {
    const { english } = this.state;
    return listSpeakers(this.state.speakers()).map((speaker) => ({ ...speaker, latin: english.latin(speaker.name) }));
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

  /** Where the articles are read: the corpus folder, or the corpus in the database. */
  get articlesLocation(): string {
    return this.articles.location;
  }

  async close(): Promise<void> {
    await this.building?.promise.catch(() => undefined);
    await this.catchingUp;
    // The model worker and the translator are shared with corpora opened beside this one: their opener closes them.
    if (this.options.ownsModels) {
      await this.embedder?.dispose();
      await (await this.englishResources.translator())?.dispose();
    }
    await this.store.close();
    await this.articles.close();
  }

  /** The embedder, when it made this index's vectors and its vectors mean something here. */
  private queryEmbedderFor(index: CorpusIndex): Embedder | null {
    if (!this.embedder || !index.vectors || index.manifest.model?.id !== this.embedder.modelId) return null;
    if (this.embedder.isFixture && this.options.skipFixtureVectors) return null;
    return this.embedder;
  }
}

/** Where a passage was: its id, file and first line (what a thread remembers of it). */
export interface PassageLocation {
  id: string;
  file: string;
  lineStart: number;
}

/** Passages like another, and how they were found. */
export interface SimilarPassages {
  by: 'meaning' | 'words';
  passages: AnswerPassage[];
}

/** Passage positions by id, built once per index. */
const positionsByIndex = new WeakMap<CorpusIndex, Map<string, number>>();
function docOf(index: CorpusIndex, id: string): number | undefined {
  let positions = positionsByIndex.get(index);
  if (!positions) positionsByIndex.set(index, (positions = new Map(index.passages.map((p, i) => [p.id, i]))));
  return positions.get(id);
}

/** At most `max` characters of `text`, cut at a space when there is one. */
function cutAtSpace(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return space > max / 2 ? cut.slice(0, space) : cut;
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

/**
 * The process's English: the dictionary read backwards (built on first use: about a second for
 * FreeDict, once per process), the word list for names, and the translator when one is given.
 */
function resolveEnglish(config: Config, dictionary: BilingualDictionary | null, translator: () => Promise<Translator | null>, logger: ConsolaInstance): EnglishResources {
  const wordList = loadWordList(config.WORD_LIST_PATH);
  if (!wordList.ok) {
    logger.info(`No English word list (${wordList.reason}); names the articles write only in Arabic are spelled by rule. Install the Debian package wamerican or set WORD_LIST_PATH.`);
  }
  const words: WordList | null = wordList.ok ? wordList.wordList : null;
  return {
    reverseDictionary: () => (dictionary ? reverseOf(dictionary, words, config.DICTIONARY_PATH, logger) : null),
    wordList: words,
    translator,
    onTranslationFailure: (error) => logger.warn(`Machine translation failed (${error.message}); this answer shows the word-by-word gloss instead.`),
  };
}

/** One reverse dictionary per dictionary and word list, shared by every engine of the process. */
const reverseDictionaries = new WeakMap<BilingualDictionary, Map<WordList | null, ReverseDictionary>>();
function reverseOf(dictionary: BilingualDictionary, wordList: WordList | null, dictionaryPath: string, logger: ConsolaInstance): ReverseDictionary {
  let byList = reverseDictionaries.get(dictionary);
  if (!byList) reverseDictionaries.set(dictionary, (byList = new Map()));
  let reverse = byList.get(wordList);
  if (!reverse) {
    const opened = openReverseDictionary(dictionary, wordList, { dictionaryPath });
    if (typeof opened.cache === 'object') logger.debug(`The reverse dictionary could not be cached (${opened.cache.unwritable}); it is built again by each process.`);
    byList.set(wordList, (reverse = opened.reverse));
  }
  return reverse;
}

function resolveDictionary(config: Config, logger: ConsolaInstance): BilingualDictionary | null {
  const result = loadDictionary(config.DICTIONARY_PATH);
  if (result.ok) return result.dictionary;
  logger.info(
    `No English->Arabic dictionary (${result.reason}); English questions match names and numbers only. Install the Debian package dict-freedict-eng-ara or set DICTIONARY_PATH.`,
  );
  return null;
}

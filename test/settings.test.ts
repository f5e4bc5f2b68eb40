import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { defaultSettings, InvalidSettingsError, resolveSettings, settingsProblems, settingVariable, mergeSettings } from '../src/settings.ts';

const config = { MODEL_ID: defaultSettings.model.id, MODEL_QUANTIZED: true };

describe('settings checked once, with the field, the range and the value', () => {
  it('GIVEN the defaults THEN they are within every documented range', () => {
    assert.deepEqual(settingsProblems(defaultSettings), []);
  });

  it('GIVEN a setting path THEN its environment variable is the path in upper snake case', () => {
    assert.deepEqual(
      [settingVariable('bm25', 'k1'), settingVariable('hnsw', 'efSearch'), settingVariable('relevance', 'modelThresholdCrossLingual')],
      ['BM25_K1', 'HNSW_EF_SEARCH', 'RELEVANCE_MODEL_THRESHOLD_CROSS_LINGUAL'],
    );
  });

  it('GIVEN out-of-range values in code THEN resolveSettings refuses them, naming each', () => {
    const overrides = { bm25: { k1: -1 }, hnsw: { m: 8.5 }, relevance: { modelThreshold: 1.5 }, retrieval: { candidates: Number.NaN } };
    let caught: unknown;
    try {
      resolveSettings(config, overrides);
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof InvalidSettingsError, `expected InvalidSettingsError, got ${String(caught)}`);
    assert.deepEqual(caught.problems, [
      'BM25_K1 (bm25.k1) must be between 0 and 3, got -1',
      'HNSW_M (hnsw.m) must be a whole number between 2 and 100, got 8.5',
      'RETRIEVAL_CANDIDATES (retrieval.candidates) must be a whole number of at least 1, got null',
      'RELEVANCE_MODEL_THRESHOLD (relevance.modelThreshold) must be between 0 and 1, got 1.5',
    ]);
  });

  it('GIVEN efConstruction below m or an unknown mode THEN both are refused', () => {
    const settings = mergeSettings(defaultSettings, { hnsw: { m: 32, efConstruction: 16 }, retrieval: { mode: 'semantic' as 'dense' } });
    assert.deepEqual(settingsProblems(settings), [
      'HNSW_EF_CONSTRUCTION (hnsw.efConstruction) must be at least hnsw.m (32), got 16',
      'retrieval.mode must be one of hybrid, lexical, dense, got "semantic"',
    ]);
  });

  it('GIVEN valid overrides THEN they are in force and the rest keep their defaults', () => {
    const settings = resolveSettings(config, { bm25: { k1: 2 } });
    assert.deepEqual([settings.bm25, settings.hnsw.efSearch], [{ k1: 2, b: 0.75 }, 400]);
  });
});

describe('settings given in the environment (loadConfig)', () => {
  it('GIVEN BM25_K1=-1 THEN the configuration is refused with the field, range and value', () => {
    const result = loadConfig({ BM25_K1: '-1' });
    assert.deepEqual(result.ok ? 'accepted' : result.problems, ['BM25_K1 (bm25.k1) must be between 0 and 3, got -1']);
  });

  it('GIVEN a setting that is not a number, beside another bad variable THEN both are named', () => {
    const result = loadConfig({ HNSW_EF_SEARCH: 'many', LOG_LEVEL: 'loud' });
    const problems = result.ok ? ['accepted'] : result.problems;
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /^LOG_LEVEL/);
    assert.equal(problems[1], 'HNSW_EF_SEARCH (hnsw.efSearch) must be a number, got "many"');
  });

  it('GIVEN HNSW_EF_CONSTRUCTION below the default m THEN it is refused against the m in force', () => {
    const result = loadConfig({ HNSW_EF_CONSTRUCTION: '8' });
    assert.deepEqual(result.ok ? 'accepted' : result.problems, ['HNSW_EF_CONSTRUCTION (hnsw.efConstruction) must be at least hnsw.m (16), got 8']);
  });

  it('GIVEN valid settings in the environment THEN the engine runs on them, code overrides coming last', () => {
    const result = loadConfig({ BM25_K1: '1.6', HNSW_EF_SEARCH: '100', RELEVANCE_AGREEMENT_MARGIN: '-0.05' });
    assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'));
    assert.deepEqual(result.config.settings, { bm25: { k1: 1.6 }, hnsw: { efSearch: 100 }, relevance: { agreementMargin: -0.05 } });
    const settings = resolveSettings(result.config, { hnsw: { efSearch: 50 } });
    assert.deepEqual([settings.bm25.k1, settings.hnsw.efSearch, settings.relevance.agreementMargin, settings.fusion.k], [1.6, 50, -0.05, 5]);
    const none = loadConfig({});
    assert.deepEqual(none.ok ? none.config.settings : none.problems, {});
  });
});

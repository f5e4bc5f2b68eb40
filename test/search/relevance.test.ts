import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANSWERS, onScale, relevanceScore, thresholdsFor, type PassageEvidence } from '../../src/search/relevance.ts';
import { defaultSettings, type RelevanceSettings } from '../../src/settings.ts';

const settings: RelevanceSettings = {
  ...defaultSettings.relevance,
  modelThreshold: 0.9,
  modelThresholdCrossLingual: 0.95,
  wordsThreshold: 0.3,
  wordsThresholdCrossLingual: 0.2,
  lexicalWordsThreshold: 0.4,
  lexicalWordsThresholdCrossLingual: 0.25,
  agreementMargin: 0.01,
  loneWordQuestionWords: 4,
  loneWordDenseRank: 1,
};
const evidence = (words: number, margin: number | null, model: number | null, held: Partial<PassageEvidence> = {}): PassageEvidence => ({ doc: 0, words, margin, model, wordsHeld: 2, questionWords: 4, denseRank: null, ...held });

describe('onScale', () => {
  it('maps 0 to 0, the threshold to 0.5 and 1 to 1, linearly on either side', () => {
    for (const [value, expected] of [[0, 0], [0.15, 0.25], [0.3, 0.5], [0.65, 0.75], [1, 1]] as const) {
      assert.ok(Math.abs(onScale(value, 0.3) - expected) < 1e-9, `${value} -> ${onScale(value, 0.3)}, expected ${expected}`);
    }
  });

  it('keeps values outside 0..1 on the scale', () => {
    assert.equal(onScale(-0.2, 0.3), 0);
    assert.equal(onScale(1.7, 0.3), 1);
  });
});

describe('thresholdsFor', () => {
  it('GIVEN the model judged an Arabic question THEN the Arabic model and words thresholds', () => {
    assert.deepEqual(thresholdsFor(settings, 'hybrid', 'ar', true), { model: 0.9, words: 0.3, agreementMargin: 0.01, loneWordQuestionWords: 4, loneWordDenseRank: 1 });
  });

  it('GIVEN an English question THEN the cross-lingual ones', () => {
    assert.deepEqual(thresholdsFor(settings, 'hybrid', 'en', true), { model: 0.95, words: 0.2, agreementMargin: 0.01, loneWordQuestionWords: 4, loneWordDenseRank: 1 });
  });

  it('GIVEN lexical-only, or a question the model did not judge THEN the lexical-only words thresholds and no model', () => {
    assert.deepEqual(thresholdsFor(settings, 'lexical', 'ar', true), { model: null, words: 0.4, agreementMargin: 0.01, loneWordQuestionWords: 4, loneWordDenseRank: 1 });
    assert.deepEqual(thresholdsFor(settings, 'hybrid', 'en', false), { model: null, words: 0.25, agreementMargin: 0.01, loneWordQuestionWords: 4, loneWordDenseRank: 1 });
  });

  it('GIVEN dense-only THEN the model alone', () => {
    assert.deepEqual(thresholdsFor(settings, 'dense', 'en', true), { model: 0.95, words: null, agreementMargin: 0.01, loneWordQuestionWords: 4, loneWordDenseRank: 1 });
  });
});

describe('relevanceScore', () => {
  const hybridArabic = thresholdsFor(settings, 'hybrid', 'ar', true);

  // Each row: words, margin, model's evidence -> score (hybrid, an Arabic question).
  const table: [string, PassageEvidence, number][] = [
    ['the model alone at its threshold answers', evidence(0, 0.05, 0.9), 0.5],
    ['the model alone above it', evidence(0, 0.08, 0.95), 0.75],
    ['the words alone at their threshold, the model agreeing', evidence(0.3, 0.02, 0.2), 0.5],
    ['all the words, the model agreeing', evidence(1, 0.02, 0.2), 1],
    ['the stronger of the two counts', evidence(0.65, 0.02, 0.95), 0.75],
    ['the words of a passage the model puts below the agreement margin do not count', evidence(1, 0.0, 0.3), Number(onScale(0.3, 0.9).toFixed(4))],
    ['nothing', evidence(0, -0.05, 0), 0],
    ['one word alone of a question of four, in a passage the dense search ranks first, counts', evidence(0.3, 0.02, 0.2, { wordsHeld: 1, questionWords: 4, denseRank: 0 }), 0.5],
    ['one word alone of a question of four, in a passage the dense search ranks second, does not', evidence(0.3, 0.02, 0.2, { wordsHeld: 1, questionWords: 4, denseRank: 1 }), Number(onScale(0.2, 0.9).toFixed(4))],
    ['one word alone of a question of four, in a passage the dense search did not return, does not', evidence(1, 0.02, 0.2, { wordsHeld: 1, questionWords: 4, denseRank: 20 }), Number(onScale(0.2, 0.9).toFixed(4))],
    ['one word alone of a question of three counts', evidence(0.3, 0.02, 0.2, { wordsHeld: 1, questionWords: 3, denseRank: 5 }), 0.5],
    ['two words of a question of six count', evidence(0.3, 0.02, 0.2, { wordsHeld: 2, questionWords: 6, denseRank: 5 }), 0.5],
    ['one word alone where no dense search ranked passages (a speaker’s quotes) counts', evidence(0.3, 0.02, 0.2, { wordsHeld: 1, questionWords: 4, denseRank: null }), 0.5],
  ];
  for (const [name, given, expected] of table) {
    it(`GIVEN ${name} THEN ${expected}`, () => {
      assert.equal(relevanceScore(given, hybridArabic), expected, JSON.stringify(given));
    });
  }

  it('GIVEN lexical-only THEN the words count whatever the margin, against the lexical threshold', () => {
    const lexical = thresholdsFor(settings, 'lexical', 'ar', false);
    assert.equal(relevanceScore(evidence(0.4, null, null), lexical), ANSWERS);
    assert.equal(relevanceScore(evidence(0.2, null, null), lexical), 0.25);
  });

  it('GIVEN lexical-only THEN one word alone of a long question counts as any words do (no model to agree)', () => {
    const lexical = thresholdsFor(settings, 'lexical', 'ar', false);
    assert.equal(relevanceScore(evidence(0.4, null, null, { wordsHeld: 1, questionWords: 6, denseRank: null }), lexical), ANSWERS);
  });

  it('GIVEN dense-only THEN words are no evidence', () => {
    assert.equal(relevanceScore(evidence(1, 0.1, 0.5), thresholdsFor(settings, 'dense', 'ar', true)), Number(onScale(0.5, 0.9).toFixed(4)));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CalibrationSample } from '../../src/eval/calibrate.ts';
import { forcedAtCalibration, forcedRefusals, noStronger } from '../../src/eval/separability.ts';
import type { PassageEvidence } from '../../src/search/relevance.ts';

const passage = (words: number, model: number | null, denseRank: number | null, wordsHeld = 2): PassageEvidence => ({
  doc: 0,
  words,
  margin: model === null ? null : model / 10,
  model,
  wordsHeld,
  questionWords: 4,
  denseRank,
});

const sample = (question: string, answerable: boolean, judged: PassageEvidence[], extra: Partial<CalibrationSample> = {}): CalibrationSample => ({
  question,
  judged,
  crossLingual: true,
  answerable,
  ownUnanswerable: !answerable,
  set: 'news',
  askedOf: 'news',
  ...extra,
});

const answeredAll = () => true;

describe('noStronger', () => {
  it('GIVEN a passage weaker on every count THEN it is no stronger; stronger on any one count THEN it is', () => {
    const strong = passage(0.4, 0.9, 2, 3);
    assert.equal(noStronger(passage(0.3, 0.5, 5, 2), strong), true);
    assert.equal(noStronger(passage(0.5, 0.5, 5, 2), strong), false, 'more of the words');
    assert.equal(noStronger(passage(0.3, 0.95, 5, 2), strong), false, 'a stronger model judgment');
    assert.equal(noStronger(passage(0.3, 0.5, 1, 2), strong), false, 'ranked higher by the dense search');
    assert.equal(noStronger(passage(0.3, 0.5, 5, 4), strong), false, 'more words held');
  });

  it('GIVEN passages the dense search did not rank (lexical-only) THEN rank decides nothing between them', () => {
    assert.equal(noStronger(passage(0.2, null, null), passage(0.3, null, null)), true);
    assert.equal(noStronger(passage(0.2, null, null), passage(0.3, null, 4)), true, 'unranked counts as ranked last');
  });
});

describe('forcedRefusals', () => {
  it('GIVEN an answerable question whose every passage is weaker than the unanswerable one THEN any rule refusing that refuses it too', () => {
    const samples = [
      sample('When will Xi visit Washington?', false, [passage(0.35, 0, 12, 1)]),
      sample('green corridors for goods', true, [passage(0.28, 0, 14, 1), passage(0.1, 0, 15, 1)]),
      sample('What did Putin say about sport?', true, [passage(0.3, 0.2, 15, 1), passage(0.9, 0.99, 0, 3)]),
    ];
    assert.deepEqual(forcedRefusals(samples, answeredAll), [{ question: 'When will Xi visit Washington?', set: 'news', forced: { news: ['green corridors for goods'] } }]);
  });

  it('GIVEN questions of the other language group, already refused, or an unanswerable question refused THEN none of them counts', () => {
    const weak = [passage(0.1, 0, 15, 1)];
    const samples = [
      sample('still answered', false, [passage(0.5, 0.5, 0, 2)]),
      sample('Arabic question', true, weak, { crossLingual: false }),
      sample('already refused', true, weak),
      sample('refused unanswerable', false, weak),
    ];
    const answered = (s: CalibrationSample) => s.question !== 'already refused' && s.question !== 'refused unanswerable';
    assert.deepEqual(forcedRefusals(samples, answered), [{ question: 'still answered', set: 'news', forced: {} }]);
  });

  it('GIVEN the thresholds calibration proposes THEN only the unanswerable questions they answer are reported, per language group', () => {
    const samples = [
      sample('answered by the model', false, [passage(0.1, 0.99, 0, 1)]),
      sample('refused', false, [passage(0.05, 0.2, 9, 1)]),
      sample('answerable', true, [passage(0.1, 0.97, 1, 1)]),
    ];
    const result = { thresholds: { model: 0.9, words: 0.5 }, answered: {}, refusedOwn: 0, refusedWhereAsked: 0, refusedAll: 0, positives: 1, negatives: 2 };
    const found = forcedAtCalibration(samples, { sameLanguage: result, crossLingual: result }, { agreementMargin: 0, loneWordQuestionWords: 3, loneWordDenseRank: 20 });
    assert.deepEqual(found.sameLanguage, []);
    assert.deepEqual(found.crossLingual, [{ question: 'answered by the model', set: 'news', forced: { news: ['answerable'] } }]);
  });
});

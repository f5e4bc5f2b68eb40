import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calibrate, chooseThresholds, collectAcross, passes, type CalibrationSample } from '../../src/eval/calibrate.ts';
import { defaultSettings } from '../../src/settings.ts';
import type { EvalQuestion } from '../../src/eval/eval-set.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

const agreement = { agreementMargin: 0.01, loneWordQuestionWords: 4, loneWordDenseRank: 1 };
const question = (id: string, q: string, kind: EvalQuestion['kind'] = 'any'): EvalQuestion => ({ id, lang: 'ar', q, kind, gold: [] });

const sample = (model: number | null, words: number, answerable: boolean, extra: Partial<CalibrationSample> = {}): CalibrationSample => ({
  question: 'q',
  judged: [{ doc: 0, words, margin: model === null ? null : 0.05, model, wordsHeld: 2, questionWords: 4, denseRank: null }],
  crossLingual: false,
  answerable,
  ownUnanswerable: !answerable,
  set: 'a',
  askedOf: 'a',
  ...extra,
});

describe('passes', () => {
  it('GIVEN either kind of evidence at its threshold THEN answered', () => {
    assert.equal(passes(sample(0.9, 0, true), { model: 0.9, words: 0.5 }, agreement), true);
    assert.equal(passes(sample(0.1, 0.5, true), { model: 0.9, words: 0.5 }, agreement), true);
    assert.equal(passes(sample(0.1, 0.4, true), { model: 0.9, words: 0.5 }, agreement), false);
  });

  it('GIVEN words in a passage the model puts below the agreement margin THEN they do not count, except lexical-only', () => {
    const below: CalibrationSample = { ...sample(0.1, 0.9, true), judged: [{ doc: 0, words: 0.9, margin: -0.02, model: 0.1, wordsHeld: 2, questionWords: 4, denseRank: null }] };
    assert.equal(passes(below, { model: 0.9, words: 0.5 }, agreement), false);
    assert.equal(passes(below, { model: null, words: 0.5 }, agreement), true);
  });

  it('GIVEN a question refused before any passage was judged THEN never answered', () => {
    assert.equal(passes({ ...sample(1, 1, false), judged: [] }, { model: 0.5, words: 0.05 }, agreement), false);
  });
});

describe('chooseThresholds', () => {
  const options = { maxRefused: 0.02, withModel: true, agreement };

  it('GIVEN answerable questions strong in one kind of evidence and unanswerable ones weak in both THEN refuses all of those, answering all the others', () => {
    const result = chooseThresholds(
      [sample(0.97, 0.1, true), sample(0.6, 0.7, true), sample(0.99, 0.0, true), sample(0.8, 0.2, false), sample(0.5, 0.3, false)],
      options,
    );
    assert.equal(result.refusedOwn, 1);
    assert.deepEqual(result.answered, { a: { answered: 3, of: 3 } });
    assert.ok(result.thresholds.model! > 0.8 && result.thresholds.model! <= 0.97, JSON.stringify(result.thresholds));
    assert.ok(result.thresholds.words > 0.3 && result.thresholds.words <= 0.7, JSON.stringify(result.thresholds));
  });

  it('GIVEN two sets THEN the ceiling holds for each: a small set is not hidden by a large one', () => {
    const large = Array.from({ length: 100 }, (_, i) => sample(0.9 + (i % 10) * 0.01, 0, true, { set: 'large' }));
    const small = Array.from({ length: 10 }, () => sample(0.6, 0, true, { set: 'small' }));
    const result = chooseThresholds([...large, ...small, sample(0.7, 0, false)], options);
    assert.equal(result.answered.small!.answered, 10, 'none of the small set refused');
    assert.ok(result.thresholds.model! <= 0.6, JSON.stringify(result.thresholds));
  });

  it('GIVEN lexical-only THEN the words alone, within its own ceiling', () => {
    const result = chooseThresholds([sample(null, 0.6, true), sample(null, 0.3, false)], { ...options, withModel: false, maxRefused: 0.05 });
    assert.equal(result.thresholds.model, null);
    assert.ok(result.thresholds.words > 0.3 && result.thresholds.words <= 0.6, JSON.stringify(result.thresholds));
    assert.equal(result.refusedOwn, 1);
  });
});

describe('calibrateAcross (two lexical-only engines over different corpora)', () => {
  let scratch: string;
  let seeds: Awaited<ReturnType<typeof openTestEngine>>;
  let weather: Awaited<ReturnType<typeof openTestEngine>>;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'calibrate-'));
    const corpus = join(scratch, 'weather');
    await mkdir(corpus);
    await writeFile(
      join(corpus, 'storm.txt'),
      'عاصفة ثلجية في الشمال\n\nضربت عاصفة ثلجية قوية المناطق الشمالية وأغلقت الطرق الجبلية أمام حركة السيارات لمدة يومين.\n\nوقالت هيئة الأرصاد إن درجات الحرارة ستنخفض إلى ما دون الصفر في المرتفعات خلال الأسبوع المقبل.\n',
    );
    seeds = await openTestEngine();
    weather = await openTestEngine({ corpusDir: corpus });
  });

  after(async () => {
    await seeds?.close();
    await weather?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('GIVEN each corpus its own questions THEN counts them answerable there and unanswerable against the other corpus', async () => {
    const samples = await collectAcross([
      { label: 'seeds', engine: seeds.engine, questions: [question('s1', 'ماذا قال أوشاكوف عن الزيارة؟'), question('s2', 'التبادل التجاري بين روسيا والصين'), question('s3', 'ما هو الطقس؟', 'none')] },
      { label: 'weather', engine: weather.engine, questions: [question('w1', 'العاصفة الثلجية والطرق الجبلية'), question('w2', 'درجات الحرارة في المرتفعات')] },
    ]);
    // Answerable: s1, s2 on seeds and w1, w2 on weather; everything else (s3 anywhere, cross-corpus) is not.
    assert.equal(samples.filter((s) => s.answerable).length, 4);
    assert.equal(samples.filter((s) => s.ownUnanswerable).length, 1);
    assert.equal(samples.length, 10);
    assert.ok(samples.every((s) => s.judged.every((j) => j.model === null)), 'lexical-only: no evidence from the model');
    const { sameLanguage } = calibrate(samples, false, defaultSettings.relevance);
    assert.deepEqual(sameLanguage.answered, { seeds: { answered: 2, of: 2 }, weather: { answered: 2, of: 2 } });
    assert.ok(sameLanguage.refusedAll >= 0.5, `refused only ${sameLanguage.refusedAll} of the unanswerable ones`);
  });
});

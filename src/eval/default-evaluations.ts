import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { readEvalSet, type EvalQuestion } from './eval-set.ts';

/** One evaluation: a question set over its corpus, optionally one split of it. */
export interface EvaluationRun {
  label: string;
  corpus: string;
  questions: string;
  /** Only questions of this split are measured (the others are for tuning). */
  split?: string;
  /** Its training questions tune the settings (`npm run eval -- --calibrate`); false: examples or held out only. */
  tuning: boolean;
  /** Where the set comes from, for `npm run eval` to say (one line). */
  source?: string;
}

/** The team's evaluation folder, beside the project on the team's machines and in CI (not in the repository). */
export const SHARED_EVAL = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');

/** The seed dev set (15 questions written by the team over seeds/): in the repository, so tests find it in any clone. */
export const SEED_DEV_QUESTIONS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-qa-dev.json');

/** The news development set, written for this project and kept in the repository (see its README). */
export const NEWS_DEV_QUESTIONS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'news-dev', 'news-dev.json');

/** The held-out news test set, written like the development set and never tuned on (see its README). */
export const NEWS_TEST_QUESTIONS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'news-test', 'news-test.json');

/** The evaluations `npm run eval` runs by default. */
export const defaultEvaluations: EvaluationRun[] = [
  // 15 questions: examples only, too few to tune on.
  { label: 'seeds-dev', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: SEED_DEV_QUESTIONS, tuning: false, source: 'written by the team over seeds/, in the repository (test/fixtures/seed-qa-dev.json)' },
  // ARCD's train split tunes; its test split is what is reported.
  { label: 'arcd-test', corpus: path.join(SHARED_EVAL, 'arcd-corpus'), questions: path.join(SHARED_EVAL, 'arcd-qa.json'), split: 'test', tuning: true, source: 'ARCD (MIT licence), from ../shared/eval beside the project' },
  // English and Arabic questions over Arabic Wikipedia articles: the development set for English over Arabic.
  { label: 'xquad-dev', corpus: path.join(SHARED_EVAL, 'xquad-dev-corpus'), questions: path.join(SHARED_EVAL, 'xquad-dev-qa.json'), tuning: true, source: 'XQuAD (CC BY-SA 4.0), from ../shared/eval beside the project' },
  // Questions of the kind the team asks, over the bundled news articles: a tuning set.
  { label: 'news-dev', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: NEWS_DEV_QUESTIONS, tuning: true, source: 'written by the team over seeds/ before running them, in the repository (test/fixtures/news-dev/)' },
  // The same kind of questions, written later and held out: what the settings chosen on news-dev score on questions they never saw.
  { label: 'news-test', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: NEWS_TEST_QUESTIONS, tuning: false, source: 'written by the team over seeds/ before running them, held out (test/fixtures/news-test/)' },
];

/** The questions a run measures: its split when it names one, else all. */
export async function measuredQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => !run.split || q.split === run.split);
}

/** The questions a run may be tuned on: the training split when the set is split, else all. */
export async function trainingQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => (run.split ? q.split === 'train' : true));
}

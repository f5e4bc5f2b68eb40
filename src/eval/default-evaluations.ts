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
}

const SHARED_EVAL = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');

/** The news development set, written for this project and kept in the repository (see its README). */
export const NEWS_DEV_QUESTIONS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'news-dev', 'news-dev.json');

/** The evaluations `npm run eval` runs by default (see ../shared/eval). */
export const defaultEvaluations: EvaluationRun[] = [
  // 15 questions: examples only, too few to tune on.
  { label: 'seeds-dev', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: path.join(SHARED_EVAL, 'seed-qa-dev.json'), tuning: false },
  // ARCD's train split tunes; its test split is what is reported.
  { label: 'arcd-test', corpus: path.join(SHARED_EVAL, 'arcd-corpus'), questions: path.join(SHARED_EVAL, 'arcd-qa.json'), split: 'test', tuning: true },
  // English and Arabic questions over Arabic Wikipedia articles: the development set for English over Arabic.
  { label: 'xquad-dev', corpus: path.join(SHARED_EVAL, 'xquad-dev-corpus'), questions: path.join(SHARED_EVAL, 'xquad-dev-qa.json'), tuning: true },
  // Questions of the kind the team asks, over the bundled news articles: a tuning set.
  { label: 'news-dev', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: NEWS_DEV_QUESTIONS, tuning: true },
];

/** The questions a run measures: its split when it names one, else all. */
export async function measuredQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => !run.split || q.split === run.split);
}

/** The questions a run may be tuned on: the training split when the set is split, else all. */
export async function trainingQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => (run.split ? q.split === 'train' : true));
}

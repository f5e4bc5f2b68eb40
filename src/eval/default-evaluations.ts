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
}

const SHARED_EVAL = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');

/** The evaluations `npm run eval` runs by default (see ../shared/eval). */
export const defaultEvaluations: EvaluationRun[] = [
  { label: 'seeds-dev', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: path.join(SHARED_EVAL, 'seed-qa-dev.json') },
  { label: 'arcd-test', corpus: path.join(SHARED_EVAL, 'arcd-corpus'), questions: path.join(SHARED_EVAL, 'arcd-qa.json'), split: 'test' },
  // English and Arabic questions over Arabic Wikipedia articles: the development set for English over Arabic.
  { label: 'xquad-dev', corpus: path.join(SHARED_EVAL, 'xquad-dev-corpus'), questions: path.join(SHARED_EVAL, 'xquad-dev-qa.json') },
];

/** The questions a run measures: its split when it names one, else all. */
export async function measuredQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => !run.split || q.split === run.split);
}

/** The questions a run may be tuned on: the training split when the set is split, else all. */
export async function trainingQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => (run.split ? q.split === 'train' : true));
}

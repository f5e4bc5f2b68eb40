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
  /** Where the set comes from, for `npm run eval` to say (one line). */
  source?: string;
}

/** The team's evaluation folder, beside the project on the team's machines and in CI (not in the repository). */
export const SHARED_EVAL = path.resolve(PROJECT_ROOT, '..', 'shared', 'eval');

/** The seed dev set (15 questions written by the team over seeds/): in the repository, so tests find it in any clone. */
export const SEED_DEV_QUESTIONS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-qa-dev.json');

/** The evaluations `npm run eval` runs by default. */
export const defaultEvaluations: EvaluationRun[] = [
  { label: 'seeds-dev', corpus: path.join(PROJECT_ROOT, 'seeds'), questions: SEED_DEV_QUESTIONS, source: 'written by the team over seeds/, in the repository (test/fixtures/seed-qa-dev.json)' },
  { label: 'arcd-test', corpus: path.join(SHARED_EVAL, 'arcd-corpus'), questions: path.join(SHARED_EVAL, 'arcd-qa.json'), split: 'test', source: 'ARCD (MIT licence), from ../shared/eval beside the project' },
  // English and Arabic questions over Arabic Wikipedia articles: the development set for English over Arabic.
  { label: 'xquad-dev', corpus: path.join(SHARED_EVAL, 'xquad-dev-corpus'), questions: path.join(SHARED_EVAL, 'xquad-dev-qa.json'), source: 'XQuAD (CC BY-SA 4.0), from ../shared/eval beside the project' },
];

/** The questions a run measures: its split when it names one, else all. */
export async function measuredQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => !run.split || q.split === run.split);
}

/** The questions a run may be tuned on: the training split when the set is split, else all. */
export async function trainingQuestions(run: EvaluationRun): Promise<EvalQuestion[]> {
  return (await readEvalSet(run.questions)).filter((q) => (run.split ? q.split === 'train' : true));
}

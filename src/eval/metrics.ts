import type { EvalQuestion, GoldItem } from './eval-set.ts';

export interface ReturnedPassage {
  file: string;
  text: string;
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A passage matches a gold item when it comes from its file and contains its text, or lies inside its paragraph. */
export function matchesGold(passage: ReturnedPassage, gold: GoldItem): boolean {
  if (passage.file !== gold.file) return false;
  const text = fold(passage.text);
  if ('contains' in gold) return text.includes(fold(gold.contains));
  const paragraph = fold(gold.paragraph);
  return paragraph.includes(text) || text.includes(paragraph);
}

export interface QuestionOutcome {
  question: EvalQuestion;
  abstained: boolean;
  /** 1-based rank of the first passage matching any gold item; undefined when none in the list. */
  firstHit?: number;
  /** Share of gold items found in the top 10 (kind=all). */
  setRecall: number;
}

export function scoreQuestion(question: EvalQuestion, abstained: boolean, passages: ReturnedPassage[]): QuestionOutcome {
  const top = passages.slice(0, 10);
  const index = top.findIndex((passage) => question.gold.some((gold) => matchesGold(passage, gold)));
  const found = question.gold.filter((gold) => top.some((passage) => matchesGold(passage, gold))).length;
  return {
    question,
    abstained,
    firstHit: index >= 0 ? index + 1 : undefined,
    setRecall: question.gold.length ? found / question.gold.length : 1,
  };
}

export interface MetricRow {
  group: string;
  questions: number;
  /** Over answerable questions; null when the group has none. */
  hitAt1: number | null;
  hitAt5: number | null;
  mrrAt10: number | null;
  /** Answerable questions: mean set recall for kind=all. */
  setRecall: number | null;
  /** kind=none: share abstained; null when the group has none. */
  abstainedWhenNone: number | null;
  /** Answerable questions that were wrongly abstained on. */
  falseAbstentions: number;
}

export function summarize(group: string, outcomes: QuestionOutcome[]): MetricRow {
  const answerable = outcomes.filter((o) => o.question.kind !== 'none');
  const all = outcomes.filter((o) => o.question.kind === 'all');
  const none = outcomes.filter((o) => o.question.kind === 'none');
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  // An abstention returns nothing, so it scores as a miss on answerable questions.
  const hitAt = (k: number) => answerable.length === 0 ? null : mean(answerable.map((o) => (!o.abstained && o.firstHit !== undefined && o.firstHit <= k ? 1 : 0)));
  return {
    group,
    questions: outcomes.length,
    hitAt1: hitAt(1),
    hitAt5: hitAt(5),
    mrrAt10: answerable.length === 0 ? null : mean(answerable.map((o) => (!o.abstained && o.firstHit !== undefined ? 1 / o.firstHit : 0))),
    setRecall: all.length ? mean(all.map((o) => (o.abstained ? 0 : o.setRecall))) : null,
    abstainedWhenNone: none.length ? mean(none.map((o) => (o.abstained ? 1 : 0))) : null,
    falseAbstentions: answerable.filter((o) => o.abstained).length,
  };
}

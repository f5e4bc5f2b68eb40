import type { Engine } from '../engine.ts';
import type { EvalQuestion } from './eval-set.ts';
import { scoreQuestion, summarize, type MetricRow, type QuestionOutcome } from './metrics.ts';

/** Metrics need the top 10 even when the bot would show fewer. */
const EVAL_DEPTH = 10;

export async function evaluate(engine: Engine, questions: EvalQuestion[]): Promise<QuestionOutcome[]> {
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const answer = await engine.ask(question.q, { k: EVAL_DEPTH });
    outcomes.push(scoreQuestion(question, answer.abstained, answer.passages));
  }
  return outcomes;
}

/** One row per language and per kind, plus the total. */
export function metricTable(label: string, outcomes: QuestionOutcome[]): MetricRow[] {
  const by = (key: (o: QuestionOutcome) => string) => {
    const groups = new Map<string, QuestionOutcome[]>();
    for (const outcome of outcomes) groups.set(key(outcome), [...(groups.get(key(outcome)) ?? []), outcome]);
    return [...groups].sort(([a], [b]) => a.localeCompare(b));
  };
  return [
    ...by((o) => `lang=${o.question.lang}`).map(([group, list]) => summarize(`${label} ${group}`, list)),
    ...by((o) => `kind=${o.question.kind}`).map(([group, list]) => summarize(`${label} ${group}`, list)),
    summarize(`${label} all`, outcomes),
  ];
}

export function formatTable(rows: MetricRow[]): string {
  const header = ['group', 'n', 'hit@1', 'hit@5', 'MRR@10', 'set recall', 'abstain(none)', 'false abstain'];
  const cell = (value: number | null) => (value === null ? '-' : value.toFixed(3));
  const body = rows.map((row) => [
    row.group,
    String(row.questions),
    cell(row.hitAt1),
    cell(row.hitAt5),
    cell(row.mrrAt10),
    cell(row.setRecall),
    cell(row.abstainedWhenNone),
    String(row.falseAbstentions),
  ]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

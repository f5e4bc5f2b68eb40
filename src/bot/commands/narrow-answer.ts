import type { Answer } from '../../search/answer.ts';

/**
 * Applies `results` and `source` to an answer. The engine already honours them for searches,
 * but a "what did X say" answer lists all of X's quotes whatever was asked: narrow it here.
 */
export function narrowAnswer(answer: Answer, options: { k?: number; file?: string }): Answer {
  if (answer.abstained) return answer;
  let passages = answer.passages;
  if (options.file !== undefined) passages = passages.filter((p) => p.file === options.file);
  if (options.k !== undefined) passages = passages.slice(0, options.k);
  if (passages.length === 0) return { ...answer, abstained: true, passages: [], why: `Nothing in ${options.file ?? 'the articles'} answers that closely enough.` };
  return { ...answer, passages };
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../util/user-error.ts';

const goldSchema = z.union([
  z.object({ file: z.string(), contains: z.string() }),
  z.object({ file: z.string(), paragraph: z.string() }),
]);

const questionSchema = z.object({
  id: z.string(),
  lang: z.string(),
  q: z.string(),
  kind: z.enum(['any', 'all', 'none']),
  split: z.string().optional(),
  /** What kind of question it is (the news development set: question, detail, keyword, off-topic, nonsense, …); for reading results only. */
  style: z.string().optional(),
  gold: z.array(goldSchema),
});

const evalSetSchema = z.object({ questions: z.array(questionSchema) });

export type GoldItem = z.infer<typeof goldSchema>;
export type EvalQuestion = z.infer<typeof questionSchema>;

/** Reads an evaluation file (format in ../shared/eval); a malformed file names its first problem. */
export async function readEvalSet(file: string): Promise<EvalQuestion[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new EvalSetError(`cannot read questions file ${file}: ${(error as Error).message}`);
  }
  const parsed = evalSetSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EvalSetError(`questions file ${file} is not in the evaluation format: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.questions;
}

export class EvalSetError extends UserError {}

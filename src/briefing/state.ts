import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { indexDirFor, type Config } from '../config.ts';

export interface BriefingState {
  /** When the last scheduled briefing was posted (ISO 8601), or null before the first. */
  lastBriefingAt: string | null;
}

/**
 * Next to the corpus's index folder, not inside it: a rebuild replaces that folder whole.
 * Under INDEX_DIR (embeddings/), which git ignores. One file per corpus folder.
 */
export function briefingStatePath(config: Pick<Config, 'INDEX_DIR'>, corpusDir: string): string {
  return `${indexDirFor(config, corpusDir)}.briefing.json`;
}

/** The saved state; a missing file means no briefing yet, an unreadable one is reported and ignored. */
export async function loadBriefingState(file: string, onProblem: (message: string) => void = () => undefined): Promise<BriefingState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`Could not read ${file} (${(error as Error).message}); treating every article as already briefed.`);
    return { lastBriefingAt: null };
  }
  try {
    const parsed = JSON.parse(text) as Partial<BriefingState>;
    const at = typeof parsed.lastBriefingAt === 'string' && !Number.isNaN(Date.parse(parsed.lastBriefingAt)) ? parsed.lastBriefingAt : null;
    return { lastBriefingAt: at };
  } catch {
    onProblem(`${file} is not valid JSON; it will be rewritten after the next briefing.`);
    return { lastBriefingAt: null };
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export async function saveBriefingState(file: string, state: BriefingState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, file);
}

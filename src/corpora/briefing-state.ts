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

/**
 * Where the scheduled briefings are recorded: the time of the last one (articles indexed since are
 * marked new), and which briefing is posted by whom. A file next to the index (FileBriefingLedger,
 * one process) or the database (DatabaseBriefings in src/corpora/, with DATABASE_URL), where each
 * scheduled briefing is claimed by one process, so it is posted once however many run the schedule.
 */
export interface BriefingLedger {
  /** For messages: the file, or the database. */
  readonly location: string;
  /** When the last scheduled briefing was made (ISO 8601), or null before the first. */
  lastBriefingAt(): Promise<string | null>;
  /** Claims the briefing due in `channelId` at `scheduledFor` for this process: false when another has it (it posts it). */
  claim(channelId: string, scheduledFor: Date): Promise<boolean>;
  /** Records the claimed briefing as posted, made at `generatedAt`: the next marks articles new since then. */
  posted(channelId: string, scheduledFor: Date, generatedAt: string): Promise<void>;
}

/** The briefing state file: this process alone runs the schedule, so every claim is its own. */
export class FileBriefingLedger implements BriefingLedger {
  constructor(
    readonly location: string,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  async lastBriefingAt(): Promise<string | null> {
    return (await loadBriefingState(this.location, this.onProblem)).lastBriefingAt;
  }

  async claim(): Promise<boolean> {
    return true;
  }

  async posted(_channelId: string, _scheduledFor: Date, generatedAt: string): Promise<void> {
    await saveBriefingState(this.location, { lastBriefingAt: generatedAt });
  }
}

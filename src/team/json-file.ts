import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Reads a JSON file; a missing file is `fallback`. A file that is not JSON is moved aside (to
 * `<file>.corrupt-<time>`, so nothing is lost and it can be looked at), reported, and read as
 * `fallback`.
 */
export async function readJsonFile<T>(file: string, fallback: T, onProblem: (message: string) => void): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    onProblem(`${file} was not valid JSON (${(error as Error).message}); moved it to ${aside} and started afresh.`);
    return fallback;
  }
}

let sequence = 0;

/** Writes under a temporary name and renames it into place: a crash never leaves half a file. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${++sequence}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value)}\n`);
  await rename(temporary, file);
}

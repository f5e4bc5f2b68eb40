import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where an index lives and how it is swapped in. A build writes a complete new folder next to
 * the live one and then renames it into place, so a crash at any moment leaves either the old
 * index or the new one, never a mixture.
 */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  passages: 'passages.jsonl',
  /** The passages as one JSON document, in indexes saved before passages.jsonl: still read. */
  legacyPassages: 'passages.json',
  lexical: 'lexical.bin',
  /** The BM25 index as JSON, in indexes saved before lexical.bin: still read. */
  legacyLexical: 'lexical.json',
  vectors: 'vectors.hnsw',
} as const;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Writes `chunks` one after another to `file` (flushed to disk) and returns their sha256: a
 * large index file is never held whole in memory, as a string or as bytes.
 */
export async function writeChunks(file: string, chunks: Iterable<string | Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'w');
  try {
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(bytes);
      await handle.writeFile(bytes);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Lets `fill` write the files of a fresh folder (streaming them, in any order), then swaps the
 * folder for `indexDir` in two renames. When `fill` fails, the fresh folder is deleted and
 * `indexDir` is untouched.
 */
export async function fillIndexFolder(indexDir: string, fill: (staging: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(indexDir);
  const name = path.basename(indexDir);
  const unique = `${process.pid}-${Date.now()}`;
  const staging = path.join(parent, `.${name}.new-${unique}`);
  const retired = path.join(parent, `.${name}.old-${unique}`);
  await mkdir(parent, { recursive: true });
  // Not recursive: a recursive mkdir on a read-only file system reports ENOENT instead of EROFS.
  await mkdir(staging);
  try {
    await fill(staging);
    if (existsSync(indexDir)) await rename(indexDir, retired);
    await rename(staging, indexDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(retired, { recursive: true, force: true });
}

/**
 * Repairs what an interrupted swap can leave: the live folder renamed away but the new one
 * not yet in place. Half-written staging folders are deleted; they were never live. Folders of a
 * process still running are its work in progress (two commands opening one index at once), not
 * leftovers: they are left to it.
 */
export async function recoverIndexFolder(indexDir: string): Promise<void> {
  const parent = path.dirname(indexDir);
  const name = path.basename(indexDir);
  if (!existsSync(parent)) return;
  const leftovers = (await readdir(parent)).filter((entry) => entry.startsWith(`.${name}.`) && !ownerRuns(entry));
  const retired = leftovers.filter((entry) => entry.startsWith(`.${name}.old-`)).sort();
  if (!existsSync(indexDir) && retired.length > 0) {
    await rename(path.join(parent, retired.at(-1)!), indexDir);
  }
  for (const entry of leftovers) {
    if (existsSync(path.join(parent, entry))) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

/** Whether the process named in a staging or retired folder (`.name.new-PID-time`) still runs. */
function ownerRuns(entry: string): boolean {
  const pid = Number(/\.(?:new|old)-(\d+)-\d+$/.exec(entry)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. ESRCH: no such process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readIndexFile(indexDir: string, file: string): Promise<Buffer> {
  return readFile(path.join(indexDir, file));
}

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where an index lives and how it is swapped in. A build writes a complete new folder next to
 * the live one and then renames it into place, so a crash at any moment leaves either the old
 * index or the new one, never a mixture.
 */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  passages: 'passages.json',
  lexical: 'lexical.json',
  vectors: 'vectors.hnsw',
} as const;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes `files` into a fresh folder, then swaps it for `indexDir` in two renames. */
export async function writeIndexFolder(indexDir: string, files: Map<string, string | Uint8Array>): Promise<void> {
  const parent = path.dirname(indexDir);
  const name = path.basename(indexDir);
  const unique = `${process.pid}-${Date.now()}`;
  const staging = path.join(parent, `.${name}.new-${unique}`);
  const retired = path.join(parent, `.${name}.old-${unique}`);
  await mkdir(parent, { recursive: true });
  // Not recursive: a recursive mkdir on a read-only file system reports ENOENT instead of EROFS.
  await mkdir(staging);
  try {
    for (const [file, content] of files) await writeFile(path.join(staging, file), content, { flush: true });
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
 * not yet in place. Half-written staging folders are deleted; they were never live.
 */
export async function recoverIndexFolder(indexDir: string): Promise<void> {
  const parent = path.dirname(indexDir);
  const name = path.basename(indexDir);
  if (!existsSync(parent)) return;
  const leftovers = (await readdir(parent)).filter((entry) => entry.startsWith(`.${name}.`));
  const retired = leftovers.filter((entry) => entry.startsWith(`.${name}.old-`)).sort();
  if (!existsSync(indexDir) && retired.length > 0) {
    await rename(path.join(parent, retired.at(-1)!), indexDir);
  }
  for (const entry of leftovers) {
    if (existsSync(path.join(parent, entry))) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

export async function readIndexFile(indexDir: string, file: string): Promise<Buffer> {
  return readFile(path.join(indexDir, file));
}

import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.ts';

/**
 * A copy of the program in `folder`, as a second machine would have it: its own src/, seeds/,
 * package.json and tsconfig.json (node_modules is linked, not copied: it is never written). Run
 * from there, the CLI's defaults (CORPUS_DIR, INDEX_DIR, .env) are that copy's, and nothing of
 * this checkout is read or written but the installed packages.
 */
export async function copyCheckout(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const entry of ['src', 'seeds', 'package.json', 'tsconfig.json']) {
    await cp(path.join(PROJECT_ROOT, entry), path.join(folder, entry), { recursive: true });
  }
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  return folder;
}

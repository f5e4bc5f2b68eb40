/**
 * The embedding worker as plain JavaScript. Under tsx (`npm start` runs TypeScript directly) a child
 * started with `--import tsx` gets tsx's module loader, which runs in a thread of its own with its
 * own JavaScript heap: about 30 MB of the worker's memory for a dozen small files loaded once. So
 * the worker's files are bundled into one .mjs file with esbuild (the compiler tsx itself uses),
 * packages left as imports, and that file runs under plain `node`. The file lives in the project's
 * `.cache/embed-worker/` (so the packages resolve from the project's node_modules), named after
 * its contents: another version of the code writes another file, and nothing stale is ever run.
 * When the bundle cannot be made or written, the worker runs under tsx as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../config.ts';

export const DEFAULT_WORKER_BUNDLE_DIR = join(PROJECT_ROOT, '.cache', 'embed-worker');

export interface WorkerScript {
  path: string;
  /** Node flags the script needs: tsx's loader for TypeScript, none for the bundle. */
  execArgv: string[];
}

const bundled = new Map<string, WorkerScript>();

/** How to run the worker at `url`: its bundle when it is TypeScript and a bundle can be made, else the file itself. */
export async function workerScript(url: URL, bundleDir: string = DEFAULT_WORKER_BUNDLE_DIR): Promise<WorkerScript> {
  const path = fileURLToPath(url);
  if (!path.endsWith('.ts')) return { path, execArgv: [] };
  const key = `${path}\0${bundleDir}`;
  const known = bundled.get(key);
  if (known) return known;
  const script = (await bundle(path, bundleDir)) ?? { path, execArgv: ['--import', import.meta.resolve('tsx')] };
  bundled.set(key, script);
  return script;
}

async function bundle(entry: string, dir: string): Promise<WorkerScript | undefined> {
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    // The async API keeps esbuild's service process running: not needed any more.
    await esbuild.stop();
    const code = result.outputFiles[0]?.contents;
    if (!code) return undefined;
    const file = join(dir, `embed-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      // Written aside, then renamed: a process starting meanwhile finds the whole file or none.
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, code);
      renameSync(partial, file);
    }
    return { path: file, execArgv: [] };
  } catch {
    // No esbuild for this platform, a read-only project folder: tsx runs the TypeScript itself.
    return undefined;
  }
}

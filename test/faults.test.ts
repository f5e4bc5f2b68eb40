import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, truncate, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createConsola, type LogObject } from 'consola';
import { indexDirFor, loadConfig, PROJECT_ROOT, type Config } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import { fixtureDictionaryPath } from './support/fixture-dictionary.ts';
import { loadCorpusIndex } from '../src/index/store/local-index-store.ts';
import { readCorpus } from '../src/corpus/read-corpus.ts';
import { observed } from './support/observed.ts';
import { defaultSettings } from '../src/settings.ts';

/** Faults injected for real: corrupted files, a full disk, a read-only folder, concurrent reindexing. */

function capture() {
  const logs: LogObject[] = [];
  const logger = createConsola({ level: 4, reporters: [{ log: (entry) => void logs.push(entry) }] });
  return { logger, lines: (type?: string) => logs.filter((l) => !type || l.type === type).map((l) => l.args.map(String).join(' ')) };
}

function configWith(indexDir: string): Config {
  const result = loadConfig({ INDEX_DIR: indexDir, LOG_LEVEL: 'warn', DICTIONARY_PATH: fixtureDictionaryPath() });
  if (!result.ok) assert.fail(result.problems.join('\n'));
  return result.config;
}

async function seedsCopy(scratch: string): Promise<string> {
  const corpus = join(scratch, 'corpus');
  await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
  return corpus;
}

const tryMount = (dir: string, options: string): boolean => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('GIVEN a corrupted index file', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'faults-'));
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  for (const file of ['passages.jsonl', 'lexical.bin', 'manifest.json']) {
    it(`THEN a truncated ${file} is detected, the index rebuilt with a message, and questions answered`, async () => {
      const corpus = await seedsCopy(join(scratch, file));
      const config = configWith(join(scratch, file, 'index'));
      await (await Engine.open({ config, corpusDir: corpus, embedder: null, logger: capture().logger })).close();
      await truncate(join(indexDirFor(config, corpus), file), 100);

      const { logger, lines } = capture();
      const engine = await Engine.open({ config, corpusDir: corpus, embedder: null, logger });
      assert.ok(lines('warn').some((line) => line.includes(file === 'manifest.json' ? 'manifest' : file) && line.includes('rebuilding')), lines().join('\n'));
      assert.equal((await engine.ask('ماذا قال أوشاكوف؟')).abstained, false);
      await engine.close();
      assert.equal((await loadCorpusIndex(indexDirFor(config, corpus), defaultSettings.hnsw)).ok, true);
    });
  }
});

describe('GIVEN the index folder cannot be written', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'faults-'));
  });
  after(async () => {
    for (const dir of ['full', 'readonly']) {
      try {
        execFileSync('umount', [join(scratch, dir, 'index')], { stdio: 'ignore' });
      } catch {
        /* not mounted */
      }
    }
    await rm(scratch, { recursive: true, force: true });
  });

  async function builtThenBlocked(name: string, block: (indexDir: string) => Promise<void>) {
    const corpus = await seedsCopy(join(scratch, name));
    const indexDir = join(scratch, name, 'index');
    await mkdir(indexDir, { recursive: true });
    if (!tryMount(indexDir, 'size=2m')) return null;
    const config = configWith(indexDir);
    await (await Engine.open({ config, corpusDir: corpus, embedder: null, logger: capture().logger })).close();
    await block(indexDir);
    // A changed article forces a new build, which cannot be saved.
    const [first] = (await readdir(corpus)).sort();
    await appendFile(join(corpus, first!), '\nوقال المتحدث إن الاجتماع المقبل سيعقد في موسكو خلال الشهر المقبل.\n');
    const { logger, lines } = capture();
    const engine = await Engine.open({ config, corpusDir: corpus, embedder: null, logger });
    return { engine, lines, indexDir: indexDirFor(config, corpus) };
  }

  it('THEN on a full disk the old index is kept, the error names the folder, and questions are answered', async (t) => {
    const run = await builtThenBlocked('full', async (indexDir) => {
      // Fill the file system up to the last byte.
      await writeFile(join(indexDir, 'filler'), Buffer.alloc(2 * 1024 * 1024)).catch(() => undefined);
    });
    if (!run) return t.skip('cannot mount a small tmpfs here');
    const errors = run.lines('error');
    assert.ok(errors.some((line) => line.includes(run.indexDir) && /ENOSPC/.test(line)), errors.join('\n'));
    const answer = await run.engine.ask('المتحدث الاجتماع المقبل موسكو');
    assert.ok(answer.passages.some((p) => p.text.includes('الاجتماع المقبل')), `the old index still answers: ${observed(answer.passages.map((p) => p.text))}`);
    await run.engine.close();
    const old = await loadCorpusIndex(run.indexDir, defaultSettings.hnsw);
    assert.ok(old.ok && !old.index.passages.some((p) => p.text.includes('الاجتماع المقبل')), 'the old index is still the one on disk');
  });

  it('THEN in a read-only folder the old index is kept and the error names the folder', async (t) => {
    const run = await builtThenBlocked('readonly', async (indexDir) => {
      execFileSync('mount', ['-o', 'remount,ro', indexDir]);
    });
    if (!run) return t.skip('cannot mount a tmpfs here');
    const errors = run.lines('error');
    assert.ok(errors.some((line) => line.includes(run.indexDir) && /EROFS/.test(line)), errors.join('\n'));
    assert.equal((await run.engine.ask('What did Ushakov say?')).abstained, false);
    await run.engine.close();
    assert.equal((await loadCorpusIndex(run.indexDir, defaultSettings.hnsw)).ok, true);
  });
});

describe('GIVEN questions while a reindex runs', () => {
  it('THEN every question is answered, from the old index until the new one is swapped in whole', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'faults-'));
    try {
      const corpus = await seedsCopy(scratch);
      const engine = await Engine.open({ config: configWith(join(scratch, 'index')), corpusDir: corpus, embedder: null, logger: capture().logger });
      await writeFile(join(corpus, 'new-article.txt'), 'وقال المتحدث باسم الوزارة إن المفاوضات التجارية ستستأنف الأسبوع المقبل في جنيف.\n');
      const reindex = engine.reindex();
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => engine.ask(i % 2 ? 'What did Ushakov say?' : 'ماذا قال بوتين عن العقوبات؟')));
      const report = await reindex;
      assert.deepEqual(report.added, ['new-article.txt']);
      assert.ok(answers.every((answer) => !answer.abstained && answer.passages.length > 0), `answers: ${observed(answers)}`);
      const answer = await engine.ask('المفاوضات التجارية جنيف');
      assert.ok(answer.passages.some((p) => p.file === 'new-article.txt'), `the new article is quoted: ${observed(answer.passages.map((p) => p.file))}`);
      await engine.close();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe('GIVEN awkward files in the corpus folder', () => {
  it('THEN a 50 MB file and a duplicate are skipped, each named with a reason, and the rest is read', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'faults-'));
    try {
      const corpus = await seedsCopy(scratch);
      const [first] = (await readdir(corpus)).sort();
      await cp(join(corpus, first!), join(corpus, 'copy of first.txt'));
      await writeFile(join(corpus, 'huge.txt'), '');
      await truncate(join(corpus, 'huge.txt'), 50 * 1024 * 1024);
      const { documents, skipped } = await readCorpus(corpus);
      assert.equal(documents.length, 5);
      assert.match(skipped.find((s) => s.file === 'huge.txt')?.reason ?? '', /50\.0 MiB, over the 5\.0 MiB limit/);
      assert.match(skipped.find((s) => s.file === 'copy of first.txt')?.reason ?? '', new RegExp(`same content as ${first}`));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

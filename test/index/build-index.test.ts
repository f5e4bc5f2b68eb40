import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Embedder } from '../../src/embed/embedder.ts';
import { loadEmbedder } from '../../src/embed/embedder.ts';
import { buildIndex, type BuildReport } from '../../src/index/build-index.ts';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { loadCorpusIndex } from '../../src/index/store/local-index-store.ts';
import { INDEX_FILES } from '../../src/index/index-files.ts';
import { dot, medianSimilarity, REFERENCE_QUESTIONS_VERSION } from '../../src/index/relevance-null.ts';
import { REFERENCE_QUESTIONS } from '../../src/index/reference-questions.ts';
import { defaultSettings, mergeSettings } from '../../src/settings.ts';
import { ensureTinyModel } from '../support/tiny-model.ts';
import { observed } from '../support/observed.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEEDS = join(PROJECT_ROOT, 'seeds');
// Git-ignored, shared with the embedder tests: the fixture is generated once and reused.
const FIXTURE_ROOT = join(PROJECT_ROOT, '.cache', 'test-models');
/** A process id above Linux's largest (2^22): the folder it names belongs to no running process. */
const NO_SUCH_PROCESS = 2 ** 31 - 1;

/** Copies the seed articles as ordinary writable files (the originals are read-only). */
async function copySeeds(to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const file of await readdir(SEEDS)) await writeFile(join(to, file), await readFile(join(SEEDS, file)));
}

async function loadOrFail(indexDir: string): Promise<CorpusIndex> {
  const loaded = await loadCorpusIndex(indexDir, defaultSettings.hnsw);
  if (!loaded.ok) assert.fail(`expected a loadable index in ${indexDir}, got ${loaded.problem}: ${loaded.message}`);
  return loaded.index;
}

/** The real embedder, counting the texts it is actually asked to embed. */
function counting(embedder: Embedder, modelId = embedder.modelId): Embedder & { texts: string[] } {
  const texts: string[] = [];
  return {
    modelId,
    dimension: embedder.dimension,
    isFixture: embedder.isFixture,
    texts,
    embedPassages: (batch, onProgress) => {
      texts.push(...batch);
      return embedder.embedPassages(batch, onProgress);
    },
    embedQuery: (text) => embedder.embedQuery(text),
    dispose: async () => undefined,
  };
}

const leftovers = async (indexDir: string) =>
  (await readdir(dirname(indexDir))).filter((entry) => entry.startsWith(`.${basename(indexDir)}.`));

describe('buildIndex', () => {
  let scratch: string;
  let embedder: Embedder;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'build-index-test-'));
    const tiny = await ensureTinyModel(FIXTURE_ROOT);
    const loaded = await loadEmbedder({ modelId: tiny.modelId, modelDir: tiny.modelDir, cacheDir: join(scratch, 'cache') });
    if (!loaded.ok) assert.fail(`the tiny model did not load: ${loaded.reason}`);
    embedder = loaded.embedder;
  });

  after(async () => {
    await embedder?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('GIVEN a corpus built, then updated', () => {
    let corpus: string;
    let indexDir: string;
    let first: BuildReport;

    before(async () => {
      corpus = join(scratch, 'incremental', 'corpus');
      indexDir = join(scratch, 'incremental', 'index', 'seeds');
      await copySeeds(corpus);
    });

    it('embeds every distinct passage on the first build, and writes a loadable index', async () => {
      const model = counting(embedder);
      first = await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: model, previous: null });
      assert.equal(first.upToDate, false);
      assert.equal(first.rebuildReason, undefined);
      assert.equal(first.added.length, 5);
      assert.ok(first.passages >= 60, `${first.passages} passages`);
      assert.equal(first.embedded, new Set(first.index.passages.map((p) => p.hash)).size);
      assert.equal(model.texts.length, first.embedded);
      assert.equal(first.reused, 0);
      assert.equal(first.dense, true);

      const loaded = await loadOrFail(indexDir);
      assert.deepEqual(loaded.passages, first.index.passages);
      assert.deepEqual(loaded.manifest.model, { id: embedder.modelId, file: 'onnx/model_quantized.onnx', dimension: embedder.dimension });
      assert.equal(loaded.vectors?.size, first.passages);
      assert.deepEqual(await leftovers(indexDir), []);
    });

    it('records how far the off-topic reference questions come in this index: the best margin of each, as questions are judged', async () => {
      const loaded = await loadOrFail(indexDir);
      const reference = loaded.manifest.relevanceNull;
      assert.ok(reference, 'the manifest holds the relevance reference');
      assert.equal(reference.questions, REFERENCE_QUESTIONS_VERSION);
      assert.equal(reference.background, defaultSettings.relevance.denseBackground);
      assert.equal(reference.margins.sameLanguage.length, REFERENCE_QUESTIONS.sameLanguage.length);
      assert.equal(reference.margins.crossLingual.length, REFERENCE_QUESTIONS.crossLingual.length);
      for (const margins of [reference.margins.sameLanguage, reference.margins.crossLingual]) {
        assert.ok(margins.every((m, i) => i === 0 || m >= margins[i - 1]!), 'sorted ascending');
      }
      // The same margins computed by hand, exactly: best cosine over every passage minus the median over the background.
      const all = (await loaded.vectors!.storedVectors(loaded.passages.map((_, doc) => doc))) as Float32Array[];
      const background = await loaded.vectors!.background(reference.background);
      const byHand = await Promise.all(
        REFERENCE_QUESTIONS.crossLingual.map(async (question) => {
          const vector = await embedder.embedQuery(question);
          return Math.max(...all.map((passage) => dot(vector, passage))) - medianSimilarity(vector, background);
        }),
      );
      byHand.sort((a, b) => a - b);
      const drift = Math.max(...byHand.map((m, i) => Math.abs(m - reference.margins.crossLingual[i]!)));
      assert.ok(drift < 1e-4, `recorded and recomputed margins differ by ${drift}`);
    });

    it('GIVEN an index saved before it had a reference THEN the next build computes it, embedding no passage, and says so', async () => {
      const manifestPath = join(indexDir, INDEX_FILES.manifest);
      const saved = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
      delete saved.relevanceNull;
      await writeFile(manifestPath, JSON.stringify(saved));
      const model = counting(embedder);
      const report = await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: model, previous: await loadOrFail(indexDir) });
      assert.match(report.rebuildReason ?? '', /no relevance reference yet/);
      assert.deepEqual(model.texts, [], 'no passage embedded');
      assert.ok((await loadOrFail(indexDir)).manifest.relevanceNull, 'the reference is saved');
    });

    it('reports an unchanged corpus as up to date, embeds nothing and leaves the index as it was', async () => {
      const before = await loadOrFail(indexDir);
      const model = counting(embedder);
      const report = await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: model, previous: before });
      assert.equal(report.upToDate, true);
      assert.equal(report.embedded, 0);
      assert.deepEqual(model.texts, []);
      assert.deepEqual([report.added, report.changed, report.removed], [[], [], []]);
      assert.equal(report.unchanged, 5);
      assert.equal((await loadOrFail(indexDir)).manifest.builtAt, before.manifest.builtAt);
    });

    it('re-embeds only the new passages of a changed file', async () => {
      const previous = await loadOrFail(indexDir);
      const file = '004_7f546b9a39fe931a.txt';
      const text = await readFile(join(corpus, file), 'utf8');
      const edited = text
        .replace('وكثفت الصين صادراتها إلى روسيا', 'وضاعفت الصين صادراتها إلى روسيا')
        .concat('\n\nوقال المتحدث باسم الكرملين إن المحادثات المقبلة ستعقد في موسكو خلال الربيع المقبل.\n');
      assert.notEqual(edited, text);
      await writeFile(join(corpus, file), edited);

      const model = counting(embedder);
      const report = await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: model, previous });
      assert.equal(report.upToDate, false);
      assert.deepEqual(report.changed, [file]);
      assert.deepEqual([report.added, report.removed], [[], []]);
      assert.equal(report.unchanged, 4);
      assert.equal(report.embedded, 2, 'one edited paragraph and one new paragraph');
      assert.equal(model.texts.length, 2);
      assert.ok(model.texts[0]!.startsWith('وضاعفت الصين'), `model.texts[0]!: ${observed(model.texts[0]!)}`);
      assert.ok(model.texts[1]!.startsWith('وقال المتحدث باسم الكرملين'), `model.texts[1]!: ${observed(model.texts[1]!)}`);
      assert.equal(report.reused, report.passages - 2);
      assert.equal(report.passages, previous.passages.length + 1);

      const loaded = await loadOrFail(indexDir);
      const added = loaded.passages.find((p) => p.text.startsWith('وقال المتحدث باسم الكرملين'));
      assert.equal(added?.file, file);
      assert.equal(added?.lineStart, edited.split('\n').length - 1);
    });

    it('keeps the vectors it reuses: an unchanged passage has the same vector as before', async () => {
      const loaded = await loadOrFail(indexDir);
      const doc = loaded.passages.findIndex((p) => p.file === '003_e1704f5e1c1310a5.txt');
      const [fresh] = await embedder.embedPassages([loaded.passages[doc]!.text]);
      const [stored] = await loaded.vectors!.storedVectors([doc]);
      assert.ok(stored, 'the unchanged passage has a stored vector');
      assert.ok(stored.every((x, i) => Math.abs(x - fresh![i]!) < 1e-5), `stored: ${observed(stored)}`);
    });

    it('reports an added and a removed file, embedding only the added one', async () => {
      const previous = await loadOrFail(indexDir);
      await writeFile(join(corpus, 'new article.txt'), 'عنوان مقال جديد عن الطاقة\n\nقال وزير الطاقة إن صادرات الغاز إلى الصين سترتفع في العام المقبل بنسبة كبيرة.\n');
      await rm(join(corpus, '000_cb77782f9c145f20.txt'));

      const model = counting(embedder);
      const report = await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: model, previous });
      assert.deepEqual(report.added, ['new article.txt']);
      assert.deepEqual(report.removed, ['000_cb77782f9c145f20.txt']);
      assert.deepEqual(report.changed, []);
      assert.equal(report.embedded, 2);
      assert.equal(model.texts.length, 2);

      const loaded = await loadOrFail(indexDir);
      assert.deepEqual(Object.keys(loaded.manifest.files).sort(), ['001_a9c5494012be9a72.txt', '002_02857b5b3c3f65ff.txt', '003_e1704f5e1c1310a5.txt', '004_7f546b9a39fe931a.txt', 'new article.txt']);
      assert.ok(!loaded.passages.some((p) => p.file === '000_cb77782f9c145f20.txt'), `loaded.passages: ${observed(loaded.passages)}`);
    });

    it('embeds every passage again, naming the setting, when the model id differs', async () => {
      const previous = await loadOrFail(indexDir);
      const other = counting(embedder, 'other-model-fixture');
      const report = await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: other, previous });
      assert.equal(report.upToDate, false);
      assert.equal(report.rebuildReason, `setting model.id (MODEL_ID) changed (${embedder.modelId} -> other-model-fixture): embedding every passage again`);
      assert.equal(report.embedded, new Set(report.index.passages.map((p) => p.hash)).size);
      assert.equal(report.reused, 0);
      assert.equal(report.added.length, 0, 'the files themselves did not change');
      assert.equal((await loadOrFail(indexDir)).manifest.model?.id, 'other-model-fixture');
    });

    it('re-analyses the passages, naming the setting, and embeds only texts it has no vector for, when the passage settings differ', async () => {
      const previous = await loadOrFail(indexDir);
      const model = counting(embedder, previous.manifest.model!.id);
      const settings = mergeSettings(defaultSettings, { passages: { maxPassageWords: 40 } });
      const report = await buildIndex({ corpusDir: corpus, indexDir, embedder: model, previous, settings });
      assert.equal(report.rebuildReason, 'setting passages.maxPassageWords changed (180 -> 40): re-analysing the passages');
      assert.ok(report.passages > previous.passages.length, 'shorter passages: more of them');
      const known = new Set(previous.passages.map((p) => p.hash));
      const fresh = new Set(report.index.passages.filter((p) => !known.has(p.hash)).map((p) => p.hash));
      assert.ok(fresh.size > 0, 'some paragraphs were cut into new pieces');
      assert.equal(report.embedded, fresh.size, 'only the new pieces went through the model');
      assert.ok(report.reused > 0, 'short paragraphs kept their vectors');
      assert.equal(model.texts.length, fresh.size);
      assert.deepEqual((await loadOrFail(indexDir)).manifest.settings, settings, 'the manifest records the settings verbatim');
    });

    it('rebuilds the graph without embedding anything when an HNSW build setting differs', async () => {
      const previous = await loadOrFail(indexDir);
      const settings = mergeSettings(previous.manifest.settings, { hnsw: { m: 8 } });
      const model = counting(embedder, previous.manifest.model!.id);
      const report = await buildIndex({ corpusDir: corpus, indexDir, embedder: model, previous, settings });
      assert.equal(report.rebuildReason, 'setting hnsw.m changed (16 -> 8): rebuilding the vector graph');
      assert.equal(report.upToDate, false);
      assert.equal(model.texts.length, 0, 'no passage was embedded again');
      assert.equal(report.reused, report.passages);
    });

    it('reuses the index as it is when only a question-time setting differs', async () => {
      const previous = await loadOrFail(indexDir);
      const settings = mergeSettings(previous.manifest.settings, { hnsw: { efSearch: 64 }, fusion: { k: 10 }, relevance: { wordsThreshold: 0.5 } });
      const model = counting(embedder, previous.manifest.model!.id);
      const report = await buildIndex({ corpusDir: corpus, indexDir, embedder: model, previous, settings });
      assert.equal(report.upToDate, true, `rebuilt: ${report.rebuildReason}`);
      assert.equal(report.rebuildReason, undefined);
    });
  });

  describe('GIVEN a build interrupted while swapping in the new index', () => {
    let corpus: string;
    let indexDir: string;
    let old: CorpusIndex;

    before(async () => {
      corpus = join(scratch, 'crash', 'corpus');
      indexDir = join(scratch, 'crash', 'index', 'seeds');
      await copySeeds(corpus);
      old = (await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder, previous: null })).index;
    });

    it('answers from the old index when a half-written staging folder is left next to it', async () => {
      const staging = join(dirname(indexDir), `.${basename(indexDir)}.new-${NO_SUCH_PROCESS}-1`);
      await mkdir(staging);
      await writeFile(join(staging, INDEX_FILES.passages), '{"passages":[{"id":"half');
      const loaded = await loadOrFail(indexDir);
      assert.deepEqual(loaded.passages, old.passages);
      assert.equal(loaded.vectors?.size, old.passages.length);
      assert.deepEqual(await leftovers(indexDir), [], 'the staging folder is cleaned up');
    });

    it('leaves alone the staging folder of a process still writing it (two commands opening one index at once)', async () => {
      const staging = join(dirname(indexDir), `.${basename(indexDir)}.new-${process.pid}-1`);
      await mkdir(staging);
      await writeFile(join(staging, INDEX_FILES.passages), '{"passages":[{"id":"being written');
      const loaded = await loadOrFail(indexDir);
      assert.deepEqual(loaded.passages, old.passages);
      assert.deepEqual(await leftovers(indexDir), [basename(staging)], 'the running process keeps its folder');
      await rm(staging, { recursive: true });
    });

    it('restores the old index when it was renamed away and the new one never arrived', async () => {
      const parent = dirname(indexDir);
      await rename(indexDir, join(parent, `.${basename(indexDir)}.old-${NO_SUCH_PROCESS}-2`));
      const staging = join(parent, `.${basename(indexDir)}.new-${NO_SUCH_PROCESS}-2`);
      await mkdir(staging);
      await writeFile(join(staging, INDEX_FILES.manifest), '{"formatVersion":');
      assert.equal(existsSync(indexDir), false);

      const loaded = await loadOrFail(indexDir);
      assert.deepEqual(loaded.passages, old.passages);
      assert.deepEqual(loaded.manifest, old.manifest);
      assert.equal(existsSync(indexDir), true);
      assert.deepEqual(await leftovers(indexDir), []);
    });

    it('still loads a complete index after a real build process is killed while writing', async () => {
      const parent = dirname(indexDir);
      const child = join(scratch, 'crash', 'build-child.mts');
      await writeFile(
        child,
        [
          `import { buildIndex } from ${JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src/index/build-index.ts')).href)};`,
          `import { defaultSettings } from ${JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src/settings.ts')).href)};`,
          'await buildIndex({ settings: defaultSettings, corpusDir: process.argv[2], indexDir: process.argv[3], embedder: null, previous: null });',
        ].join('\n'),
      );
      // Grow the corpus until the child is caught in the act: between creating the staging
      // folder and swapping it in.
      let caught: string | undefined;
      for (let attempt = 0, files = 40; attempt < 5 && !caught; attempt++, files *= 2) {
        const big = join(scratch, 'crash', `big-${files}`);
        await generateCorpus(big, files, 25);
        if (await killWhileWriting(child, big, indexDir)) caught = big;
        // Finished: start again from a seeds index, which is then the one a killed build must leave.
        else old = (await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder, previous: null })).index;
      }
      assert.ok(caught, 'the build child always finished before it could be killed while writing');
      assert.ok((await leftovers(indexDir)).length > 0, 'the killed build left its staging folder behind');

      const loaded = await loadOrFail(indexDir);
      assert.equal(loaded.passages.length, loaded.manifest.passageCount);
      assert.deepEqual(await leftovers(indexDir), []);
      assert.ok(existsSync(join(parent, basename(indexDir), INDEX_FILES.manifest)), `join(parent, basename(indexDir), INDEX_FILES.manifest): ${observed(join(parent, basename(indexDir), INDEX_FILES.manifest))}`);
      // Killed before the swap (almost always): the old index. Killed in the instant after the
      // swap: the complete new one. Never a mixture (load verifies every file's checksum).
      if (loaded.manifest.corpusDir === caught) {
        assert.equal(loaded.vectors, null);
        assert.equal(Object.keys(loaded.manifest.files).length, (await readdir(caught)).length);
      } else {
        assert.deepEqual(loaded.passages, old.passages);
        assert.deepEqual(loaded.manifest, old.manifest);
        assert.equal(loaded.vectors?.size, old.passages.length);
      }
    });

    it('reports a truncated passages.jsonl as corrupt, by its checksum', async () => {
      await truncate(join(indexDir, INDEX_FILES.passages), 100);
      const loaded = await loadCorpusIndex(indexDir, defaultSettings.hnsw);
      assert.equal(loaded.ok, false);
      if (loaded.ok) return;
      assert.equal(loaded.problem, 'corrupt');
      assert.match(loaded.message, /passages\.jsonl does not match its checksum/);
    });

    it('reports a folder without an index as missing', async () => {
      const loaded = await loadCorpusIndex(join(scratch, 'crash', 'index', 'never-built'), defaultSettings.hnsw);
      assert.equal(loaded.ok, false);
      if (!loaded.ok) assert.equal(loaded.problem, 'missing');
    });
  });
});

/** Articles of random sentences over the seeds' vocabulary (mulberry32: the same corpus every run). */
async function generateCorpus(dir: string, files: number, paragraphs: number): Promise<void> {
  const vocabulary = [...new Set((await Promise.all((await readdir(SEEDS)).map((f) => readFile(join(SEEDS, f), 'utf8')))).join(' ').split(/\s+/))]
    .filter((word) => /^[\u0621-\u064A]{3,}$/.test(word));
  let state = files;
  const random = (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const sentence = () => `${Array.from({ length: 10 + random(12) }, () => vocabulary[random(vocabulary.length)]).join(' ')}.`;
  await mkdir(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const lines = Array.from({ length: paragraphs }, () => `${sentence()} ${sentence()} ${sentence()}`);
    await writeFile(join(dir, `article-${f}.txt`), lines.join('\n\n'));
  }
}

/**
 * Runs a build of `corpus` into `indexDir` in a child process and SIGKILLs it as soon as its
 * staging folder appears. True when it was killed mid-write, false when it finished first.
 */
async function killWhileWriting(script: string, corpus: string, indexDir: string): Promise<boolean> {
  const parent = dirname(indexDir);
  const stagingPrefix = `.${basename(indexDir)}.new-`;
  const child = spawn(process.execPath, ['--import', 'tsx', script, corpus, indexDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let running = true;
  void exited.then(() => (running = false));
  let killed = false;
  // A guard against a hung child, not a speed requirement: the child normally ends in seconds.
  const giveUpAt = Date.now() + 120_000;
  while (running && !killed) {
    if ((await readdir(parent)).some((entry) => entry.startsWith(stagingPrefix))) {
      killed = child.kill('SIGKILL');
    } else if (Date.now() > giveUpAt) {
      child.kill('SIGKILL');
      await exited;
      assert.fail(`the build child neither finished nor started writing: ${stderr}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { code, signal } = await exited;
  if (signal === 'SIGKILL') return true;
  assert.equal(code, 0, `the build child failed: ${stderr}`);
  return false;
}

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createConsola, type LogObject } from 'consola';
import { indexDirFor, loadConfig, type Config } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import { buildLexicon } from '../src/search/lexicon.ts';
import { analyzeQuery } from '../src/search/query.ts';
import { MAX_QUESTION_LENGTH } from '../src/search/question-check.ts';
import { Refusals } from '../src/search/refusals.ts';
import type { SettingsOverrides } from '../src/settings.ts';
import { ensureTinyModel } from './support/tiny-model.ts';
import { fixtureDictionaryPath } from './support/fixture-dictionary.ts';
import { fixtureWordListPath } from './support/fixture-word-list.ts';
import { observed } from './support/observed.ts';

const SEEDS = fileURLToPath(new URL('../seeds', import.meta.url));

/** A real consola logger whose messages are kept for the test to read. */
function capturingLogger() {
  const logs: LogObject[] = [];
  const logger = createConsola({ level: 4, reporters: [{ log: (entry) => void logs.push(entry) }] });
  const messages = (type: string) => logs.filter((entry) => entry.type === type).map((entry) => entry.args.map(String).join(' '));
  return { logger, messages };
}

function configFor(scratch: string): Config {
  const result = loadConfig({ INDEX_DIR: join(scratch, 'index'), MODEL_DIR: join(scratch, 'no-model-here'), LOG_LEVEL: 'warn', DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath() });
  if (!result.ok) assert.fail(result.problems.join('\n'));
  return result.config;
}

describe('Engine', () => {
  let scratch: string;
  let config: Config;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'engine-test-'));
    config = configFor(scratch);
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('GIVEN no embedding model can be loaded (MODEL_DIR does not exist)', () => {
    let engine: Engine;
    let warnings: string[];

    before(async () => {
      const { logger, messages } = capturingLogger();
      engine = await Engine.open({ config, logger });
      warnings = messages('warn');
    });

    after(async () => {
      await engine?.close();
    });

    it('opens lexical-only, over the seed corpus', () => {
      assert.equal(engine.dense, false);
      assert.equal(engine.corpusDir, SEEDS);
      assert.equal(engine.stats().files.length, 5);
      assert.equal(engine.index.vectors, null);
    });

    it('warns exactly once, naming the reason and the fix', () => {
      assert.equal(warnings.length, 1, `warnings: ${JSON.stringify(warnings)}`);
      const [warning] = warnings;
      assert.match(warning!, /^No embedding model \(/);
      assert.ok(warning!.includes(`model folder ${join(scratch, 'no-model-here')} does not exist`), warning);
      assert.match(warning!, /lexical-only/);
      assert.match(warning!, /To fix: point MODEL_DIR at a folder/);
      assert.match(warning!, /npm run model -- fetch/);
      assert.ok(!warning!.includes('\n'), `one line: ${warning}`);
    });

    it('answers "What did Ushakov say?" with passages quoting أوشاكوف from at least two files', async () => {
      const answer = await engine.ask('What did Ushakov say?');
      assert.equal(answer.abstained, false, answer.why);
      const ushakov = answer.passages.filter((p) => p.text.includes('أوشاكوف'));
      assert.ok(new Set(ushakov.map((p) => p.file)).size >= 2, JSON.stringify(answer.passages.map((p) => p.file)));
    });

    it('quotes every passage exactly as it stands at its lines in the file', async () => {
      const answer = await engine.ask('What did Ushakov say?');
      for (const passage of answer.passages) {
        const lines = (await readFile(join(SEEDS, passage.file), 'utf8')).split('\n');
        assert.ok(lines.slice(passage.lineStart - 1, passage.lineEnd).join('\n').includes(passage.text), passage.id);
        for (const quote of passage.quotes) assert.ok(quote.start >= 0 && quote.end <= passage.text.length && quote.start < quote.end, `quote.start: ${observed(quote.start)}; quote.end: ${observed(quote.end)}; passage.text: ${observed(passage.text)}`);
      }
    });

    it('answers an Arabic question too', async () => {
      const answer = await engine.ask('ماذا قال أوشاكوف؟');
      assert.equal(answer.abstained, false, answer.why);
      const files = new Set(answer.passages.filter((p) => p.text.includes('أوشاكوف')).map((p) => p.file));
      assert.ok(files.size >= 2, JSON.stringify([...files]));
    });

    it('refuses an empty question, saying what to ask', async () => {
      for (const question of ['', '   \n ']) {
        const answer = await engine.ask(question);
        assert.equal(answer.status, 'refused');
        assert.equal(answer.status === 'refused' && answer.reason, 'empty');
        assert.deepEqual(answer.passages, []);
        assert.equal(answer.why, Refusals.empty());
      }
    });

    it('refuses an over-long question, stating the limit', async () => {
      const question = 'What did Ushakov say? '.repeat(60);
      assert.ok(question.trim().length > MAX_QUESTION_LENGTH, `question.trim(): ${observed(question.trim())}; MAX_QUESTION_LENGTH: ${observed(MAX_QUESTION_LENGTH)}`);
      const answer = await engine.ask(question);
      assert.equal(answer.status === 'refused' && answer.reason, 'too-long');
      assert.deepEqual(answer.passages, []);
      assert.equal(answer.why, Refusals.tooLong(question.trim().length));
    });

    it('accepts a question of exactly the limit', async () => {
      const question = `Ushakov ${'x'.repeat(MAX_QUESTION_LENGTH - 8)}`;
      assert.equal(question.length, MAX_QUESTION_LENGTH);
      const answer = await engine.ask(question);
      assert.doesNotMatch(answer.why, /limit/);
    });

    it('finds its saved index up to date when opened again', async () => {
      const { logger } = capturingLogger();
      const again = await Engine.open({ config, logger, embedder: null });
      try {
        assert.equal(again.openReport.upToDate, true);
        assert.equal(again.openReport.embedded, 0);
      } finally {
        await again.close();
      }
    });
  });

  describe('GIVEN an index built with the tiny model, then opened with other recorded settings', () => {
    let env: Record<string, string>;

    before(async () => {
      const tiny = await ensureTinyModel(join(fileURLToPath(new URL('..', import.meta.url)), '.cache', 'test-models'));
      env = { INDEX_DIR: join(scratch, 'settings-index'), DICTIONARY_PATH: fixtureDictionaryPath(), MODEL_DIR: tiny.modelDir, MODEL_ID: tiny.modelId, ALLOW_MODEL_DOWNLOAD: 'false', LOG_LEVEL: 'warn' };
      const first = await openWith(env);
      await first.engine.close();
    });

    async function openWith(vars: Record<string, string>, settings?: SettingsOverrides) {
      const result = loadConfig(vars);
      if (!result.ok) assert.fail(result.problems.join('\n'));
      const { logger, messages } = capturingLogger();
      const engine = await Engine.open({ config: result.config, logger, settings });
      return { engine, infos: messages('info') };
    }

    it('records every setting and the model file in manifest.json', async () => {
      const { engine } = await openWith(env);
      try {
        const manifest = JSON.parse(await readFile(join(engine.index.dir, 'manifest.json'), 'utf8'));
        assert.deepEqual(manifest.settings, engine.settings);
        assert.equal(manifest.model.file, 'onnx/model_quantized.onnx');
        assert.equal(manifest.settings.model.quantized, true);
      } finally {
        await engine.close();
      }
    });

    it('embeds every passage again, naming MODEL_QUANTIZED, when it is switched off', async () => {
      const { engine, infos } = await openWith({ ...env, MODEL_QUANTIZED: 'false' });
      try {
        const expected = 'Rebuilt the index: setting model.quantized (MODEL_QUANTIZED) and with it the model file changed (onnx/model_quantized.onnx -> onnx/model.onnx): embedding every passage again.';
        assert.ok(infos.includes(expected), `no message naming MODEL_QUANTIZED among: ${infos.join(' | ')}`);
        assert.equal(engine.openReport.reused, 0, 'no vector of the other model file was reused');
        assert.equal(engine.openReport.embedded, new Set(engine.index.passages.map((p) => p.hash)).size);
        assert.equal(engine.index.manifest.model?.file, 'onnx/model.onnx');
      } finally {
        await engine.close();
      }
    });

    it('answers with the retrievers the retrieval mode names, and says which', async () => {
      const question = 'التجارة بين روسيا والصين';
      for (const mode of ['hybrid', 'lexical', 'dense'] as const) {
        const { engine } = await openWith({ ...env, MODEL_QUANTIZED: 'false' }, { retrieval: { mode } });
        try {
          const answer = await engine.ask(question);
          assert.equal(engine.retrieval.mode, mode === 'lexical' ? 'lexical-only' : mode);
          // The model judges passages only when it took part; BM25 brings passages holding the words only when it did.
          const best = answer.judged[0];
          assert.ok(best, `${mode}: no passage judged`);
          assert.equal(best.model === null, mode === 'lexical', `${mode}: the model's evidence ${best.model}`);
          assert.equal(answer.judged.some((j) => j.words > 0), mode !== 'dense' || answer.judged.some((j) => j.words > 0), `${mode}: words ${answer.judged.map((j) => j.words)}`);
        } finally {
          await engine.close();
        }
      }
    });

    it('GIVEN a question none of whose words reach the articles THEN the model still judges it; without the model it is refused', async () => {
      const question = 'Zorblax quintessence';
      const withModel = await openWith({ ...env, MODEL_QUANTIZED: 'false' });
      const lexical = await openWith({ ...env, MODEL_QUANTIZED: 'false' }, { retrieval: { mode: 'lexical' } });
      try {
        const judged = await withModel.engine.ask(question);
        assert.notEqual(judged.status === 'refused' && judged.reason, 'no-terms', judged.why);
        assert.ok(judged.judged.length > 0 && judged.judged.every((j) => typeof j.margin === 'number'), `the model measured every passage: ${JSON.stringify(judged.judged.slice(0, 2))}`);
        const refused = await lexical.engine.ask(question);
        assert.equal(refused.status === 'refused' && refused.reason, 'no-terms', refused.why);
      } finally {
        await withModel.engine.close();
        await lexical.engine.close();
      }
    });

    it('GIVEN BM25 k1 and b and efSearch changed THEN nothing is rebuilt and the words are scored with the new values', async () => {
      const quantizedOff = { ...env, MODEL_QUANTIZED: 'false' };
      // One candidate, lexical-only: the passage answered from is BM25's best for the word.
      const topFor = async (settings: SettingsOverrides) => {
        const { engine, infos } = await openWith(quantizedOff, { ...settings, retrieval: { mode: 'lexical', candidates: 1 } });
        try {
          const answer = await engine.ask('قال');
          const { concepts } = analyzeQuery('قال', buildLexicon(engine.index, null, engine.settings.analysis), engine.settings.analysis);
          const expected = engine.index.lexical.search(concepts, 1, engine.settings.bm25)[0]?.doc;
          return { report: engine.openReport, infos, settings: engine.settings, top: answer.judged[0]?.doc, expected };
        } finally {
          await engine.close();
        }
      };
      const before = await topFor({});
      const after = await topFor({ bm25: { k1: 3, b: 0 }, hnsw: { efSearch: 7 } });
      assert.deepEqual([after.report.upToDate, after.report.embedded, after.report.rebuildReason], [true, 0, undefined]);
      assert.equal(after.infos.some((line) => line.startsWith('Rebuilt')), false, after.infos.join(' | '));
      assert.deepEqual([after.settings.bm25, after.settings.hnsw.efSearch], [{ k1: 3, b: 0 }, 7]);
      assert.notEqual(after.top, before.top, `the same best passage (${after.top}) with k1 3 and b 0 as with the defaults`);
      assert.deepEqual([before.top, after.top], [before.expected, after.expected]);
    });
  });

  describe('indexDirFor', () => {
    it('gives different corpus folders different index folders, all under INDEX_DIR', () => {
      const a = indexDirFor(config, '/data/news/arabic');
      const b = indexDirFor(config, '/data/news/english');
      const sameName = indexDirFor(config, '/elsewhere/arabic');
      assert.equal(new Set([a, b, sameName]).size, 3);
      for (const dir of [a, b, sameName]) assert.equal(dirname(dir), config.INDEX_DIR);
      assert.match(a, /arabic-[0-9a-f]{8}$/);
    });

    it('gives the same folder the same index folder, however the path is written', () => {
      assert.equal(indexDirFor(config, '/data/news/arabic'), indexDirFor(config, '/data/news/./other/../arabic/'));
    });

    it('lets an engine over another corpus build beside the seeds index without touching it', async () => {
      const corpus = join(scratch, 'other corpus');
      await mkdir(corpus);
      await writeFile(join(corpus, 'gas.txt'), 'صفقة الغاز الجديدة\n\nقال وزير الطاقة إن صادرات الغاز إلى الصين سترتفع في العام المقبل بنسبة كبيرة.\n');
      const seedsManifest = join(indexDirFor(config, SEEDS), 'manifest.json');
      const before = existsSync(seedsManifest) ? await readFile(seedsManifest, 'utf8') : undefined;

      const { logger } = capturingLogger();
      const engine = await Engine.open({ config, logger, corpusDir: corpus, embedder: null });
      try {
        assert.ok(existsSync(join(indexDirFor(config, corpus), 'manifest.json')), `join(indexDirFor(config, corpus), 'manifest.json'): ${observed(join(indexDirFor(config, corpus), 'manifest.json'))}`);
        assert.notEqual(indexDirFor(config, corpus), indexDirFor(config, SEEDS));
        assert.deepEqual(engine.stats().files.map((f) => f.file), ['gas.txt']);
        if (before !== undefined) assert.equal(await readFile(seedsManifest, 'utf8'), before);
      } finally {
        await engine.close();
      }
    });
  });

  describe('passagesLike and passageAt ("more like #2" in a thread)', () => {
    it('GIVEN no model THEN the passages sharing most words, never the passage itself or one of its text', async () => {
      const { logger } = capturingLogger();
      const engine = await Engine.open({ config, logger, embedder: null });
      try {
        const source = engine.index.passages.find((p) => p.text.includes('الغاز') && p.text.includes('أوشاكوف'))!;
        assert.ok(source, 'the seeds quote Ushakov on gas');
        const like = await engine.passagesLike({ id: source.id, text: source.text }, 3);
        assert.equal(like.by, 'words');
        assert.ok(like.passages.length > 0 && like.passages.length <= 3, `got ${like.passages.length}`);
        assert.ok(like.passages.every((p) => p.id !== source.id && p.text !== source.text), like.passages.map((p) => p.id).join(', '));
        const words = new Set(source.text.split(/\s+/).filter((w) => w.length > 3));
        assert.ok(like.passages[0]!.text.split(/\s+/).some((w) => words.has(w)), `the best one shares words: ${like.passages[0]!.text}`);
      } finally {
        await engine.close();
      }
    });

    it('GIVEN a reference THEN the passage by id, else by file and first line, else nothing', async () => {
      const { logger } = capturingLogger();
      const engine = await Engine.open({ config, logger, embedder: null });
      try {
        const passage = engine.index.passages[3]!;
        assert.equal(engine.passageAt(passage)?.id, passage.id);
        assert.equal(engine.passageAt({ id: 'changed-by-a-reindex', file: passage.file, lineStart: passage.lineStart })?.id, passage.id);
        assert.equal(engine.passageAt({ id: 'gone', file: 'gone.txt', lineStart: 1 }), undefined);
      } finally {
        await engine.close();
      }
    });

    it('GIVEN a model THEN the nearest by vectors, best first, the passage itself left out; a passage of another index is embedded', async () => {
      const tiny = await ensureTinyModel(join(fileURLToPath(new URL('..', import.meta.url)), '.cache', 'test-models'));
      const result = loadConfig({ INDEX_DIR: join(scratch, 'like-index'), DICTIONARY_PATH: fixtureDictionaryPath(), MODEL_DIR: tiny.modelDir, MODEL_ID: tiny.modelId, ALLOW_MODEL_DOWNLOAD: 'false', LOG_LEVEL: 'warn' });
      if (!result.ok) assert.fail(result.problems.join('\n'));
      const engine = await Engine.open({ config: result.config, logger: capturingLogger().logger, corpusDir: SEEDS });
      try {
        assert.equal(engine.dense, true);
        const source = engine.index.passages[5]!;
        const like = await engine.passagesLike({ id: source.id, text: source.text }, 4);
        assert.equal(like.by, 'meaning');
        assert.equal(like.passages.length, 4);
        assert.ok(like.passages.every((p) => p.id !== source.id), 'the passage itself is not like itself');
        const scores = like.passages.map((p) => p.score);
        assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first');
        const elsewhere = await engine.passagesLike({ id: 'another-index#L1', text: 'صفقة الغاز الجديدة بين روسيا والصين' }, 2);
        assert.deepEqual([elsewhere.by, elsewhere.passages.length], ['meaning', 2]);
      } finally {
        await engine.close();
      }
    });
  });
});

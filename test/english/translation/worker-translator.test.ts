/**
 * Machine translation wiring: the real `@huggingface/transformers` translation pipeline on a tiny
 * MarianMT-shaped model the test generates (test/support/tiny-marian.ts), in its worker process,
 * and the engine using it. The fixture's "translations" mean nothing: no quality is measured here.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createConsola, type LogObject } from 'consola';
import { loadConfig } from '../../../src/config.ts';
import { resolveTranslator } from '../../../src/english/translation/resolve-translator.ts';
import { loadWorkerTranslator } from '../../../src/english/translation/worker-translator.ts';
import { Engine } from '../../../src/engine.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { fixtureWordListPath } from '../../support/fixture-word-list.ts';
import { runCli } from '../../support/run-cli.ts';
import { ensureTinyMarian, TINY_MARIAN_OTHER } from '../../support/tiny-marian.ts';

describe('machine translation in a worker (tiny MarianMT-shaped fixture)', { timeout: 170_000 }, () => {
  let scratch: string;
  let modelDir: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'translation-'));
    modelDir = await ensureTinyMarian(join(scratch, 'models'));
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  it('GIVEN sentences THEN one English text each, in order, and a sentence seen before is answered from the cache', async () => {
    const loaded = await loadWorkerTranslator({ modelId: 'tiny', modelDir, cacheDir: scratch, allowDownload: false, quantized: true });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
    const { translator } = loaded;
    assert.deepEqual(await translator.translate(['قال بوتين إن التجارة زادت', 'التجارة زادت', 'بوتين', 'كلام آخر']), ['said', 'trade', 'Putin', TINY_MARIAN_OTHER]);
    await translator.dispose();
    // The worker is gone: only the cache can answer now.
    assert.deepEqual(await translator.translate(['بوتين', 'قال بوتين إن التجارة زادت']), ['Putin', 'said']);
    await assert.rejects(translator.translate(['جملة لم تُترجم']), /Translator: /);
  });

  it('GIVEN a folder without a model THEN a failure with the reason, no process left behind', async () => {
    const loaded = await loadWorkerTranslator({ modelId: 'none', modelDir: join(scratch, 'empty'), cacheDir: scratch, allowDownload: false, quantized: true });
    assert.equal(loaded.ok, false);
    assert.match(loaded.ok ? '' : loaded.reason, /\S/);
  });

  it('GIVEN no model and no way to download one THEN one line in the log and glossing', async () => {
    const logs: LogObject[] = [];
    const logger = createConsola({ level: 4, reporters: [{ log: (entry) => void logs.push(entry) }] });
    const config = loadConfig({ MODEL_CACHE_DIR: join(scratch, 'empty-cache'), ALLOW_MODEL_DOWNLOAD: 'false' });
    assert.ok(config.ok, config.ok ? '' : config.problems.join('; '));
    assert.equal(await resolveTranslator(config.config, logger), null);
    const lines = logs.map((entry) => entry.args.join(' '));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^No translation model \(Xenova\/opus-mt-ar-en is not in .*\); quoted sentences get a word-by-word gloss instead\.$/);
  });

  it('GIVEN TRANSLATION_MODEL_DIR THEN the engine answers with "translation" English, and ask --json says so', async () => {
    const config = loadConfig({ INDEX_DIR: join(scratch, 'index'), LOG_LEVEL: 'warn', DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath(), TRANSLATION_MODEL_DIR: modelDir, ALLOW_MODEL_DOWNLOAD: 'false' });
    assert.ok(config.ok, config.ok ? '' : config.problems.join('; '));
    const engine = await Engine.open({ config: config.config, embedder: null, logger: createConsola({ level: 0 }) });
    try {
      const answer = await engine.ask('What did Ushakov say?');
      assert.ok(answer.passages.length > 0, answer.why);
      for (const passage of answer.passages) {
        assert.equal(passage.english?.kind, 'translation', JSON.stringify(passage.english));
        assert.match(passage.english!.text, /^(said|trade|Putin|something)( … (said|trade|Putin|something))*$/);
      }
    } finally {
      await engine.close();
    }
    const run = await runCli(['ask', '--json', 'What did Ushakov say?'], { INDEX_DIR: join(scratch, 'cli-index'), MODEL_DIR: join(scratch, 'no-model'), DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath(), TRANSLATION_MODEL_DIR: modelDir });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { passages: { english?: { kind: string } }[] };
    assert.ok(json.passages.every((passage) => passage.english?.kind === 'translation'), run.stdout.slice(0, 400));
  });
});

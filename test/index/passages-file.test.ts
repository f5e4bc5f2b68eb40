import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Passage } from '../../src/corpus/passages.ts';
import { buildIndex } from '../../src/index/build-index.ts';
import type { StoredPassages } from '../../src/index/corpus-index.ts';
import { loadCorpusIndex } from '../../src/index/store/local-index-store.ts';
import { INDEX_FILES, sha256, writeChunks } from '../../src/index/index-files.ts';
import type { Manifest } from '../../src/index/manifest.ts';
import { parseLexicalFile } from '../../src/index/lexical-file.ts';
import { passagesFileLines, readPassagesFile } from '../../src/index/passages-file.ts';
import { defaultSettings } from '../../src/settings.ts';

function passage(n: number, text: string): Passage {
  return { id: `a.md#L${n}`, file: 'a.md', lineStart: n, lineEnd: n, text, sentences: [{ start: 0, end: text.length }], hash: sha256(text), isTitle: n === 1 };
}

function stored(passages: Passage[]): StoredPassages {
  return { passages, groups: [[0, 2]], titles: { 'a.md': passages[0]?.text ?? '' }, articles: {}, vocabulary: [['قال', 3]], bigrams: [['ال قدس', 1]] };
}

describe('passages.jsonl, and the layout before it', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'passages-file-'));
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  it('reads back exactly what was written, across read chunks cut inside Arabic characters and lines', async () => {
    // ~3 MB of two-byte characters: the 1 MB reads end inside characters and inside lines.
    const long = 'قال المتحدث "نعم"\nثم أضاف: \u2028 لا شيء آخر. '.repeat(40);
    const passages = Array.from({ length: 1500 }, (_, i) => passage(i + 1, `${i} ${long}`));
    const file = join(scratch, 'round-trip.jsonl');
    const checksum = await writeChunks(file, passagesFileLines(stored(passages)));
    const read = await readPassagesFile(file);
    assert.deepEqual(read.stored, stored(passages));
    assert.equal(read.sha256, checksum, 'the checksum taken while reading equals the one taken while writing');
  });

  it('reads an index with no passages', async () => {
    const file = join(scratch, 'empty-corpus.jsonl');
    await writeChunks(file, passagesFileLines(stored([])));
    assert.deepEqual((await readPassagesFile(file)).stored.passages, []);
  });

  it('refuses a file whose first line is not the header', async () => {
    const file = join(scratch, 'no-header.jsonl');
    await writeFile(file, JSON.stringify(passage(1, 'نص')) + '\n');
    await assert.rejects(readPassagesFile(file), /not its header/);
  });

  it('still loads an index saved in the earlier layout (passages.json, lexical.json), without a rebuild', async () => {
    const corpus = join(scratch, 'corpus');
    const indexDir = join(scratch, 'index');
    await mkdir(corpus, { recursive: true });
    await writeFile(join(corpus, 'a.md'), 'عنوان الخبر\n\nقال أوشاكوف إن المحادثات كانت مفيدة.\n');
    const built = (await buildIndex({ settings: defaultSettings, corpusDir: corpus, indexDir, embedder: null, previous: null })).index;

    // Rewrite it the way the earlier version saved it.
    const { stored: current } = await readPassagesFile(join(indexDir, INDEX_FILES.passages));
    const legacy = Buffer.from(JSON.stringify(current));
    await writeFile(join(indexDir, INDEX_FILES.legacyPassages), legacy);
    await unlink(join(indexDir, INDEX_FILES.passages));
    const legacyLexical = Buffer.from(JSON.stringify(parseLexicalFile(await readFile(join(indexDir, INDEX_FILES.lexical))).toJSON()));
    await writeFile(join(indexDir, INDEX_FILES.legacyLexical), legacyLexical);
    await unlink(join(indexDir, INDEX_FILES.lexical));
    const manifest = JSON.parse(await readFile(join(indexDir, INDEX_FILES.manifest), 'utf8')) as Manifest;
    manifest.checksums = { [INDEX_FILES.legacyPassages]: sha256(legacy), [INDEX_FILES.legacyLexical]: sha256(legacyLexical) };
    await writeFile(join(indexDir, INDEX_FILES.manifest), JSON.stringify(manifest));

    const loaded = await loadCorpusIndex(indexDir, defaultSettings.hnsw);
    if (!loaded.ok) assert.fail(`the earlier layout did not load: ${loaded.message}`);
    assert.deepEqual(loaded.index.passages, built.passages);
    assert.deepEqual(loaded.index.lexical.toJSON(), built.lexical.toJSON());
  });
});

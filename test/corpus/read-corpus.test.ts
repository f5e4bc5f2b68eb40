import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCorpus, type CorpusReadResult } from '../../src/corpus/read-corpus.ts';

const ARTICLE = 'قال الرئيس إن المحادثات كانت مثمرة.\nوأضاف أن الجانبين اتفقا على اللقاء مجددا.\n';

const LINKED = 'نص يصل إليه الرابط فقط، وليس نسخة من مقال آخر.\n';

describe('readCorpus', () => {
  let scratch: string;
  let corpus: string;
  let result: CorpusReadResult;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'read-corpus-test-'));
    corpus = join(scratch, 'corpus');
    await mkdir(join(corpus, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(corpus, 'a.txt'), ARTICLE);
    await writeFile(join(corpus, 'notes.md'), '# عنوان\n\nنص المقال هنا.\n');
    await writeFile(join(corpus, 'nested', 'deeper', 'b.txt'), 'سطر أول\r\nسطر ثان\rسطر ثالث');
    await writeFile(join(corpus, 'file with spaces.txt'), 'ملف باسم فيه مسافات.');
    await writeFile(join(corpus, 'مقال روسيا والصين.txt'), 'ملف باسم عربي.');
    await writeFile(join(corpus, 'ignored.json'), '{"not": "an article"}');
    await writeFile(join(corpus, 'ignored.html'), '<p>not an article</p>');
    await mkdir(join(corpus, '.hidden'));
    await writeFile(join(corpus, '.hidden', 'secret.txt'), 'hidden folder');
    await writeFile(join(corpus, '.dotfile.txt'), 'hidden file');
    // Files that cannot be articles.
    await writeFile(join(corpus, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]));
    await writeFile(join(corpus, 'latin1.txt'), Buffer.from('caf\xe9 na\xefve', 'latin1'));
    await writeFile(join(corpus, 'empty.txt'), '');
    await writeFile(join(corpus, 'blank.txt'), ' \n\n\t\n');
    await writeFile(join(corpus, 'huge.txt'), 'ا'.repeat(3000)); // 6000 bytes, over the 4 KiB limit below
    await writeFile(join(scratch, 'outside.txt'), 'a file outside the corpus folder');
    await symlink(join(scratch, 'outside.txt'), join(corpus, 'escape.txt'));
    // The link's target has an extension that is not read by itself, so the link is its only way in
    // (a link to an article that is read anyway would be skipped as a duplicate).
    await writeFile(join(corpus, 'nested', 'linked-source.text'), LINKED);
    await symlink(join(corpus, 'nested', 'linked-source.text'), join(corpus, 'nested', 'inside-link.txt'));
    await symlink(join(scratch, 'no-such-file.txt'), join(corpus, 'broken.txt'));
    await symlink(join(corpus, 'nested'), join(corpus, 'folder-link.txt'));

    result = await readCorpus(corpus, { maxFileBytes: 4096 });
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const skipReason = (file: string) => result.skipped.find((s) => s.file === file)?.reason;

  it('reads .txt and .md files recursively, with forward-slash paths relative to the folder, sorted', () => {
    assert.deepEqual(
      result.documents.map((d) => d.file),
      ['a.txt', 'file with spaces.txt', 'nested/deeper/b.txt', 'nested/inside-link.txt', 'notes.md', 'مقال روسيا والصين.txt'],
    );
  });

  it('ignores other extensions and hidden files and folders', () => {
    const all = [...result.documents.map((d) => d.file), ...result.skipped.map((s) => s.file)];
    for (const file of ['ignored.json', 'ignored.html', '.hidden/secret.txt', '.dotfile.txt']) assert.ok(!all.includes(file), file);
  });

  it('keeps the exact text and splits it into lines at \\n, \\r\\n and \\r', () => {
    const a = result.documents.find((d) => d.file === 'a.txt')!;
    assert.equal(a.text, ARTICLE);
    assert.deepEqual(a.lines, ['قال الرئيس إن المحادثات كانت مثمرة.', 'وأضاف أن الجانبين اتفقا على اللقاء مجددا.', '']);
    const b = result.documents.find((d) => d.file === 'nested/deeper/b.txt')!;
    assert.deepEqual(b.lines, ['سطر أول', 'سطر ثان', 'سطر ثالث']);
  });

  it('hashes the file bytes, so a changed file is recognised', () => {
    const a = result.documents.find((d) => d.file === 'a.txt')!;
    assert.equal(a.hash, createHash('sha256').update(ARTICLE).digest('hex'));
  });

  it('reads file names with spaces and Arabic letters', () => {
    assert.equal(result.documents.find((d) => d.file === 'file with spaces.txt')?.text, 'ملف باسم فيه مسافات.');
    assert.equal(result.documents.find((d) => d.file === 'مقال روسيا والصين.txt')?.text, 'ملف باسم عربي.');
  });

  it('reads a link that stays inside the corpus folder', () => {
    assert.equal(result.documents.find((d) => d.file === 'nested/inside-link.txt')?.text, LINKED);
  });

  it('skips a binary file, saying it looks binary', () => {
    assert.match(skipReason('binary.txt') ?? '', /binary/);
  });

  it('skips a file that is not UTF-8, saying to save it as UTF-8', () => {
    assert.match(skipReason('latin1.txt') ?? '', /not valid UTF-8.*save it as UTF-8/);
  });

  it('skips an empty file and a file of white space only', () => {
    assert.match(skipReason('empty.txt') ?? '', /empty/);
    assert.match(skipReason('blank.txt') ?? '', /white space/);
  });

  it('skips a file over the size limit, stating its size and the limit', () => {
    assert.equal(skipReason('huge.txt'), 'it is 6 KiB, over the 4 KiB limit for one article');
  });

  it('skips a link pointing outside the corpus folder, and a broken link', () => {
    assert.match(skipReason('escape.txt') ?? '', /link to a file outside the corpus folder/);
    assert.match(skipReason('broken.txt') ?? '', /broken link/);
  });

  it('skips a link named like an article that points at a folder, and still reads the rest', () => {
    assert.equal(skipReason('folder-link.txt'), 'it is not a regular file');
  });

  it('names each skipped file exactly once and never also returns it as a document', () => {
    const skipped = result.skipped.map((s) => s.file).sort();
    assert.deepEqual(skipped, ['binary.txt', 'blank.txt', 'broken.txt', 'empty.txt', 'escape.txt', 'folder-link.txt', 'huge.txt', 'latin1.txt']);
    const read = new Set(result.documents.map((d) => d.file));
    for (const file of skipped) assert.ok(!read.has(file), file);
  });

  it('fails with ENOENT for a corpus folder that does not exist', async () => {
    await assert.rejects(readCorpus(join(scratch, 'no-such-folder')), { code: 'ENOENT' });
  });

  it('drops a UTF-8 byte-order mark, so the first line starts with the text', async () => {
    const dir = join(scratch, 'bom');
    await mkdir(dir);
    await writeFile(join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('عنوان المقال')]));
    const { documents } = await readCorpus(dir);
    assert.equal(documents[0]?.lines[0], 'عنوان المقال');
  });
});

describe('readCorpus with duplicate articles', () => {
  it('skips a byte-for-byte copy, naming the file it copies', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'read-corpus-dup-'));
    try {
      await writeFile(join(scratch, 'original.txt'), LINKED);
      await writeFile(join(scratch, 'same again.txt'), LINKED);
      const result = await readCorpus(scratch);
      assert.deepEqual(result.documents.map((d) => d.file), ['original.txt']);
      assert.deepEqual(result.skipped, [{ file: 'same again.txt', reason: 'it has the same content as original.txt' }]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

/**
 * A corpus's articles in PostgreSQL: the verbatim text of each file, read back line for line as
 * the folder reader reads it; a folder uploaded (added, changed, removed files; articles saved
 * otherwise kept); the same article never saved twice, however many processes race to save it.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/config.ts';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import { DatabaseArticles } from '../../src/db/database-articles.ts';
import { defaultSettings } from '../../src/settings.ts';
import type { NewArticle } from '../../src/sources/article-file.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const database: TestDatabase = await createTestDatabase();
const skip = 'skip' in database ? database.skip : false;
const databaseUrl = 'url' in database ? database.url : '';

/** The same database as another process sees it: its own connections and its own locks' session. */
function asAnotherProcess(name: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', name);
  return url.toString();
}

function article(n: number, url = `https://news.example/story-${n}?utm_source=feed`): NewArticle {
  return {
    metadata: { title: `عنوان الخبر رقم ${n}`, url, outlet: 'أخبار المثال', fetched: '2026-01-02T03:04:05.000Z' },
    paragraphs: [`عنوان الخبر رقم ${n}`, `افتتحت الوزارة المشروع رقم ${n} في المدينة الشمالية بعد سنوات من العمل المتواصل.`, `وقال المدير إن المشروع ${n} سيخدم آلاف السكان.`],
  };
}

describe('DatabaseArticles', { skip, timeout: 120_000 }, () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'db-articles-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    if ('drop' in database) await database.drop();
  });

  it('GIVEN seeds/ uploaded THEN each article reads back as the folder reader reads the file: same text, lines, front matter and hash', async () => {
    const articles = await DatabaseArticles.open(databaseUrl, 'verbatim');
    try {
      const corpus = join(scratch, 'verbatim');
      await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
      // A saved article with a front matter: its lines are blank in the document but keep their numbers.
      await writeFile(join(corpus, 'zz-saved.md'), '---\ntitle: "عنوان"\nurl: "https://news.example/a"\n---\n\nعنوان\n\nفقرة أولى من المقال.\r\nفقرة ثانية.\n');
      const report = await articles.importFolder(corpus);
      assert.equal(report.added.length, 6, JSON.stringify(report));
      const fromFolder = await readCorpus(corpus);
      const fromDatabase = await articles.read();
      assert.deepEqual(fromDatabase.documents, fromFolder.documents, 'the documents from the database are those of the folder, in its order');
      assert.equal(fromDatabase.version, 1, 'one upload, one version');
      const saved = fromDatabase.documents.find((d) => d.file === 'zz-saved.md')!;
      assert.equal(saved.text, await readFile(join(corpus, 'zz-saved.md'), 'utf8'), 'the text is stored verbatim, line breaks included');
      assert.equal(saved.lines[7], 'فقرة أولى من المقال.', 'line 8 of the file is line 8 of the document');
      assert.deepEqual(saved.metadata, { title: 'عنوان', url: 'https://news.example/a' });
    } finally {
      await articles.close();
    }
  });

  it('GIVEN an upload again THEN changed files are replaced, removed ones removed, and articles saved otherwise kept', async () => {
    const corpus = join(scratch, 'uploads');
    await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    const articles = await DatabaseArticles.open(databaseUrl, 'uploads');
    try {
      await articles.importFolder(corpus);
      const added = await articles.write(article(1));
      assert.ok('file' in added, `the article is saved: ${JSON.stringify(added)}`);
      const files = (await readCorpus(corpus)).documents.map((d) => d.file);
      await writeFile(join(corpus, files[0]!), `${await readFile(join(corpus, files[0]!), 'utf8')}\nفقرة جديدة أضيفت إلى المقال.\n`);
      await rm(join(corpus, files[1]!));
      const unchangedVersion = (await articles.read()).version;
      const report = await articles.importFolder(corpus);
      assert.deepEqual([report.added, report.changed, report.removed, report.unchanged], [[], [files[0]], [files[1]], files.length - 2]);
      const after = await articles.read();
      assert.ok(after.version! > unchangedVersion!, 'the change moved the version');
      assert.deepEqual(after.documents.map((d) => d.file).sort(), [...files.filter((f) => f !== files[1]), added.file].sort(), 'the /add article stays; the removed file is gone');
      assert.match(after.documents.find((d) => d.file === files[0])!.text, /فقرة جديدة أضيفت/);
      const again = await articles.importFolder(corpus);
      assert.deepEqual([again.added.length, again.changed.length, again.removed.length], [0, 0, 0], 'an unchanged folder changes nothing');
      assert.equal((await articles.read()).version, after.version, 'nor the version');
    } finally {
      await articles.close();
    }
  });

  it('GIVEN a file whose text another article has THEN the upload skips it, naming that article', async () => {
    const corpus = join(scratch, 'copies');
    await cp(join(PROJECT_ROOT, 'seeds'), corpus, { recursive: true });
    const [first] = (await readCorpus(corpus)).documents;
    // The same text under another name and another front matter.
    await writeFile(join(corpus, 'zz-copy.md'), `---\ntitle: "نسخة"\n---\n${first!.text}`);
    const articles = await DatabaseArticles.open(databaseUrl, 'copies');
    try {
      const report = await articles.importFolder(corpus);
      assert.deepEqual(report.skipped, [{ file: 'zz-copy.md', reason: `it has the same text as ${first!.file}, already in the corpus` }]);
      assert.equal((await articles.read()).documents.length, 5);
    } finally {
      await articles.close();
    }
  });

  it('GIVEN two processes saving the same articles at once THEN each is saved once, and the other is told which file has it', async () => {
    const [one, two] = await Promise.all([DatabaseArticles.open(asAnotherProcess('one'), 'race'), DatabaseArticles.open(asAnotherProcess('two'), 'race')]);
    try {
      assert.notEqual(one, two, 'two processes: two connections, two caches');
      const stories = Array.from({ length: 8 }, (_, n) => article(n));
      // The same link with other tracking parameters and a fragment is the same article.
      const respelled = stories.map((s) => ({ ...s, metadata: { ...s.metadata, url: `${s.metadata.url!.replace(/\?.*$/, '')}?utm_medium=x#top` } }));
      const outcomes = await Promise.all(stories.flatMap((story, n) => [one.write(story), two.write(respelled[n]!)]));
      const saved = outcomes.filter((o) => 'file' in o);
      const duplicates = outcomes.filter((o): o is { duplicate: string } => 'duplicate' in o);
      assert.equal(saved.length, 8, `one save per article: ${JSON.stringify(outcomes)}`);
      assert.equal(duplicates.length, 8);
      for (const duplicate of duplicates) assert.match(duplicate.duplicate, /^this link is already in the corpus as \d{4}-\d\d-\d\d-news\.example-[0-9a-f]{8}\.md$/);
      // The other process sees every saved article, and what it had cached is brought up to date.
      const catalogue = await two.catalogue(defaultSettings.nearDuplicates);
      assert.equal(catalogue.entries.length, 8);
      assert.equal((await two.read()).documents.length, 8);
      const sameText = await one.write(article(3, 'https://elsewhere.example/copied-story'));
      assert.match(JSON.stringify(sameText), /"duplicate":"it has the same text as /, 'the same text under another link is a duplicate too');
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('GIVEN a row written around the checks (another program, an older version) THEN the database itself refuses a second copy of a link or a text', async () => {
    const articles = await DatabaseArticles.open(databaseUrl, 'constraints');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const saved = await articles.write(article(1));
      assert.ok('file' in saved, JSON.stringify(saved));
      const row = (await client.query('SELECT * FROM articles WHERE corpus = $1', ['constraints'])).rows[0];
      const insert = (file: string, bodyHash: string, url: string | null) =>
        client.query('INSERT INTO articles (corpus, file, text, content_hash, body_hash, canonical_url, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)', ['constraints', file, row.text, 'x', bodyHash, url, '{}']);
      await assert.rejects(insert('other-link.md', row.body_hash, null), /articles_body_hash/);
      await assert.rejects(insert('other-text.md', 'another text', row.canonical_url), /articles_canonical_url/);
      await insert('unrelated.md', 'another text', null);
    } finally {
      await client.end();
      await articles.close();
    }
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import { openTestEngine } from '../support/seeds-engine.ts';
import { observed } from '../support/observed.ts';

const lineOf = (file: string, line: number) => readFileSync(join(PROJECT_ROOT, 'seeds', file), 'utf8').split(/\r?\n/)[line - 1]!.trim();

describe('answers over the seed articles (lexical-only)', () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  before(async () => {
    t = await openTestEngine();
  });
  after(async () => t?.close());

  it('GIVEN "What did Ushakov say?" THEN every passage quotes أوشاكوف verbatim, from several files, with the quote marked', async () => {
    const answer = await t.engine.ask('What did Ushakov say?');
    assert.equal(answer.abstained, false);
    assert.ok(new Set(answer.passages.map((p) => p.file)).size >= 3, `new Set(answer.passages.map((p) => p.file)): ${observed(new Set(answer.passages.map((p) => p.file)))}`);
    for (const passage of answer.passages) {
      assert.equal(passage.text, lineOf(passage.file, passage.lineStart));
      assert.ok(passage.quotes.length > 0, `passage.quotes: ${observed(passage.quotes)}`);
      for (const quote of passage.quotes) assert.ok(quote.end > quote.start && quote.end <= passage.text.length, `quote.end: ${observed(quote.end)}; quote.start: ${observed(quote.start)}; passage.text: ${observed(passage.text)}`);
    }
    assert.ok(answer.passages.filter((p) => p.text.includes('أوشاكوف')).length >= 3, `answer.passages.filter((p) => p.text.includes('أوشاكوف')): ${observed(answer.passages.filter((p) => p.text.includes('أوشاكوف')))}`);
  });

  it('returns all of a speaker\'s quotes, not only the default five', async () => {
    const answer = await t.engine.ask('ماذا قال أوشاكوف؟');
    assert.ok(answer.passages.length > 5, `only ${answer.passages.length} passages`);
  });

  it('answers an English and an Arabic speaker question with the same quotes', async () => {
    const english = await t.engine.ask('What did Ushakov say?');
    const arabic = await t.engine.ask('ماذا قال أوشاكوف؟');
    assert.deepEqual(english.passages.map((p) => p.id), arabic.passages.map((p) => p.id));
  });

  it('carries a speaker over to a following "وأضاف: …" paragraph', async () => {
    const answer = await t.engine.ask('ماذا قال أوشاكوف؟');
    const added = answer.passages.find((p) => p.text.startsWith('وأضاف:'));
    assert.ok(added, 'no "وأضاف:" paragraph among Ushakov\'s quotes');
  });

  it('lists the people quoted in the corpus, most quoted first, for autocomplete', () => {
    const speakers = t.engine.speakers();
    assert.ok(speakers.length >= 3, `speakers: ${observed(speakers)}`);
    assert.ok(speakers.some((s) => s.name.includes('أوشاكوف')), `speakers: ${observed(speakers)}`);
    assert.ok(speakers[0]!.quotes >= speakers.at(-1)!.quotes, `speakers[0]!.quotes: ${observed(speakers[0]!.quotes)}; speakers.at(-1)!.quotes: ${observed(speakers.at(-1)!.quotes)}`);
  });

  it('finds a speaker\'s quotes by name in either script (for /quote)', () => {
    const latin = t.engine.quotes('Ushakov');
    const arabic = t.engine.quotes('أوشاكوف');
    assert.ok(latin.passages.length > 0, `latin.passages: ${observed(latin.passages)}`);
    assert.deepEqual(latin.passages.map((p) => p.id), arabic.passages.map((p) => p.id));
  });

  it('GIVEN a speaker question with a topic THEN the quotes on that topic come first', async () => {
    const answer = await t.engine.ask('What did Putin say about sanctions?');
    assert.match(answer.passages[0]!.text, /العقوبات/);
  });

  it('GIVEN a question the articles do not answer THEN it abstains and says what they cover', async () => {
    const answer = await t.engine.ask('What is the boiling point of water?');
    assert.equal(answer.abstained, true);
    assert.deepEqual(answer.passages, []);
    assert.match(answer.why, /cover/);
    assert.match(answer.why, /أوشاكوف/);
  });

  it('matches numbers written in Arabic-Indic digits against Western digits', async () => {
    const answer = await t.engine.ask('زادت التجارة بنسبة ٣١٪');
    assert.match(answer.passages[0]!.text, /\b31٪/);
  });

  it('refuses a question of punctuation and emoji with a reason', async () => {
    const answer = await t.engine.ask('?!? 🙂🙂');
    assert.equal(answer.status === 'refused' && answer.reason, 'empty');
    assert.match(answer.why, /nothing to search for/);
  });
});

describe('GIVEN no English-Arabic dictionary', () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  before(async () => {
    t = await openTestEngine({ env: { DICTIONARY_PATH: '/nonexistent/freedict-eng-ara' } });
  });
  after(async () => t?.close());

  it('notes it in the log and still matches names', async () => {
    assert.ok(t.logs().some((line) => line.includes('dictionary') && line.includes('dict-freedict-eng-ara')), `t.logs(): ${observed(t.logs())}`);
    const answer = await t.engine.ask('Who is Igor Sechin?');
    assert.equal(answer.abstained, false);
    assert.match(answer.passages[0]!.text, /سيتشين/);
  });
});

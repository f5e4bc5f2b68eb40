import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import { buildIndex } from '../../src/index/build-index.ts';
import { answerQuestion, type QuestionState } from '../../src/search/answer-question.ts';
import { buildLexicon } from '../../src/search/lexicon.ts';
import { Refusals } from '../../src/search/refusals.ts';
import { attributeQuotes } from '../../src/search/speakers/attribution.ts';
import { defaultSettings, MAX_PASSAGES } from '../../src/settings.ts';

describe('answerQuestion over the seed articles (lexical-only)', () => {
  let scratch: string;
  let state: QuestionState;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'answer-question-'));
    const { index } = await buildIndex({ settings: defaultSettings, corpusDir: join(PROJECT_ROOT, 'seeds'), indexDir: join(scratch, 'index'), embedder: null, previous: null });
    const speakers = attributeQuotes(index.passages);
    state = {
      index,
      lexicon: buildLexicon(index, null, defaultSettings.analysis),
      speakers: () => speakers,
      overview: () => 'The articles are about Putin and Xi.',
      settings: defaultSettings,
      defaultK: 5,
      embedQuery: null,
      denseBackground: async () => [],
      onDenseFailure: () => undefined,
    };
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('check', () => {
    it('GIVEN nothing to search for THEN refused with reason "empty", in the one wording', async () => {
      const answer = await answerQuestion(state, ' ?! \u200b', {});
      assert.equal(answer.status, 'refused');
      assert.equal(answer.status === 'refused' && answer.reason, 'empty');
      assert.equal(answer.why, Refusals.empty());
      assert.deepEqual(answer.passages, []);
    });

    it('GIVEN more than the limit THEN refused with reason "too-long", stating the length', async () => {
      const answer = await answerQuestion(state, 'x'.repeat(1500), {});
      assert.equal(answer.status === 'refused' && answer.reason, 'too-long');
      assert.equal(answer.why, Refusals.tooLong(1500));
    });

    it('GIVEN only question words THEN refused with reason "no-terms", saying what the corpus covers', async () => {
      const answer = await answerQuestion(state, 'what is it?', {});
      assert.equal(answer.status === 'refused' && answer.reason, 'no-terms');
      assert.equal(answer.why, `${Refusals.noTerms} The articles are about Putin and Xi.`);
    });
  });

  describe('route and narrow', () => {
    it('GIVEN "what did X say" without k THEN answered with every one of his quotes', async () => {
      const answer = await answerQuestion(state, 'What did Ushakov say?', {});
      assert.equal(answer.status, 'answered', answer.why);
      assert.match(answer.why, /^\d+ passage\(s\) quoting يوري أوشاكوف\.$/);
      assert.ok(answer.passages.length > 5, `only ${answer.passages.length}`);
    });

    it('GIVEN "what did X say" with k 2 THEN exactly 2 of those quotes, the first ones', async () => {
      const all = await answerQuestion(state, 'What did Ushakov say?', {});
      const two = await answerQuestion(state, 'What did Ushakov say?', { k: 2 });
      assert.deepEqual(two.passages.map((p) => p.id), all.passages.slice(0, 2).map((p) => p.id));
    });

    it('GIVEN "what did X say" and a file THEN only quotes from that file', async () => {
      const file = (await answerQuestion(state, 'What did Ushakov say?', {})).passages.at(-1)!.file;
      const answer = await answerQuestion(state, 'What did Ushakov say?', { file });
      assert.ok(answer.passages.length > 0, 'no quote in the file it came from');
      assert.ok(answer.passages.every((p) => p.file === file), 'a passage from another file');
    });

    it('GIVEN a topic question THEN at most defaultK passages, or k when given', async () => {
      const byDefault = await answerQuestion(state, 'trade between Russia and China in yuan and rubles', {});
      assert.equal(byDefault.status, 'answered', byDefault.why);
      assert.equal(byDefault.passages.length, 5);
      const three = await answerQuestion(state, 'trade between Russia and China in yuan and rubles', { k: 3 });
      assert.deepEqual(three.passages.map((p) => p.id), byDefault.passages.slice(0, 3).map((p) => p.id));
    });

    it('GIVEN k outside 1..MAX_PASSAGES THEN a RangeError (front ends check what people type against the same range)', async () => {
      for (const k of [0, MAX_PASSAGES + 1, 2.5]) {
        await assert.rejects(answerQuestion(state, 'trade between Russia and China', { k }), { name: 'RangeError', message: `answerQuestion: k must be a whole number from 1 to ${MAX_PASSAGES}, got ${k}` });
      }
      assert.equal(MAX_PASSAGES, 10);
    });

    it('GIVEN k larger than the retrievers\' candidates setting THEN still k passages (candidates are raised to k)', async () => {
      const few = { ...state, settings: { ...defaultSettings, retrieval: { ...defaultSettings.retrieval, candidates: 2 } } };
      const answer = await answerQuestion(few, 'trade between Russia and China in yuan and rubles', { k: MAX_PASSAGES });
      assert.equal(answer.status, 'answered', answer.why);
      assert.equal(answer.passages.length, MAX_PASSAGES);
    });

    it('GIVEN passages already shown (exclude) and k at its ceiling THEN the next k after them, and whether there are more', async () => {
      const question = 'trade between Russia and China in yuan and rubles';
      const first = await answerQuestion(state, question, { k: MAX_PASSAGES });
      const shown = new Set(first.passages.map((p) => p.id));
      const next = await answerQuestion(state, question, { k: MAX_PASSAGES, exclude: shown });
      assert.equal(next.status, 'answered', next.why);
      assert.deepEqual(next.passages.filter((p) => shown.has(p.id)), [], 'a passage shown before came back');
      assert.equal(next.passages.length, MAX_PASSAGES, `${next.passages.length} passages`);
      const all = await answerQuestion(state, 'What did Ushakov say?', {});
      const rest = await answerQuestion(state, 'What did Ushakov say?', { k: 2, exclude: new Set(all.passages.slice(0, all.passages.length - 3).map((p) => p.id)) });
      assert.deepEqual(rest.passages.map((p) => p.id), all.passages.slice(-3, -1).map((p) => p.id), 'the next two of his quotes');
      assert.equal(rest.more, true, 'one of his quotes is still not shown');
      const last = await answerQuestion(state, 'What did Ushakov say?', { k: 2, exclude: new Set(all.passages.slice(0, -1).map((p) => p.id)) });
      assert.deepEqual([last.passages.length, last.more], [1, false], `${last.passages.length} passage(s), more: ${last.more}`);
    });

    it('GIVEN a question the articles do not answer THEN abstained, saying why and what they cover', async () => {
      const answer = await answerQuestion(state, 'ثوران البراكين في أيسلندا', {});
      assert.equal(answer.status, 'abstained');
      assert.equal(answer.why, `${Refusals.nothingCloseEnough} The articles are about Putin and Xi.`);
    });
  });
});

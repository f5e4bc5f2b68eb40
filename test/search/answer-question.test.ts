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
import { defaultSettings } from '../../src/settings.ts';

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

    it('GIVEN a question the articles do not answer THEN abstained, saying why and what they cover', async () => {
      const answer = await answerQuestion(state, 'ثوران البراكين في أيسلندا', {});
      assert.equal(answer.status, 'abstained');
      assert.equal(answer.why, `${Refusals.nothingCloseEnough} The articles are about Putin and Xi.`);
    });
  });
});

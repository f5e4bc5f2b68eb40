import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../../src/index/corpus-index.ts';
import { buildLexicon } from '../../../src/search/lexicon.ts';
import { attributeQuotes, type SpeakerDirectory } from '../../../src/search/speakers/attribution.ts';
import { answerQuestion } from '../../../src/search/answer-question.ts';
import { collectQuotes } from '../../../src/search/speakers/speaker-answer.ts';
import { defaultSettings } from '../../../src/settings.ts';
import { findSpeakers } from '../../../src/search/speakers/speaker-lookup.ts';
import { buildSmallIndex, NEWS_ARTICLES } from '../../support/small-index.ts';

describe('speaker answers', () => {
  let index: CorpusIndex;
  let close: () => Promise<void>;
  let directory: SpeakerDirectory;
  const ushakov = () => collectQuotes(index, directory, findSpeakers(directory, 'Ushakov', buildLexicon(index, null, defaultSettings.analysis), defaultSettings.speakers));

  before(async () => {
    ({ index, close } = await buildSmallIndex(NEWS_ARTICLES));
    directory = attributeQuotes(index.passages);
  });
  after(async () => close?.());

  describe('collectQuotes', () => {
    it('THEN every passage quoting him, in corpus order, a repeated paragraph once with its other source', () => {
      const { passages } = ushakov();
      assert.deepEqual(passages.map((p) => p.file), ['a.txt', 'c.txt']);
      assert.deepEqual(passages[0]!.alsoIn.map((ref) => ref.file), ['b.txt']);
    });

    it('THEN the quote marked is his sentence only, verbatim', () => {
      for (const passage of ushakov().passages) {
        assert.ok(passage.quotes.length > 0, `${passage.id} has no quote marked`);
        for (const quote of passage.quotes) assert.match(passage.text.slice(quote.start, quote.end), /أوشاكوف/);
      }
    });
  });

  describe('the speaker route of answerQuestion', () => {
    const ask = (question: string) =>
      answerQuestion(
        {
          index,
          lexicon: buildLexicon(index, null, defaultSettings.analysis),
          speakers: () => directory,
          overview: () => '',
          settings: defaultSettings,
          defaultK: 5,
          embedQuery: null,
          denseBackground: async () => [],
          onDenseFailure: () => undefined,
        },
        question,
        {},
      );

    it('GIVEN no topic THEN all his quotes, answered, naming him, each holding what was asked (score 1)', async () => {
      const answer = await ask('ماذا قال أوشاكوف؟');
      assert.equal(answer.status, 'answered', answer.why);
      assert.equal(answer.why, '2 passage(s) quoting يوري أوشاكوف.');
      assert.deepEqual(answer.passages.map((p) => p.score), [1, 1]);
    });

    it('GIVEN a topic THEN the quotes about it first, ranked by score', async () => {
      const answer = await ask('ماذا قال أوشاكوف عن إمدادات الطاقة؟');
      assert.equal(answer.passages[0]!.file, 'c.txt');
      assert.match(answer.why, /those about “إمدادات الطاقة” first/);
      assert.ok(answer.passages[0]!.score > answer.passages[1]!.score, answer.passages.map((p) => p.score).join(' '));
    });

    it('GIVEN a topic none of his quotes touches THEN the plain search judges the question (and finds nothing here)', async () => {
      const answer = await ask('ماذا قال أوشاكوف عن البراكين؟');
      assert.equal(answer.status, 'abstained', answer.why);
    });
  });
});

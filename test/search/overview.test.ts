import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { corpusOverview, describeOverview } from '../../src/search/overview.ts';
import { attributeQuotes } from '../../src/search/speakers/attribution.ts';
import { buildSmallIndex, NEWS_ARTICLES } from '../support/small-index.ts';

describe('corpusOverview', () => {
  let index: CorpusIndex;
  let close: () => Promise<void>;

  before(async () => {
    ({ index, close } = await buildSmallIndex(NEWS_ARTICLES));
  });
  after(async () => close?.());

  it('GIVEN quoted people THEN names the most quoted first, as written', () => {
    const overview = corpusOverview(index, attributeQuotes(index.passages), { people: 5, topics: 8 });
    assert.equal(overview.people[0], 'يوري أوشاكوف');
    assert.ok(overview.people.length >= 2, overview.people.join(', '));
  });

  it('THEN topics are words several articles share, never the names of speakers', () => {
    const speakers = attributeQuotes(index.passages);
    const overview = corpusOverview(index, speakers, { people: 5, topics: 8 });
    assert.ok(overview.topics.includes('الغاز'), `topics: ${overview.topics.join(', ')}`);
    assert.ok(!overview.topics.some((topic) => topic.includes('أوشاكوف')), 'a speaker name among the topics');
  });

  it('GIVEN limits THEN keeps that many people and topics', () => {
    const overview = corpusOverview(index, attributeQuotes(index.passages), { people: 1, topics: 2 });
    assert.equal(overview.people.length, 1);
    assert.equal(overview.topics.length, 2);
  });
});

describe('describeOverview', () => {
  it('GIVEN people and topics THEN one sentence naming both', () => {
    assert.equal(describeOverview({ people: ['أ', 'ب'], topics: ['الغاز'] }), 'The articles cover people quoted: أ; ب; frequent words: الغاز.');
  });
  it('GIVEN a way to describe names and words THEN each is shown so (the engine gives Latin names and English words)', () => {
    const describe = { name: (name: string) => `Latin (${name})`, word: (word: string) => `gas (${word})` };
    assert.equal(describeOverview({ people: ['أ', 'ب'], topics: ['الغاز'] }, describe), 'The articles cover people quoted: Latin (أ); Latin (ب); frequent words: gas (الغاز).');
  });
  it('GIVEN nothing THEN an empty string, so refusals add nothing', () => {
    assert.equal(describeOverview({ people: [], topics: [] }), '');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LexicalIndex, type QueryConcept, type TermPostings } from '../../src/index/lexical-index.ts';
import type { PostingsSource } from '../../src/index/corpus-index.ts';
import { QuestionPostings, conceptTerms } from '../../src/index/question-postings.ts';
import { defaultSettings } from '../../src/settings.ts';

/** Passages as the index sees them: lists of (already stemmed) terms. */
const CORPUS = [
  'putin xi call cooperation russia china',
  'ushakov said gas agreements in preparation russia',
  'gas gas pipeline power siberia russia',
  'yuri ushakov kremlin aide told reporters russia',
  'trade grew 31 percent russia china',
  'ushakov yuri met reporters and said yuri left russia',
  'olympic games beijing boycott russia china white house said officials would boycott games human rights',
].map((text) => text.split(' '));

const full = LexicalIndex.build(CORPUS, { k1: 1.5, b: 0.6 });

/** The postings a database would return: the whole index's lists, counting what was asked for. */
class ListsOf implements PostingsSource {
  readonly asked: string[][] = [];
  async fetch(terms: readonly string[]): Promise<Map<string, TermPostings>> {
    this.asked.push([...terms]);
    const lists = new Map([...full.postingLists()].map(([term, docs, tfs]) => [term, { docs, tfs }]));
    return new Map(terms.map((term) => [term, lists.get(term)!]));
  }
}

/** What a process holds when PostgreSQL keeps the postings: every term and length, no postings. */
const termsOnly = LexicalIndex.withoutPostings(full.params, full.lengths, new Set([...full.postingLists()].map(([term]) => term)));

const QUERIES: QueryConcept[][] = [
  [{ alternatives: [['gas']] }],
  [{ alternatives: [['ushakov']] }, { alternatives: [['reporters'], ['said']], weight: 2 }],
  [{ alternatives: [['yuri', 'ushakov']] }, { alternatives: [['russia']] }],
  [{ alternatives: [['games']] }, { alternatives: [['boycott']] }, { alternatives: [['nowhere']] }],
];

describe('QuestionPostings', () => {
  it('GIVEN a question\'s postings fetched THEN its search and idf are those of the whole index, to the last digit', async () => {
    for (const concepts of QUERIES) {
      const postings = new QuestionPostings(termsOnly, new ListsOf());
      await postings.fetch(conceptTerms(concepts));
      const view = termsOnly.withPostings(postings);
      assert.deepEqual(view.search(concepts, 5, defaultSettings.bm25), full.search(concepts, 5, defaultSettings.bm25), JSON.stringify(concepts));
      assert.deepEqual(view.search(concepts, 3, defaultSettings.bm25, (doc) => doc % 2 === 1), full.search(concepts, 3, defaultSettings.bm25, (doc) => doc % 2 === 1), `${JSON.stringify(concepts)}, odd passages only`);
      for (const concept of concepts) assert.equal(view.conceptIdf(concept), full.conceptIdf(concept), JSON.stringify(concept));
      assert.deepEqual([...postings.missing], [], 'nothing was missing');
    }
  });

  it('GIVEN a term the corpus holds but the question did not fetch THEN it is recorded as missing, and found once fetched', async () => {
    const source = new ListsOf();
    const postings = new QuestionPostings(termsOnly, source);
    await postings.fetch(['gas']);
    const view = termsOnly.withPostings(postings);
    const concepts: QueryConcept[] = [{ alternatives: [['gas']] }, { alternatives: [['pipeline'], ['unknownword']] }];
    assert.notDeepEqual(view.search(concepts, 5, defaultSettings.bm25), full.search(concepts, 5, defaultSettings.bm25), 'scored without pipeline\'s postings');
    assert.deepEqual([...postings.missing], ['pipeline'], 'a word the corpus lacks is not missing: it has no postings');
    await postings.fetch(postings.missing);
    assert.deepEqual([...postings.missing], ['pipeline'], 'the search above read it before it was fetched: its answer must be made again');
    postings.missing.clear();
    assert.deepEqual(view.search(concepts, 5, defaultSettings.bm25), full.search(concepts, 5, defaultSettings.bm25));
    assert.deepEqual([...postings.missing], [], 'read after it was fetched');
    assert.deepEqual(source.asked, [['gas'], ['pipeline']], 'each term fetched once, and never one the corpus lacks');
  });

  it('GIVEN an index that holds no postings THEN it knows every term but scoring it directly is a bug', () => {
    assert.equal(termsOnly.has('ushakov'), true);
    assert.equal(termsOnly.has('biden'), false);
    assert.equal(termsOnly.documentCount, CORPUS.length);
    assert.equal(termsOnly.holdsPostings, false);
    assert.equal(full.holdsPostings, true);
    assert.throws(() => termsOnly.search([{ alternatives: [['gas']] }], 5, defaultSettings.bm25), /kept in the database/);
    assert.throws(() => termsOnly.toJSON(), /holds no postings/);
  });

  it('GIVEN two questions\' views of one index THEN each scores its own postings (the shared scratch space is left clean)', async () => {
    const first = new QuestionPostings(termsOnly, new ListsOf());
    const second = new QuestionPostings(termsOnly, new ListsOf());
    await first.fetch(['gas', 'russia']);
    await second.fetch(['boycott']);
    const a = termsOnly.withPostings(first);
    const b = termsOnly.withPostings(second);
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(a.search([{ alternatives: [['gas']] }, { alternatives: [['russia']] }], 7, defaultSettings.bm25), full.search([{ alternatives: [['gas']] }, { alternatives: [['russia']] }], 7, defaultSettings.bm25));
      assert.deepEqual(b.search([{ alternatives: [['boycott']] }], 7, defaultSettings.bm25), full.search([{ alternatives: [['boycott']] }], 7, defaultSettings.bm25));
    }
  });
});

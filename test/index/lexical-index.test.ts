import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bm25Idf, bm25TermScore } from '../../src/index/bm25.ts';
import { parseLexicalFile, lexicalFileChunks } from '../../src/index/lexical-file.ts';
import { LexicalIndex, type QueryConcept, type SerializedLexicalIndex } from '../../src/index/lexical-index.ts';
import { observed } from '../support/observed.ts';
import { defaultSettings } from '../../src/settings.ts';

/** Passages as the index sees them: lists of (already stemmed) terms. */
const CORPUS = [
  'putin xi call cooperation russia china', // 0
  'ushakov said gas agreements in preparation russia', // 1
  'gas gas pipeline power siberia russia', // 2
  'yuri ushakov kremlin aide told reporters russia', // 3
  'trade grew 31 percent russia china', // 4
  'ushakov yuri met reporters and said yuri left russia', // 5: both names, not as a phrase
  'olympic games beijing boycott russia china white house said officials would boycott games human rights', // 6
].map((text) => text.split(' '));

const index = LexicalIndex.build(CORPUS, defaultSettings.bm25);
const docs = (concepts: QueryConcept[], limit = 10) => index.search(concepts, limit, defaultSettings.bm25).map((hit) => hit.doc);

/** Queries whose results a saved and restored index must reproduce: single terms, weights, phrases. */
const ROUND_TRIP_QUERIES: QueryConcept[][] = [
  [{ alternatives: [['gas']] }],
  [{ alternatives: [['ushakov']] }, { alternatives: [['reporters'], ['said']], weight: 2 }],
  [{ alternatives: [['yuri', 'ushakov']] }, { alternatives: [['russia']] }],
  [{ alternatives: [['games']] }, { alternatives: [['boycott']] }],
];

describe('LexicalIndex', () => {
  describe('search', () => {
    it('returns only passages holding a query concept, best first', () => {
      assert.deepEqual(docs([{ alternatives: [['gas']] }]), [2, 1]);
    });

    it('ranks a passage holding the rare concept above one holding only a common one', () => {
      const hits = docs([{ alternatives: [['russia']] }, { alternatives: [['pipeline']] }]);
      assert.equal(hits[0], 2);
      assert.equal(hits.length, CORPUS.length);
    });

    it('ranks a passage matching more concepts above one matching fewer', () => {
      assert.deepEqual(docs([{ alternatives: [['ushakov']] }, { alternatives: [['gas']] }]).slice(0, 1), [1]);
    });

    it('scores a concept with BM25: tf, idf over its passages, length normalisation', () => {
      const [hit] = index.search([{ alternatives: [['pipeline']] }], 1, defaultSettings.bm25);
      const averageLength = CORPUS.reduce((sum, terms) => sum + terms.length, 0) / CORPUS.length;
      const expected = bm25TermScore(1, bm25Idf(CORPUS.length, 1), CORPUS[2]!.length, averageLength, defaultSettings.bm25);
      assert.equal(hit?.doc, 2);
      assert.ok(Math.abs(hit.score - expected) < 1e-12, `${hit.score} vs ${expected}`);
    });

    it('sums bm25TermScore exactly, concept by concept in the question\'s order (its formula is written out in the loop)', () => {
      const tuned = LexicalIndex.build(CORPUS, { k1: 1.7, b: 0.4 });
      const concepts: QueryConcept[] = [{ alternatives: [['russia']] }, { alternatives: [['gas']], weight: 1.5 }, { alternatives: [['said']] }];
      const averageLength = CORPUS.reduce((sum, terms) => sum + terms.length, 0) / CORPUS.length;
      for (const hit of tuned.search(concepts, 10, { k1: 1.7, b: 0.4 })) {
        let expected = 0;
        for (const concept of concepts) {
          const term = concept.alternatives[0]![0]!;
          const tf = CORPUS[hit.doc]!.filter((t) => t === term).length;
          const df = CORPUS.filter((terms) => terms.includes(term)).length;
          expected += bm25TermScore(tf, bm25Idf(CORPUS.length, df) * (concept.weight ?? 1), CORPUS[hit.doc]!.length, averageLength, { k1: 1.7, b: 0.4 });
        }
        assert.equal(hit.score, expected, `passage ${hit.doc}`);
      }
    });

    it('reports which concepts each passage matched', () => {
      const hits = index.search([{ alternatives: [['ushakov']] }, { alternatives: [['gas']] }, { alternatives: [['nothing']] }], 10, defaultSettings.bm25);
      assert.deepEqual(hits.find((hit) => hit.doc === 1)?.matched, [0, 1]);
      assert.deepEqual(hits.find((hit) => hit.doc === 2)?.matched, [1]);
      assert.deepEqual(hits.find((hit) => hit.doc === 3)?.matched, [0]);
    });

    it('multiplies a concept\'s score by its weight', () => {
      const plain = index.search([{ alternatives: [['gas']] }], 10, defaultSettings.bm25);
      const weighted = index.search([{ alternatives: [['gas']], weight: 2 }], 10, defaultSettings.bm25);
      plain.forEach((hit, i) => assert.ok(Math.abs(weighted[i]!.score - 2 * hit.score) < 1e-12, `Math.abs(weighted[i]!.score - 2 * hit.score): ${observed(Math.abs(weighted[i]!.score - 2 * hit.score))}`));
    });

    it('returns at most limit hits, and only accepted passages', () => {
      assert.equal(index.search([{ alternatives: [['russia']] }], 3, defaultSettings.bm25).length, 3);
      assert.deepEqual(index.search([{ alternatives: [['russia']] }], 10, defaultSettings.bm25, (doc) => doc % 2 === 0).map((h) => h.doc).sort(), [0, 2, 4, 6]);
    });

    it('returns nothing for a concept no passage holds, or for no concepts', () => {
      assert.deepEqual(index.search([{ alternatives: [['tariffs']] }], 10, defaultSettings.bm25), []);
      assert.deepEqual(index.search([], 10, defaultSettings.bm25), []);
      assert.deepEqual(index.search([{ alternatives: [] }], 10, defaultSettings.bm25), []);
    });
  });

  describe('GIVEN a concept with several alternatives (synonyms, translations)', () => {
    it('counts it once: scored exactly as one term standing for all its alternatives', () => {
      const withSynonyms = LexicalIndex.build([['said', 'x'], ['stated', 'y', 'z'], ['declared', 'said'], ['other', 'words', 'here']], defaultSettings.bm25);
      const asOneTerm = LexicalIndex.build([['w', 'x'], ['w', 'y', 'z'], ['w', 'w'], ['other', 'words', 'here']], defaultSettings.bm25);
      const synonymHits = withSynonyms.search([{ alternatives: [['said'], ['stated'], ['declared']] }], 10, defaultSettings.bm25);
      const oneTermHits = asOneTerm.search([{ alternatives: [['w']] }], 10, defaultSettings.bm25);
      assert.deepEqual(synonymHits.map((h) => h.doc), oneTermHits.map((h) => h.doc));
      synonymHits.forEach((hit, i) => assert.ok(Math.abs(hit.score - oneTermHits[i]!.score) < 1e-12, `Math.abs(hit.score - oneTermHits[i]!.score): ${observed(Math.abs(hit.score - oneTermHits[i]!.score))}`));
      assert.deepEqual(synonymHits.find((h) => h.doc === 2)?.matched, [0]);
    });

    it('weighs a word with many translations no more than a word with one', () => {
      const lexical = LexicalIndex.build([['a1', 'a2', 'a3', 'a4'], ['b', 'pad', 'pad', 'pad'], ['pad', 'pad'], ['pad']], defaultSettings.bm25);
      const many = lexical.search([{ alternatives: [['a1'], ['a2'], ['a3'], ['a4']] }], 1, defaultSettings.bm25)[0]!;
      const single = lexical.search([{ alternatives: [['b']] }], 1, defaultSettings.bm25)[0]!;
      const distinct = lexical.search([{ alternatives: [['a1']] }, { alternatives: [['a2']] }, { alternatives: [['a3']] }, { alternatives: [['a4']] }], 1, defaultSettings.bm25)[0]!;
      assert.ok(many.score < distinct.score / 2, `${many.score} vs four separate concepts ${distinct.score}`);
      assert.ok(many.score < 2 * single.score, `many.score: ${observed(many.score)}; 2 * single.score: ${observed(2 * single.score)}`);
    });

    it('gives the concept the idf of all the passages any alternative reaches', () => {
      assert.equal(index.conceptIdf({ alternatives: [['gas'], ['trade']] }), bm25Idf(CORPUS.length, 3));
      assert.ok(index.conceptIdf({ alternatives: [['pipeline']] }) > index.conceptIdf({ alternatives: [['russia']] }), `index.conceptIdf({ alternatives: [['pipeline']] }): ${observed(index.conceptIdf({ alternatives: [['pipeline']] }))}; index.conceptIdf({ alternatives: [['russia']] }): ${observed(index.conceptIdf({ alternatives: [['russia']] }))}`);
    });
  });

  describe('GIVEN a phrase alternative (several stems)', () => {
    it('matches only passages holding every stem of the phrase', () => {
      assert.deepEqual(docs([{ alternatives: [['yuri', 'ushakov']] }]).sort(), [3, 5]);
      assert.deepEqual(docs([{ alternatives: [['ushakov', 'gas']] }]), [1]);
      assert.deepEqual(docs([{ alternatives: [['ushakov', 'pipeline']] }]), []);
    });

    it('counts the phrase as often as its rarest stem occurs', () => {
      const frequencies = index.conceptFrequencies({ alternatives: [['yuri', 'ushakov']] });
      assert.equal(frequencies.get(5), 1); // yuri twice, ushakov once
      assert.equal(frequencies.get(3), 1);
    });
  });

  describe('lexical.bin', () => {
    const fileBytes = (source: LexicalIndex) => Buffer.concat([...lexicalFileChunks(source)].map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
    const throughFile = (source: LexicalIndex) => parseLexicalFile(fileBytes(source));

    it('gives the same results and BM25 parameters after a round trip through the file layout', () => {
      const tuned = LexicalIndex.build([...CORPUS, ['أوشاكوف', 'قال', 'قال']], { k1: 2, b: 0.3 });
      const restored = throughFile(tuned);
      const queries = [...ROUND_TRIP_QUERIES, [{ alternatives: [['قال']] }, { alternatives: [['أوشاكوف']] }]];
      for (const query of queries) assert.deepEqual(restored.search(query, 10, { k1: 2, b: 0.3 }), tuned.search(query, 10, { k1: 2, b: 0.3 }));
      assert.deepEqual(restored.toJSON(), tuned.toJSON());
    });

    it('reads an index of no documents', () => {
      assert.equal(throughFile(LexicalIndex.build([], defaultSettings.bm25)).documentCount, 0);
    });

    it('refuses a file of another layout or cut short', () => {
      const bytes = fileBytes(index);
      assert.throws(() => parseLexicalFile(Buffer.from('{"params":{}}')), /marker/);
      assert.throws(() => parseLexicalFile(bytes.subarray(0, 60)), /shorter than its header|not agree|JSON/);
    });
  });

  describe('toJSON / fromJSON', () => {
    it('gives the same results after a round trip through JSON text', () => {
      const serialized = JSON.parse(JSON.stringify(index.toJSON())) as SerializedLexicalIndex;
      const restored = LexicalIndex.fromJSON(serialized);
      for (const query of ROUND_TRIP_QUERIES) assert.deepEqual(restored.search(query, 10, defaultSettings.bm25), index.search(query, 10, defaultSettings.bm25));
      assert.equal(restored.documentCount, index.documentCount);
      assert.equal(restored.has('pipeline'), true);
      assert.equal(restored.has('tariffs'), false);
    });

    it('keeps the BM25 parameters it was built with', () => {
      const tuned = LexicalIndex.build(CORPUS, { k1: 2, b: 0.3 });
      const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(tuned.toJSON())) as SerializedLexicalIndex);
      assert.deepEqual(restored.toJSON().params, { k1: 2, b: 0.3 });
      assert.deepEqual(restored.search([{ alternatives: [['said']] }], 10, { k1: 1.7, b: 0.4 }), tuned.search([{ alternatives: [['said']] }], 10, { k1: 1.7, b: 0.4 }));
    });
  });
});

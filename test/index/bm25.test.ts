import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bm25Idf, bm25TermScore } from '../../src/index/bm25.ts';
import { defaultSettings } from '../../src/settings.ts';
import { observed } from '../support/observed.ts';

describe('bm25Idf', () => {
  it('decreases as more documents hold the term', () => {
    const idfs = [1, 2, 5, 10, 50, 100].map((df) => bm25Idf(100, df));
    for (let i = 1; i < idfs.length; i++) assert.ok(idfs[i]! < idfs[i - 1]!, `idf(df) not decreasing: ${idfs.join(', ')}`);
  });

  it('stays positive even for a term in every document (the Lucene variant)', () => {
    assert.ok(bm25Idf(100, 100) > 0, `bm25Idf(100, 100): ${observed(bm25Idf(100, 100))}`);
    assert.ok(bm25Idf(1, 1) > 0, `bm25Idf(1, 1): ${observed(bm25Idf(1, 1))}`);
  });

  it('is ln(1 + (N - df + 0.5) / (df + 0.5))', () => {
    assert.equal(bm25Idf(10, 1), Math.log(1 + 9.5 / 1.5));
  });
});

describe('bm25TermScore', () => {
  const idf = bm25Idf(100, 3);

  it('scores zero when the term is absent', () => {
    assert.equal(bm25TermScore(0, idf, 20, 20, defaultSettings.bm25), 0);
  });

  it('grows with term frequency but saturates below idf × (k1 + 1)', () => {
    const scores = [1, 2, 3, 5, 10, 100, 10_000].map((tf) => bm25TermScore(tf, idf, 20, 20, defaultSettings.bm25));
    for (let i = 1; i < scores.length; i++) assert.ok(scores[i]! > scores[i - 1]!, `scores[i]!: ${observed(scores[i]!)}; scores[i - 1]!: ${observed(scores[i - 1]!)}`);
    const gains = scores.slice(1).map((score, i) => score - scores[i]!);
    assert.ok(gains[0]! > gains[1]!, 'the second occurrence should add more than the third');
    const ceiling = idf * (defaultSettings.bm25.k1 + 1);
    for (const score of scores) assert.ok(score < ceiling, `score: ${observed(score)}; ceiling: ${observed(ceiling)}`);
    assert.ok(scores.at(-1)! > 0.99 * ceiling, `scores.at(-1)!: ${observed(scores.at(-1)!)}; 0.99 * ceiling: ${observed(0.99 * ceiling)}`);
  });

  it('scores a longer document lower for the same term frequency', () => {
    const short = bm25TermScore(2, idf, 10, 20, defaultSettings.bm25);
    const average = bm25TermScore(2, idf, 20, 20, defaultSettings.bm25);
    const long = bm25TermScore(2, idf, 80, 20, defaultSettings.bm25);
    assert.ok(short > average && average > long, `${short} > ${average} > ${long}`);
  });

  it('ignores length when b = 0', () => {
    const params = { k1: 1.2, b: 0 };
    assert.equal(bm25TermScore(2, idf, 10, 20, params), bm25TermScore(2, idf, 80, 20, params));
  });

  it('is idf for tf = 1 in a document of average length', () => {
    assert.ok(Math.abs(bm25TermScore(1, idf, 20, 20, defaultSettings.bm25) - idf) < 1e-12, `Math.abs(bm25TermScore(1, idf, 20, 20) - idf): ${observed(Math.abs(bm25TermScore(1, idf, 20, 20, defaultSettings.bm25) - idf))}`);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VectorIndex } from '../../src/index/vector-index.ts';
import { observed } from '../support/observed.ts';
import { defaultSettings } from '../../src/settings.ts';

const DIMENSION = 16;

/** Deterministic pseudo-random vectors (mulberry32), so every run builds the same index. */
function randomVectors(count: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => Float32Array.from({ length: DIMENSION }, next));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

/** Exact nearest neighbours by cosine: what HNSW approximates. */
function bruteForce(vectors: Float32Array[], query: Float32Array, k: number, accept: (doc: number) => boolean = () => true): number[] {
  return vectors
    .map((vector, doc) => ({ doc, similarity: cosine(vector, query) }))
    .filter((hit) => accept(hit.doc))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
    .map((hit) => hit.doc);
}

describe('VectorIndex', () => {
  const vectors = randomVectors(300, 7);
  const queries = randomVectors(10, 99);
  let index: VectorIndex;
  let scratch: string;

  before(async () => {
    index = VectorIndex.build(vectors, DIMENSION, defaultSettings.hnsw);
    scratch = await mkdtemp(join(tmpdir(), 'vector-index-test-'));
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('holds every vector it was built with', () => {
    assert.equal(index.size, 300);
    assert.equal(index.dimension, DIMENSION);
  });

  it('finds a stored vector as its own nearest neighbour, with similarity 1', () => {
    for (const doc of [0, 57, 299]) {
      const [hit] = index.search(vectors[doc]!, 1);
      assert.equal(hit?.doc, doc);
      assert.ok(Math.abs(hit.similarity - 1) < 1e-5, `Math.abs(hit.similarity - 1): ${observed(Math.abs(hit.similarity - 1))}`);
    }
  });

  it('returns the nearest passages by cosine, best first, with their cosine similarity', () => {
    for (const query of queries) {
      const hits = index.search(query, 5);
      assert.deepEqual(hits.map((h) => h.doc), bruteForce(vectors, query, 5));
      for (const hit of hits) assert.ok(Math.abs(hit.similarity - cosine(vectors[hit.doc]!, query)) < 1e-5, `Math.abs(hit.similarity - cosine(vectors[hit.doc]!, query)): ${observed(Math.abs(hit.similarity - cosine(vectors[hit.doc]!, query)))}`);
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.similarity >= hits[i]!.similarity, `hits[i - 1]!.similarity: ${observed(hits[i - 1]!.similarity)}; hits[i]!.similarity: ${observed(hits[i]!.similarity)}`);
    }
  });

  it('compares by direction only: a scaled query finds the same passages', () => {
    const query = queries[0]!;
    const scaled = query.map((x) => x * 42);
    assert.deepEqual(index.search(scaled, 5).map((h) => h.doc), index.search(query, 5).map((h) => h.doc));
  });

  it('returns only accepted passages when given a filter', () => {
    const even = (doc: number) => doc % 2 === 0;
    for (const query of queries.slice(0, 3)) {
      const hits = index.search(query, 5, even);
      assert.equal(hits.length, 5);
      assert.ok(hits.every((h) => even(h.doc)), `hits: ${observed(hits)}`);
      assert.deepEqual(hits.map((h) => h.doc), bruteForce(vectors, query, 5, even));
    }
  });

  it('returns only the accepted passages when the filter accepts fewer than asked for', () => {
    const hits = index.search(queries[2]!, 10, (doc) => doc === 3 || doc === 250);
    assert.deepEqual(hits.map((h) => h.doc).sort((a, b) => a - b), [3, 250]);
    assert.deepEqual(index.search(queries[2]!, 10, () => false), []);
  });

  it('returns at most as many hits as it holds, and none from an empty index', () => {
    const small = VectorIndex.build(vectors.slice(0, 3), DIMENSION, defaultSettings.hnsw);
    assert.equal(small.search(queries[0]!, 10).length, 3);
    const empty = VectorIndex.build([], DIMENSION, defaultSettings.hnsw);
    assert.deepEqual(empty.search(queries[0]!, 10), []);
  });

  it('gives back each stored vector, normalised, so an incremental build can reuse it', () => {
    const stored = index.vector(12);
    const length = Math.sqrt(stored.reduce((sum, x) => sum + x * x, 0));
    assert.ok(Math.abs(length - 1) < 1e-5, `Math.abs(length - 1): ${observed(Math.abs(length - 1))}`);
    assert.ok(Math.abs(cosine(stored, vectors[12]!) - 1) < 1e-5, `Math.abs(cosine(stored, vectors[12]!) - 1): ${observed(Math.abs(cosine(stored, vectors[12]!) - 1))}`);
  });

  it('gives the same results after save and load', () => {
    const file = join(scratch, 'vectors.hnsw');
    index.save(file);
    const loaded = VectorIndex.load(file, DIMENSION, defaultSettings.hnsw);
    assert.equal(loaded.size, 300);
    for (const query of queries) assert.deepEqual(loaded.search(query, 8), index.search(query, 8));
    assert.deepEqual(loaded.search(queries[1]!, 5, (doc) => doc < 100), index.search(queries[1]!, 5, (doc) => doc < 100));
  });

  it('builds the same graph from the same vectors (fixed seed), so results are reproducible', () => {
    const again = VectorIndex.build(vectors, DIMENSION, defaultSettings.hnsw);
    for (const query of queries) assert.deepEqual(again.search(query, 8), index.search(query, 8));
  });
});

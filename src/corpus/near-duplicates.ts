import type { NearDuplicateSettings } from '../settings.ts';
import { normalizeText, tokenize } from '../text/normalize.ts';

/**
 * Groups passages that say the same thing (two outlets quoting one statement, a teaser
 * repeating a paragraph). Returns groups of two or more indexes into `texts`, in input order.
 * Candidates come from shared shingles, so the cost grows with the number of
 * overlaps, not with the square of the corpus. Every two members of a group are near-duplicates.
 */
export function groupNearDuplicates(texts: string[], options: NearDuplicateSettings): number[][] {
  return groupNearDuplicateTokens(texts.map((text) => tokenize(normalizeText(text))), options);
}

/** groupNearDuplicates over texts already normalised and tokenised. */
export function groupNearDuplicateTokens(tokenLists: string[][], options: NearDuplicateSettings): number[][] {
  const wordIds = new Map<string, number>();
  const idLists = tokenLists.map((words) => {
    const ids = new Int32Array(words.length);
    words.forEach((word, i) => {
      let id = wordIds.get(word);
      if (id === undefined) wordIds.set(word, (id = wordIds.size));
      ids[i] = id;
    });
    return ids;
  });
  return groupNearDuplicateIds(idLists, wordIds.size, options);
}

/**
 * The same over passages given as word ids (0 to vocabularySize - 1): the index build numbers
 * words once, while it reads each passage, and never holds every passage's token strings at once.
 */
export function groupNearDuplicateIds(idLists: Int32Array[], vocabularySize: number, options: NearDuplicateSettings): number[][] {
  const texts = idLists;
  const { shingleCounts, postings } = shinglePostings(idLists, vocabularySize, options);

  // Shared-shingle counts per pair, read off the postings: no pair is compared shingle by shingle.
  const n = texts.length;
  const shared = new Map<number, number>();
  for (let shingle = 0; shingle + 1 < postings.offsets.length; shingle++) {
    const from = postings.offsets[shingle]!;
    const length = postings.offsets[shingle + 1]! - from;
    if (length < 2 || length > options.maxShingleFrequency) continue;
    for (let a = from; a < from + length; a++) {
      for (let b = a + 1; b < from + length; b++) {
        const key = postings.passages[a]! * n + postings.passages[b]!;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const similar = new Map<number, number>();
  for (const [key, count] of shared) {
    const i = Math.floor(key / n);
    const j = key % n;
    const score = count / Math.min(shingleCounts[i]!, shingleCounts[j]!);
    if (score >= options.minContainment) similar.set(key, score);
  }
  const isDuplicate = (i: number, j: number) => similar.has(i < j ? i * n + j : j * n + i);

  // Strongest pairs first; two groups merge only when every member of one duplicates every
  // member of the other. Merging on any single pair would let a short fragment that two
  // different statements both contain chain them into one group (and hide one of them).
  const pairs = [...similar]
    .map(([key, score]) => ({ i: Math.floor(key / n), j: key % n, score }))
    .sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const groupOf = texts.map((_, index) => [index]);
  for (const { i, j } of pairs) {
    const [a, b] = [groupOf[i]!, groupOf[j]!];
    if (a === b || !a.every((x) => b.every((y) => isDuplicate(x, y)))) continue;
    const merged = [...a, ...b];
    for (const member of merged) groupOf[member] = merged;
  }

  return [...new Set(groupOf)].filter((group) => group.length > 1).map((group) => group.sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
}

/**
 * Every passage's distinct shingles, and for each distinct shingle the passages holding it
 * (ascending), laid out flat: shingle s owns passages[offsets[s]] to passages[offsets[s + 1]].
 * A shingle is keyed by a number computed from its words' ids (exact while vocabulary^size fits
 * in 2^53), not by a joined string: a 100k-passage corpus has millions of shingles, and strings
 * for each cost far more memory and time than numbers.
 */
function shinglePostings(idLists: Int32Array[], vocabularySize: number, options: NearDuplicateSettings): { shingleCounts: Uint32Array; postings: { offsets: Uint32Array; passages: Int32Array } } {
  const base = vocabularySize + 1;
  const numericKeys = Math.pow(base, options.shingleSize) <= Number.MAX_SAFE_INTEGER;
  const keyAt = (ids: Int32Array, start: number): number | string => {
    if (!numericKeys) return ids.subarray(start, start + options.shingleSize).join(' ');
    let key = 0;
    for (let k = 0; k < options.shingleSize; k++) key = key * base + ids[start + k]!;
    return key;
  };

  const shingleIds = new Map<number | string, number>();
  const shingleCounts = new Uint32Array(idLists.length);
  let pairShingles: Int32Array = new Int32Array(1024);
  let pairPassages: Int32Array = new Int32Array(1024);
  let pairs = 0;
  const seen = new Set<number>();
  idLists.forEach((ids, passage) => {
    if (ids.length < options.minWords) return;
    seen.clear();
    for (let start = 0; start + options.shingleSize <= ids.length; start++) {
      const key = keyAt(ids, start);
      let shingle = shingleIds.get(key);
      if (shingle === undefined) shingleIds.set(key, (shingle = shingleIds.size));
      if (seen.has(shingle)) continue;
      seen.add(shingle);
      if (pairs === pairShingles.length) {
        pairShingles = grow(pairShingles);
        pairPassages = grow(pairPassages);
      }
      pairShingles[pairs] = shingle;
      pairPassages[pairs] = passage;
      pairs++;
    }
    shingleCounts[passage] = seen.size;
  });

  // Counting sort by shingle; passages were pushed in ascending order and stay so.
  const offsets = new Uint32Array(shingleIds.size + 1);
  for (let i = 0; i < pairs; i++) offsets[pairShingles[i]! + 1]!++;
  for (let s = 0; s < shingleIds.size; s++) offsets[s + 1]! += offsets[s]!;
  const cursor = offsets.slice(0, shingleIds.size);
  const passages = new Int32Array(pairs);
  for (let i = 0; i < pairs; i++) passages[cursor[pairShingles[i]!]!++] = pairPassages[i]!;
  return { shingleCounts, postings: { offsets, passages } };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** The word n-grams of a text (empty when it is too short to judge). */
export function shingleSet(words: string[], options: NearDuplicateSettings): Set<string> {
  const set = new Set<string>();
  if (words.length < options.minWords) return set;
  for (let i = 0; i + options.shingleSize <= words.length; i++) set.add(words.slice(i, i + options.shingleSize).join(' '));
  return set;
}

/** How much of the smaller set lies inside the larger one (1 = fully contained). */
export function containment(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / small.size;
}

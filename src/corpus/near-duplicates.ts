import { defaultSettings, type NearDuplicateSettings } from '../settings.ts';
import { normalizeText, tokenize } from '../text/normalize.ts';

/**
 * Groups passages that say the same thing (two outlets quoting one statement, a teaser
 * repeating a paragraph). Returns groups of two or more indexes into `texts`, in input order.
 * Candidates come from shared shingles, so the cost grows with the number of
 * overlaps, not with the square of the corpus. Every two members of a group are near-duplicates.
 */
export function groupNearDuplicates(texts: string[], options: NearDuplicateSettings = defaultSettings.nearDuplicates): number[][] {
  return groupNearDuplicateTokens(texts.map((text) => tokenize(normalizeText(text))), options);
}

/** groupNearDuplicates over texts already normalised and tokenised (the index build has them). */
export function groupNearDuplicateTokens(tokenLists: string[][], options: NearDuplicateSettings = defaultSettings.nearDuplicates): number[][] {
  const texts = tokenLists;
  const shingles = tokenLists.map((words) => shingleSet(words, options));
  const postings = new Map<string, number[]>();
  shingles.forEach((set, index) => {
    for (const shingle of set) {
      const list = postings.get(shingle) ?? [];
      list.push(index);
      postings.set(shingle, list);
    }
  });

  // Shared-shingle counts per pair, read off the postings: no pair is compared shingle by shingle.
  const n = texts.length;
  const shared = new Map<number, number>();
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > options.maxShingleFrequency) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a]! * n + list[b]!;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const similar = new Map<number, number>();
  for (const [key, count] of shared) {
    const i = Math.floor(key / n);
    const j = key % n;
    const score = count / Math.min(shingles[i]!.size, shingles[j]!.size);
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

/** The word n-grams of a text (empty when it is too short to judge). */
export function shingleSet(words: string[], options: NearDuplicateSettings = defaultSettings.nearDuplicates): Set<string> {
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

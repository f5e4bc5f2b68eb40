/**
 * An English word list with its capitals, by default `/usr/share/dict/words` from the Debian package
 * `wamerican` (SCOWL, public-domain-style licence): about 100k words of which 10k are proper
 * nouns ("Moscow", "Putin", "Trevelyan"). It tells the English side what the bilingual dictionary
 * cannot: which words are names, and how well-known names are spelled. Optional: without it names
 * are spelled by rule (latin-names.ts) and dictionary words are capitalised by a weaker test.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

/** Where `wamerican` (and most Unix systems) put the list. */
export const DEFAULT_WORD_LIST_PATH = '/usr/share/dict/words';

/** The most a word list may weigh: SCOWL's largest is 4 MB. A bigger file is not a word list. */
const MAX_BYTES = 32 * 1024 * 1024;

export class WordList {
  private readonly words: Set<string>;

  constructor(words: Iterable<string>) {
    this.words = new Set(words);
  }

  /** Spelled with a capital and never without one: a proper noun ("Moscow", not "Trade"). */
  isProperNoun(word: string): boolean {
    const lower = word.toLowerCase();
    const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
    return this.words.has(capital) && !this.words.has(lower);
  }

  /** Whether the list has the word with a capital, as a name or not ("Mark", "Tucker"). */
  hasCapitalised(word: string): boolean {
    const lower = word.toLowerCase();
    return this.words.has(lower.charAt(0).toUpperCase() + lower.slice(1));
  }

  /** Whether the list has the word in lower case (a common word). */
  hasLowerCase(word: string): boolean {
    return this.words.has(word.toLowerCase());
  }

  /** The capitalised words of the list, letters only ("Putin", "Carlson", "Tucker"): name spellings. */
  *capitalisedWords(): Generator<string> {
    for (const word of this.words) if (/^[A-Z][a-z]+$/.test(word)) yield word;
  }

  get size(): number {
    return this.words.size;
  }
}

export type WordListLoadResult = { ok: true; wordList: WordList } | { ok: false; reason: string };

/** One word a line, UTF-8. Expected failures (missing, a folder, too big) are values. */
export function loadWordList(path: string = DEFAULT_WORD_LIST_PATH): WordListLoadResult {
  if (!existsSync(path)) return { ok: false, reason: `word list not found: ${path}` };
  const stats = statSync(path);
  if (!stats.isFile()) return { ok: false, reason: `word list is not a file: ${path}` };
  if (stats.size > MAX_BYTES) return { ok: false, reason: `word list ${path} is ${stats.size} bytes, more than a word list (${MAX_BYTES})` };
  const words = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.includes(' '));
  if (words.length === 0) return { ok: false, reason: `word list ${path} is empty` };
  return { ok: true, wordList: new WordList(words) };
}

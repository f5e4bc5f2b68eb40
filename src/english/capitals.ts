import { capitalisedInUse, wordCount } from './word-frequency.ts';
import type { WordList } from './word-list.ts';

/**
 * Whether English writes a word with a capital: the word list has it only capitalised ("Moscow"),
 * or in both cases while subtitles mostly capitalise it ("China", not "china"); without a word
 * list, as subtitles mostly write it. `undefined` when neither source knows the word.
 */
export function writtenCapitalised(word: string, wordList: WordList | null): boolean | undefined {
  if (wordList && wordList.hasCapitalised(word)) return !wordList.hasLowerCase(word) || capitalisedInUse(word);
  if (wordList?.hasLowerCase(word)) return false;
  return wordCount(word) > 0 ? capitalisedInUse(word) : undefined;
}

import type { CorpusIndex } from '../index/corpus-index.ts';
import type { BilingualDictionary } from '../text/dictionary.ts';
import { NameMatcher } from '../text/transliterate.ts';
import type { CrossLingualLexicon } from './query.ts';

export interface LexiconOptions {
  /** Corpus spellings taken for one Latin name. @default 3 */
  namesPerWord: number;
}

export const defaultLexiconOptions: LexiconOptions = { namesPerWord: 3 };

/**
 * Joins the dictionary (English words -> Arabic) and the corpus's own vocabulary (Latin names ->
 * the Arabic spellings the articles use). Built per index, since names come from the corpus.
 */
export function buildLexicon(index: CorpusIndex, dictionary: BilingualDictionary | null, options: LexiconOptions = defaultLexiconOptions): CrossLingualLexicon {
  const names = new NameMatcher(index.vocabulary);
  return {
    translate: (word) => dictionary?.translate(word) ?? [],
    matchName: (word) => names.match(word, options.namesPerWord).map((candidate) => candidate.token),
    hasTerm: (term) => index.lexical.has(term),
  };
}

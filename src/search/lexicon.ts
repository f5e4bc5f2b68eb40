import type { CorpusIndex } from '../index/corpus-index.ts';
import type { AnalysisSettings } from '../settings.ts';
import type { BilingualDictionary } from '../text/dictionary.ts';
import { relatedEnglishForms } from '../text/english-derivation.ts';
import { NameMatcher } from '../text/transliterate.ts';
import type { CrossLingualLexicon } from './query.ts';


/**
 * Translations of a word, of its base form ("months" -> "month") and of its derivational
 * relatives ("dependent" -> "dependence"), whose renderings the articles may use instead.
 */
function translateWithRelatives(dictionary: BilingualDictionary, word: string): string[] {
  const translations = new Set(dictionary.translate(word, { forms: 'withBase' }));
  for (const related of relatedEnglishForms(word)) for (const t of dictionary.translate(related)) translations.add(t);
  return [...translations];
}

/**
 * Joins the dictionary (English words -> Arabic) and the corpus's own vocabulary (Latin names ->
 * the Arabic spellings the articles use). Built per index, since names come from the corpus.
 */
export function buildLexicon(index: CorpusIndex, dictionary: BilingualDictionary | null, options: AnalysisSettings): CrossLingualLexicon {
  const names = new NameMatcher(index.vocabulary, {
    bigrams: index.bigrams,
    minScore: options.nameMinScore,
    twoConsonantMargin: options.nameTwoConsonantMargin,
    shortWordMargin: options.nameShortWordMargin,
    prefixPenalty: options.namePrefixPenalty,
    phrasePenalty: options.namePhrasePenalty,
  });
  return {
    translate: (word) => (dictionary ? translateWithRelatives(dictionary, word) : []),
    matchName: (word) => names.match(word, options.namesPerWord).map((candidate) => candidate.token),
    hasTerm: (term) => index.lexical.has(term),
  };
}

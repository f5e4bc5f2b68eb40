import { NAME_PREFIXES, procliticSplits } from '../../text/arabic-morphology.ts';
import { isArabicToken, normalizeText, tokenize } from '../../text/normalize.ts';
import { isStopword } from '../../text/terms.ts';
import { sameNameSkeleton } from '../../text/transliterate.ts';
import type { CrossLingualLexicon } from '../query.ts';
import { isDescriptor } from './name-phrase.ts';

/**
 * One word of a name as asked, with the Arabic forms it stands for on strong evidence only:
 * an Arabic word as written (and without its proclitics); a Latin word's corpus spellings
 * whose whole consonant skeleton is one of its readings; its dictionary translations.
 */
export interface NameWord {
  word: string;
  /** Spellings of the word in the corpus (transliterations, or the Arabic word itself). */
  spellings: string[];
  /** Dictionary renderings ("Kremlin" -> الكرملين): they name organisations, never people by sound. */
  translations: string[];
  /**
   * The word can only be a name: Arabic and not a title, or Latin without a dictionary entry.
   * Titles and common words ("president", "statement") describe; they do not name.
   */
  isName: boolean;
  /** Written with a capital letter, or in Arabic: the asker meant a name, not a common word. */
  writtenAsName: boolean;
}

export function nameWords(phrase: string, lexicon: CrossLingualLexicon): NameWord[] {
  const capitalized = new Set((phrase.match(/\b[A-Z][\p{L}'-]*/gu) ?? []).map((w) => normalizeText(w)));
  return tokenize(normalizeText(phrase.replace(/['’]s\b/g, '')))
    .filter((word) => !isStopword(word))
    .map((word) => {
      if (isArabicToken(word)) {
        // The word as written, then without its proclitics (shortest first), leaving 3+ letters.
        const forms = [word, ...procliticSplits(word, NAME_PREFIXES, 3).slice(1).reverse().map((split) => split.stem)];
        return { word, spellings: forms, translations: [], isName: !isDescriptor(word), writtenAsName: true };
      }
      const translations = lexicon.translate(word).flatMap((phrase) => phrase.split(' '));
      const spellings = lexicon.matchName(word).filter((token) => sameNameSkeleton(word, token));
      return { word, spellings, translations, isName: translations.length === 0, writtenAsName: capitalized.has(word) };
    });
}

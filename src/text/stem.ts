import { AND, ARTICLE_WITH_ONE_PROCLITIC, withoutProclitics } from './arabic-morphology.ts';

/**
 * Light Arabic stemming in the spirit of Larkey et al.'s Light10: strip the conjunction و,
 * the article and attached prepositions (ال، بال، كال، فال، لل), then common suffixes
 * (dual, plural, feminine, possessive pronouns). Light stemming keeps names intact far more
 * often than root extraction, which matters for "who said what". Input is normalised text
 * (ة already folded to ه, ى to ي).
 */
const SUFFIXES = ['هما', 'كما', 'ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];
const MIN_STEM = 2;

export function stemArabic(token: string): string {
  let word = withoutProclitics(token, AND, MIN_STEM + 1);
  word = withoutProclitics(word, ARTICLE_WITH_ONE_PROCLITIC, MIN_STEM);
  // Two rounds, so a pronoun on a plural ("تصريحاته") loses both.
  for (let round = 0; round < 2; round++) {
    const suffix = SUFFIXES.find((s) => word.endsWith(s) && word.length - s.length >= MIN_STEM + 1);
    if (!suffix) break;
    word = word.slice(0, -suffix.length);
  }
  return word;
}

/** Light English stemming: enough to join plural/singular and common verb endings. */
export function stemEnglish(token: string): string {
  if (token.length <= 3) return token;
  if (token.endsWith('ies') && token.length > 4) return token.slice(0, -3) + 'y';
  if (token.endsWith('sses')) return token.slice(0, -2);
  if (token.endsWith('s') && !token.endsWith('ss') && !token.endsWith('us')) return token.slice(0, -1);
  return token;
}

import { ONE_PARTICLE, procliticSplits } from './arabic-morphology.ts';
import { isArabicToken, normalizeText, tokenize } from './normalize.ts';
import { stemArabic, stemEnglish } from './stem.ts';
import { ARABIC_STOPWORDS, ENGLISH_STOPWORDS } from './stopwords.ts';

export function isStopword(token: string): boolean {
  return ARABIC_STOPWORDS.has(token) || ENGLISH_STOPWORDS.has(token);
}

/**
 * A normalised Arabic token that is a function word, alone or behind one proclitic ("لكل", for
 * each; "وهذا"). The dictionary gives such words as translations ("per" -> لكل), and a question's
 * word that reaches only a function word carries no topic.
 */
export function isArabicFunctionWord(token: string): boolean {
  return procliticSplits(token, ONE_PARTICLE, 2).some(({ stem }) => ARABIC_STOPWORDS.has(stem));
}

/** The index form of one normalised token. */
export function stemToken(token: string): string {
  return isArabicToken(token) ? stemArabic(token) : stemEnglish(token);
}

/** Content terms of a text as the lexical index stores them: normalised, stopwords out, stemmed. */
export function indexTerms(text: string): string[] {
  return termsOfTokens(tokenize(normalizeText(text)));
}

/** indexTerms for text already normalised and tokenised. */
export function termsOfTokens(tokens: string[]): string[] {
  return tokens.filter((token) => !isStopword(token)).map(stemToken);
}

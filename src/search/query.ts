import type { QueryConcept } from '../index/lexical-index.ts';
import type { AnalysisSettings } from '../settings.ts';
import { isArabicToken, normalizeText, tokenize } from '../text/normalize.ts';
import { indexTerms, isArabicFunctionWord, isStopword, stemToken } from '../text/terms.ts';
import { sameNameSkeleton } from '../text/transliterate.ts';

export type QueryLanguage = 'ar' | 'en' | 'mixed' | 'none';

/** How a concept of the question reaches the Arabic text. */
export type ConceptSource = 'word' | 'number' | 'name' | 'translation' | 'latin';

export interface AnalyzedConcept extends QueryConcept {
  /** The question's word(s) this concept stands for, for explanations. */
  label: string;
  source: ConceptSource;
}

export interface AnalyzedQuery {
  question: string;
  language: QueryLanguage;
  concepts: AnalyzedConcept[];
  /** Question words that could not be brought into the corpus's language at all. */
  untranslated: string[];
}

/** What the query analyser can ask about the other language; each part may be absent. */
export interface CrossLingualLexicon {
  /** Arabic phrases (normalised) for an English word; [] when unknown. */
  translate(englishWord: string): string[];
  /** Corpus tokens (normalised Arabic) that a Latin-script name probably is, best first. */
  matchName(latinWord: string): string[];
  /** Whether the corpus holds this index term (stem). */
  hasTerm(term: string): boolean;
}

/** The articles are Arabic: a question in any other language reaches them across languages. */
export function isCrossLingual(language: QueryLanguage): boolean {
  return language !== 'ar';
}

/** How much names and numbers weigh, and which Latin words may be names (settings.analysis). */
export type QueryWeights = Pick<AnalysisSettings, 'nameWeight' | 'numberWeight' | 'maxUnwrittenName'>;

/** Script-based: enough to choose between matching Arabic directly and translating. */
export function detectLanguage(text: string): QueryLanguage {
  const arabic = (text.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (arabic === 0 && latin === 0) return 'none';
  if (arabic > 0 && latin > 0 && Math.min(arabic, latin) / (arabic + latin) > 0.25) return 'mixed';
  return arabic >= latin ? 'ar' : 'en';
}

/**
 * Turns a question into concepts the lexical index can score: Arabic words stemmed like the
 * passages; numbers with digits folded; Latin words matched as names against the corpus's
 * own vocabulary and translated through the dictionary, all alternatives of one word forming
 * one concept.
 */
export function analyzeQuery(question: string, lexicon: CrossLingualLexicon, weights: QueryWeights): AnalyzedQuery {
  const concepts: AnalyzedConcept[] = [];
  const untranslated: string[] = [];
  const capitalized = capitalizedWords(question);

  for (const token of tokenize(normalizeText(question))) {
    if (isStopword(token)) continue;
    if (/^\p{N}+$/u.test(token)) {
      concepts.push({ label: token, source: 'number', alternatives: [[token]], weight: weights.numberWeight });
    } else if (isArabicToken(token)) {
      concepts.push({ label: token, source: 'word', alternatives: [[stemToken(token)]] });
    } else {
      const translations = lexicon.translate(token);
      const topical = translations.filter((phrase) => !isFunctionPhrase(phrase));
      if (translatesToFunctionWords(token, translations, topical, lexicon)) continue;
      const concept = latinConcept(token, topical, capitalized.has(token), lexicon, weights);
      if (concept) concepts.push(concept);
      else untranslated.push(token);
    }
  }
  return { question, language: detectLanguage(question), concepts: mergeDuplicates(concepts), untranslated };
}

/** `translations`: the lexicon's translations of the token that are not function words, read once by the caller. */
function latinConcept(token: string, translations: readonly string[], looksLikeName: boolean, lexicon: CrossLingualLexicon, weights: QueryWeights): AnalyzedConcept | undefined {
  const alternatives: string[][] = [];
  const add = (terms: string[]) => {
    if (terms.length > 0 && !alternatives.some((existing) => existing.join(' ') === terms.join(' '))) alternatives.push(terms);
  };
  // Latin words the articles themselves use (CGTN, AUKUS, reuters.com).
  const latin = stemToken(token);
  if (lexicon.hasTerm(latin)) add([latin]);

  // A capitalised word, or one the dictionary does not know, is probably a name; but a short
  // lower-case one ("qwe") is as likely a typo or keyboard noise, and its two or three sounds
  // match many Arabic words (قوي): it must be written as a name to be read as one. A word the
  // dictionary knows ("Russian", "Peru") is read as a name only on strong evidence, a spelling
  // with its whole consonant skeleton: "Russian" is not الرئيس.
  const candidates = looksLikeName || (translations.length === 0 && token.length > weights.maxUnwrittenName) ? lexicon.matchName(token) : [];
  const names = translations.length > 0 ? candidates.filter((name) => sameNameSkeleton(token, name)) : candidates;
  for (const name of names) add([stemToken(name)]);
  for (const phrase of translations) add(indexTerms(phrase));

  if (alternatives.length === 0) return undefined;
  const source: ConceptSource = names.length > 0 ? 'name' : translations.length > 0 ? 'translation' : 'latin';
  // A name pins a passage down only when the asker wrote it as one; a lower-case word read as a
  // name is a guess ("dolor" as دولار) and weighs like any word.
  return { label: token, source, alternatives, weight: source === 'name' && looksLikeName ? weights.nameWeight : 1 };
}

/**
 * A word the dictionary knows only as Arabic function words ("per" -> لكل, for each) is a
 * function word itself: as evidence it would match any passage that says "each", so it is left
 * out like an English stopword (not counted as a word the articles lack either).
 */
function translatesToFunctionWords(token: string, translations: readonly string[], topical: readonly string[], lexicon: CrossLingualLexicon): boolean {
  return translations.length > 0 && topical.length === 0 && !lexicon.hasTerm(stemToken(token));
}

function isFunctionPhrase(phrase: string): boolean {
  return tokenize(normalizeText(phrase)).every(isArabicFunctionWord);
}

function capitalizedWords(question: string): Set<string> {
  const words = question.match(/\b[A-Z][\p{L}'-]*/gu) ?? [];
  return new Set(words.map((word) => normalizeText(word)));
}

function mergeDuplicates(concepts: AnalyzedConcept[]): AnalyzedConcept[] {
  const seen = new Map<string, AnalyzedConcept>();
  for (const concept of concepts) {
    const key = concept.alternatives.map((terms) => terms.join(' ')).sort().join('|');
    if (!seen.has(key)) seen.set(key, concept);
  }
  return [...seen.values()];
}

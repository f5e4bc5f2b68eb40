/**
 * Latin names -> the Arabic tokens a corpus spells them with, without a table of
 * names: both scripts are reduced to one alphabet of sound classes (`sound-classes.ts`,
 * `latin-readings.ts`) and compared with a weighted edit distance (`class-distance.ts`).
 * "Putin" and بوتين both become ب و ت ي ن.
 */
import { arabicStems, NAME_IN_TEXT_PREFIXES, procliticSplits } from './arabic-morphology.ts';
import { classDistance, formSimilarity } from './class-distance.ts';
import { latinFormsWithPriors, latinLetters, latinSkeletons, type LatinForm } from './latin-readings.ts';
import { isArabicToken } from './normalize.ts';
import { arabicForm, arabicSkeleton, PLAIN_ARABIC, withoutVowels } from './sound-classes.ts';

/**
 * Strong evidence that an Arabic corpus token (or two, "جين بينغ") writes a Latin name: one of
 * the name's own skeleton readings equals the token's whole skeleton, with or without its
 * proclitics (not ك: Peru is not كبيرة). Unlike `NameMatcher`, no near consonants: Biden (بدن)
 * is never بوتين (بتن).
 */
export function sameNameSkeleton(latin: string, arabic: string): boolean {
  const readings = new Set(latinSkeletons(latin.toLowerCase()));
  const phrase = arabic.split(' ');
  const stems = (token: string) => procliticSplits(token, NAME_IN_TEXT_PREFIXES, 2).map(({ stem }) => arabicSkeleton(stem));
  // A phrase keeps its proclitics only on the first word.
  const candidates = stems(phrase[0]!).map((first) => first + phrase.slice(1).map(arabicSkeleton).join(''));
  return candidates.some((skeleton) => skeleton.length > 0 && readings.has(skeleton));
}

export interface NameMatch {
  /** A corpus token, or two adjacent corpus tokens separated by a space ("جين بينغ"). */
  token: string;
  /** Similarity in [0, 1]; 1 is an exact match of sound classes. */
  score: number;
}

export interface NameMatcherOptions {
  /**
   * Adjacent token pairs of the corpus ("a b" -> count), e.g. from
   * `countVocabulary`. When given, a Latin word may also match two adjacent
   * tokens (Jinping -> جين بينغ): split into two syllables, each matched alone
   * nearly exactly, the pair kept only if it occurs in the corpus.
   * @default undefined (single tokens only)
   */
  bigrams?: ReadonlyMap<string, number>;
  /**
   * Lowest score returned for Latin words with 3+ consonants. Words with 2
   * consonants need an identical skeleton and `minScore + twoConsonantMargin`;
   * words with 1 or of 1-2 letters ("Xi") an identical skeleton and
   * `minScore + shortWordMargin`.
   * @default 0.8
   */
  minScore?: number;
  /** Added to `minScore` for a word of two consonants. @default 0.1 */
  twoConsonantMargin?: number;
  /**
   * Added to `minScore` for a word of one consonant or of 1-2 letters, and for
   * each syllable of a two-token match ("nearly exactly").
   * @default 0.15
   */
  shortWordMargin?: number;
  /**
   * Score taken off a match per proclitic removed to find it (وبوتين: 1,
   * الكرملين: 1, وللصين: 2): names are mostly written bare.
   * @default 0.03
   */
  prefixPenalty?: number;
  /** Score taken off a two-token match. @default 0.03 */
  phrasePenalty?: number;
}

const defaultOptions = {
  minScore: 0.8,
  twoConsonantMargin: 0.1,
  shortWordMargin: 0.15,
  prefixPenalty: 0.03,
  phrasePenalty: 0.03,
} as const;

interface Candidate {
  token: string;
  frequency: number;
  form: string;
  /** Proclitics removed from `token` to get `form`. */
  morphemes: number;
}

interface Scored {
  token: string;
  score: number;
  frequency: number;
  prefixed: boolean;
}

// A Latin syllable as pinyin writes them: consonant onset, vowels, optional n/ng/r coda.
const LATIN_SYLLABLE = /^[^aeiouy]{1,3}[aeiouy]{1,3}(ng|n|r)?$/;

/**
 * Maps a Latin word to the corpus tokens it probably transliterates, best first.
 * Built once per corpus vocabulary (normalised Arabic tokens -> frequency);
 * non-Arabic tokens are ignored. Tokens are also tried without their
 * proclitics (و ف ب ل ك ال), so "وبوتين" matches "Putin".
 *
 * It cannot tell a name from an English word that sounds like an Arabic one
 * ("that" ~ ذات): callers should ask it about words that look like names.
 */
export class NameMatcher {
  private readonly options: Required<Omit<NameMatcherOptions, 'bigrams'>>;
  private readonly bigrams: ReadonlyMap<string, number> | undefined;
  /** skeleton -> candidates having it */
  private readonly bySkeleton = new Map<string, Candidate[]>();
  /** skeleton length -> skeletons */
  private readonly skeletonsByLength = new Map<number, string[]>();

  constructor(vocabulary: ReadonlyMap<string, number>, options: NameMatcherOptions = {}) {
    this.options = { ...defaultOptions, ...options };
    this.bigrams = options.bigrams;
    for (const [token, frequency] of vocabulary) {
      if (!isArabicToken(token) || !PLAIN_ARABIC.test(token)) continue;
      for (const { stem, morphemes } of arabicStems(token)) {
        const form = arabicForm(stem);
        const skeleton = withoutVowels(form);
        if (skeleton.length === 0) continue;
        const list = this.bySkeleton.get(skeleton);
        const candidate = { token, frequency, form, morphemes };
        if (list) list.push(candidate);
        else {
          this.bySkeleton.set(skeleton, [candidate]);
          const sameLength = this.skeletonsByLength.get(skeleton.length);
          if (sameLength) sameLength.push(skeleton);
          else this.skeletonsByLength.set(skeleton.length, [skeleton]);
        }
      }
    }
  }

  /**
   * Corpus tokens the Latin word probably is, best score first (ties: more
   * frequent first), at most `limit`; [] when nothing is close enough.
   */
  match(latinWord: string, limit = 5): NameMatch[] {
    const letters = latinLetters(latinWord);
    if (letters.length === 0) return [];
    const best = this.matchSingle(letters);
    if (this.bigrams) this.addPhraseMatches(letters, best);
    return [...best.values()]
      .sort((a, b) => b.score - a.score || b.frequency - a.frequency || (a.token < b.token ? -1 : 1))
      .slice(0, limit)
      .map(({ token, score }) => ({ token, score: Math.round(score * 1000) / 1000 }));
  }

  /**
   * How far a corpus skeleton may be from the Latin one, and the lowest score
   * kept: few consonants leave little evidence, so short words must match exactly.
   */
  private limits(consonants: number, shortWord: boolean): { budget: number; minScore: number } {
    const { minScore, shortWordMargin, twoConsonantMargin } = this.options;
    if (shortWord || consonants <= 1) return { budget: 0, minScore: minScore + shortWordMargin };
    if (consonants === 2) return { budget: 0, minScore: minScore + twoConsonantMargin };
    return { budget: Math.max(1, Math.floor(consonants / 3)), minScore };
  }

  private matchSingle(letters: string): Map<string, Scored> {
    const best = new Map<string, Scored>();
    const formsBySkeleton = new Map<string, LatinForm[]>();
    for (const latin of latinFormsWithPriors(letters)) {
      const skeleton = withoutVowels(latin.form);
      const list = formsBySkeleton.get(skeleton);
      if (list) list.push(latin);
      else formsBySkeleton.set(skeleton, [latin]);
    }
    for (const [latinSkeleton, forms] of formsBySkeleton) {
      const length = latinSkeleton.length;
      if (length === 0) continue;
      const { budget, minScore } = this.limits(length, letters.length <= 2);
      const skeletons =
        budget === 0
          ? [latinSkeleton]
          : Array.from({ length: 2 * budget + 1 }, (_, k) => this.skeletonsByLength.get(length - budget + k) ?? []).flat();
      for (const skeleton of skeletons) {
        if (budget > 0 && classDistance(latinSkeleton, skeleton) > budget) continue;
        for (const candidate of this.bySkeleton.get(skeleton) ?? []) {
          let score = 0;
          for (const { form, prior } of forms) score = Math.max(score, formSimilarity(form, candidate.form, prior));
          score -= candidate.morphemes * this.options.prefixPenalty;
          if (score < minScore) continue;
          const previous = best.get(candidate.token);
          if (!previous || previous.score < score) {
            best.set(candidate.token, {
              token: candidate.token,
              score,
              frequency: candidate.frequency,
              prefixed: candidate.morphemes > 0,
            });
          }
        }
      }
    }
    return best;
  }

  /**
   * Two-token matches: the word split into two syllables (Jin|ping), each
   * matched to a bare corpus token nearly exactly, the pair kept only if it
   * occurs in the corpus.
   */
  private addPhraseMatches(letters: string, best: Map<string, Scored>): void {
    const bigrams = this.bigrams;
    if (!bigrams) return;
    const nearlyExact = this.options.minScore + this.options.shortWordMargin;
    for (let i = 2; i <= letters.length - 2; i++) {
      const left = letters.slice(0, i);
      const right = letters.slice(i);
      if (!LATIN_SYLLABLE.test(left) || !LATIN_SYLLABLE.test(right)) continue;
      const parts = [left, right].map((part) =>
        [...this.matchSingle(part).values()].filter((m) => !m.prefixed && m.score >= nearlyExact),
      );
      for (const l of parts[0] ?? []) {
        for (const r of parts[1] ?? []) {
          const phrase = `${l.token} ${r.token}`;
          const frequency = bigrams.get(phrase);
          if (frequency === undefined) continue;
          const score = Math.min(l.score, r.score) - this.options.phrasePenalty;
          const previous = best.get(phrase);
          if (!previous || previous.score < score) best.set(phrase, { token: phrase, score, frequency, prefixed: false });
        }
      }
    }
  }
}

/** Token and adjacent-pair counts of normalised, tokenised texts, for `NameMatcher`. */
export function countVocabulary(tokenizedTexts: Iterable<readonly string[]>): {
  tokens: Map<string, number>;
  bigrams: Map<string, number>;
} {
  const tokens = new Map<string, number>();
  const bigrams = new Map<string, number>();
  for (const text of tokenizedTexts) {
    for (const [i, token] of text.entries()) {
      tokens.set(token, (tokens.get(token) ?? 0) + 1);
      const next = text[i + 1];
      if (next !== undefined) {
        const pair = `${token} ${next}`;
        bigrams.set(pair, (bigrams.get(pair) ?? 0) + 1);
      }
    }
  }
  return { tokens, bigrams };
}

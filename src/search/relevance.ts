import type { RelevanceSettings, RetrievalMode } from '../settings.ts';
import { isCrossLingual, type QueryLanguage } from './query.ts';

/**
 * How well one passage answers one question: the passage's `score`, 0..1, with one meaning on
 * every route, for every question and corpus. The evidence (see RelevanceSettings in
 * src/settings.ts for why these two and how their thresholds were chosen):
 */
export interface PassageEvidence {
  /** The passage's position in the index. */
  doc: number;
  /** idf-weighted share of the question's words found in the passage, 0..1. */
  words: number;
  /** The passage's cosine minus the question's median cosine over the corpus; null when the model did not judge it. */
  margin: number | null;
  /**
   * The share of the index's off-topic reference questions whose best passage stands out less
   * than this passage does for the question, 0..1; null when the model did not judge it.
   */
  model: number | null;
  /** How many of the question's words (concepts) the passage holds. */
  wordsHeld: number;
  /** How many words the question has (concepts, and words that reach nothing in the articles). */
  questionWords: number;
  /**
   * The passage's place in the dense search's results for the question (0 = first; the number of
   * results when it is not among them); null when no dense search ranked passages for it.
   */
  denseRank: number | null;
}

/** The thresholds that apply to one question: each kind of evidence reaches 0.5 at its own. */
export interface RelevanceThresholds {
  /** Null: the model's evidence is not used (lexical-only, or no reference in the index). */
  model: number | null;
  /** Null: words are not evidence on their own (dense-only diagnosis). */
  words: number | null;
  /** With the model, words count only in a passage at least this far above the question's median. */
  agreementMargin: number;
  /** With the model, one word of a question of at least this many counts only ... */
  loneWordQuestionWords: number;
  /** ... in a passage the dense search ranks among its first this many. */
  loneWordDenseRank: number;
}

/** The score at which a passage answers its question. */
export const ANSWERS = 0.5;

/**
 * Which thresholds judge a question: by its language (the articles' own, or across languages),
 * the retrievers in use and whether the model judged it (a question whose dense search failed,
 * or asked of an index without a reference, is judged by its words with the lexical-only ones).
 */
export function thresholdsFor(settings: RelevanceSettings, mode: RetrievalMode, language: QueryLanguage, modelJudged: boolean): RelevanceThresholds {
  const across = isCrossLingual(language);
  if (!modelJudged || mode === 'lexical') {
    return { model: null, words: across ? settings.lexicalWordsThresholdCrossLingual : settings.lexicalWordsThreshold, ...wordsAgreement(settings) };
  }
  return {
    model: across ? settings.modelThresholdCrossLingual : settings.modelThreshold,
    words: mode === 'dense' ? null : across ? settings.wordsThresholdCrossLingual : settings.wordsThreshold,
    ...wordsAgreement(settings),
  };
}

/** The rules by which the model may overrule a passage's words (see wordsAgree). */
export type WordsAgreement = Pick<RelevanceThresholds, 'agreementMargin' | 'loneWordQuestionWords' | 'loneWordDenseRank'>;

/** The agreement rules of the relevance settings. */
export function wordsAgreement(settings: Pick<RelevanceSettings, keyof WordsAgreement>): WordsAgreement {
  return { agreementMargin: settings.agreementMargin, loneWordQuestionWords: settings.loneWordQuestionWords, loneWordDenseRank: settings.loneWordDenseRank };
}

/**
 * Whether a passage's words count as evidence, given what the model says of it (always, when
 * the model did not judge it). Not when the model places it below the question's median; and not
 * when it holds one word alone of a longer question ("gas" of "What did the Kremlin's adviser say
 * about gas?", "video" of "What did Putin and Xi agree on in their video conference?") unless
 * the dense search ranks it at the top (when one ranked passages for it): one matched word, or one transliteration hitting an
 * unrelated word (Peru -> برو of "Pro Bowl"), is found in articles about anything, and only the
 * model's agreement tells the passage about it from one that merely contains it.
 */
export function wordsAgree(evidence: PassageEvidence, rules: WordsAgreement): boolean {
  if (evidence.margin === null) return true;
  if (evidence.margin < rules.agreementMargin) return false;
  const lone = evidence.wordsHeld === 1 && evidence.questionWords >= rules.loneWordQuestionWords;
  return !lone || evidence.denseRank === null || evidence.denseRank < rules.loneWordDenseRank;
}

/**
 * The passage's score: each kind of evidence is mapped onto 0..1 so that its threshold lands on
 * ANSWERS (0.5), linearly on either side (0 -> 0, threshold -> 0.5, 1 -> 1), and the stronger
 * counts. So 0.5 and above answers, and a higher score is stronger evidence, whichever kind it is.
 */
export function relevanceScore(evidence: PassageEvidence, thresholds: RelevanceThresholds): number {
  const byModel = thresholds.model !== null && evidence.model !== null ? onScale(evidence.model, thresholds.model) : 0;
  const wordsCount = thresholds.words !== null && (thresholds.model === null || wordsAgree(evidence, thresholds));
  const byWords = wordsCount ? onScale(evidence.words, thresholds.words!) : 0;
  return Number(Math.max(byModel, byWords).toFixed(4));
}

/** 0 -> 0, threshold -> 0.5, 1 -> 1, linear in between. */
export function onScale(value: number, threshold: number): number {
  const x = Math.min(1, Math.max(0, value));
  if (threshold <= 0) return x > 0 || threshold === 0 ? 0.5 + x / 2 : 0;
  if (threshold >= 1) return x >= 1 ? 1 : (x / threshold) * ANSWERS;
  return x < threshold ? (x / threshold) * ANSWERS : ANSWERS + ((x - threshold) / (1 - threshold)) * (1 - ANSWERS);
}

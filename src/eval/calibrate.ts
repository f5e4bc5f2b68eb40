import type { Engine } from '../engine.ts';
import { isCrossLingual } from '../search/query.ts';
import { wordsAgree, wordsAgreement, type PassageEvidence, type WordsAgreement } from '../search/relevance.ts';
import type { RelevanceSettings } from '../settings.ts';
import type { EvalQuestion } from './eval-set.ts';

/**
 * Chooses the relevance thresholds (RelevanceSettings in src/settings.ts) from data: questions
 * that must be answered (each set's own, unless kind=none) and questions that must not (kind=none,
 * and every set's questions asked of the other corpora). A question is answered when one of its
 * judged passages reaches a threshold (see passes()); the engine records every candidate's
 * evidence in its answer (`judged`), so each threshold pair is tried without asking again.
 */
export interface CalibrationSample {
  /** The question as asked (reports name it). */
  question: string;
  /** The evidence of every passage the question was judged on; empty when it was refused before any (an unknown person, no words). */
  judged: PassageEvidence[];
  /** Asked in another language than the articles' (Arabic): judged by the cross-lingual thresholds. */
  crossLingual: boolean;
  answerable: boolean;
  /** kind=none of a set asked of its own corpus: the questions the thresholds are chosen to refuse first. */
  ownUnanswerable: boolean;
  /** The question set it comes from: the ceiling on refused answerable questions holds for each set. */
  set: string;
  /** The set whose corpus it was asked of. */
  askedOf: string;
}

export async function collectSamples(engine: Pick<Engine, 'ask'>, questions: EvalQuestion[], sameCorpus: boolean, set: string, askedOf = set): Promise<CalibrationSample[]> {
  const samples: CalibrationSample[] = [];
  for (const question of questions) {
    const answer = await engine.ask(question.q, { k: 1 });
    samples.push({
      question: question.q,
      judged: answer.judged.map(({ doc, words, margin, model, wordsHeld, questionWords, denseRank }) => ({ doc, words, margin, model, wordsHeld, questionWords, denseRank })),
      crossLingual: isCrossLingual(answer.language),
      answerable: sameCorpus && question.kind !== 'none',
      ownUnanswerable: sameCorpus && question.kind === 'none',
      set,
      askedOf,
    });
  }
  return samples;
}

/** One pair of thresholds for a language group: null means that kind of evidence is not used. */
export interface Thresholds {
  model: number | null;
  words: number;
}

export interface CalibrationResult {
  thresholds: Thresholds;
  /** Answerable questions answered, per set, and in all. */
  answered: Record<string, { answered: number; of: number }>;
  /** Share of the own-corpus unanswerable questions (kind=none) refused. */
  refusedOwn: number;
  /** Share refused of the unanswerable questions asked of corpora whose own sets hold unanswerable ones (the news articles). */
  refusedWhereAsked: number;
  /** Share of every unanswerable question refused (cross-corpus ones included). */
  refusedAll: number;
  positives: number;
  negatives: number;
}

/** Whether a question is answered at these thresholds (the OR of src/search/relevance.ts's two kinds of evidence). */
export function passes(sample: CalibrationSample, thresholds: Thresholds, agreement: WordsAgreement): boolean {
  return passesSummary(summarize(sample, agreement), thresholds);
}

/**
 * A question is answered when some passage reaches either threshold, so only its best evidence
 * of each kind matters: the model's, and the words' of passages the model does not overrule
 * (wordsAgree, with the model) or of any passage (lexical-only).
 */
interface Summary {
  model: number;
  wordsAgreeing: number;
  words: number;
}

function summarize(sample: CalibrationSample, agreement: WordsAgreement): Summary {
  let model = -1;
  let wordsAgreeing = -1;
  let words = -1;
  for (const e of sample.judged) {
    if (e.model !== null) model = Math.max(model, e.model);
    words = Math.max(words, e.words);
    if (wordsAgree(e, agreement)) wordsAgreeing = Math.max(wordsAgreeing, e.words);
  }
  return { model, wordsAgreeing, words };
}

function passesSummary(summary: Summary, thresholds: Thresholds): boolean {
  if (thresholds.model === null) return summary.words >= thresholds.words;
  return summary.model >= thresholds.model || summary.wordsAgreeing >= thresholds.words;
}

/**
 * The thresholds that refuse at most `maxRefused` of the answerable questions of every set
 * (counted per set, so a large set cannot hide a small one's refusals) and, of those: refuse the
 * most own-corpus unanswerable questions (kind=none: those the sets' authors wrote to be
 * refused); then refuse the fewest answerable questions (the held-out sets are answerable, and
 * must not lose what the tuning sets could spare); then refuse the most questions asked of the
 * corpora those unanswerable questions were written for (the news articles: other sets' questions
 * are off-topic there), then of all. Ties go to the lower thresholds. `withModel` false: words only.
 * Questions asked between the Wikipedia corpora count last: they share topics, and many are
 * partly answerable there.
 */
export function chooseThresholds(samples: CalibrationSample[], options: { maxRefused: number; withModel: boolean; agreement: WordsAgreement }): CalibrationResult {
  const modelGrid = options.withModel ? grid(0.5, 1, 0.005) : [null];
  const wordsGrid = grid(0.05, 0.8, 0.01);
  const summarized = samples.map((sample) => ({ ...sample, summary: summarize(sample, options.agreement) }));
  const positives = summarized.filter((s) => s.answerable);
  const own = summarized.filter((s) => s.ownUnanswerable);
  const negatives = summarized.filter((s) => !s.answerable);
  const wanted = new Set(own.map((s) => s.askedOf));
  const whereAsked = negatives.filter((s) => wanted.has(s.askedOf));
  const bySet = new Map<string, typeof positives>();
  for (const sample of positives) bySet.set(sample.set, [...(bySet.get(sample.set) ?? []), sample]);
  let best: { key: number[]; result: CalibrationResult } | null = null;
  for (const model of modelGrid) {
    for (const words of wordsGrid) {
      const thresholds = { model, words };
      const answered: CalibrationResult['answered'] = {};
      let withinCeiling = true;
      let refusedAnswerable = 0;
      for (const [set, list] of bySet) {
        const count = list.filter((s) => passesSummary(s.summary, thresholds)).length;
        answered[set] = { answered: count, of: list.length };
        refusedAnswerable += list.length - count;
        // Counted, not compared as rates: 1 - 0.98 is not 0.02 in floating point.
        withinCeiling &&= list.length - count <= Math.floor(options.maxRefused * list.length + 1e-9);
      }
      if (!withinCeiling) continue;
      const refusedOwn = own.length ? own.filter((s) => !passesSummary(s.summary, thresholds)).length / own.length : 0;
      const refusedAll = negatives.length ? negatives.filter((s) => !passesSummary(s.summary, thresholds)).length / negatives.length : 0;
      const refusedWhereAsked = whereAsked.length ? whereAsked.filter((s) => !passesSummary(s.summary, thresholds)).length / whereAsked.length : 0;
      const key = [refusedOwn, -refusedAnswerable, refusedWhereAsked, refusedAll];
      if (!best || compare(key, best.key) > 0) {
        best = { key, result: { thresholds, answered, refusedOwn, refusedWhereAsked, refusedAll, positives: positives.length, negatives: negatives.length } };
      }
    }
  }
  // The lowest thresholds refuse nothing they could answer: there is always a result.
  return best!.result;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 1e-12) return a[i]! - b[i]!;
  return 0;
}

function grid(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) values.push(Number((from + i * step).toFixed(4)));
  return values;
}

/** A corpus's engine and the questions written for that corpus. */
export interface CalibrationSet {
  engine: Pick<Engine, 'ask'>;
  questions: EvalQuestion[];
  /** Names the set in per-set limits. */
  label: string;
}

/** What calibration proposes, per language group: the articles' language, and questions across languages. */
export interface Calibration {
  sameLanguage: CalibrationResult;
  crossLingual: CalibrationResult;
}

/** Each set's questions against its own corpus and against every other corpus (unanswerable there). */
export async function collectAcross(sets: CalibrationSet[]): Promise<CalibrationSample[]> {
  const samples: CalibrationSample[] = [];
  for (const own of sets) {
    for (const other of sets) samples.push(...(await collectSamples(own.engine, other.questions, own === other, other.label, own.label)));
  }
  return samples;
}

/**
 * The thresholds of both language groups. With the model (`withModel`): the model's and the
 * words' thresholds, at most 2% of each set's answerable questions refused; lexical-only: the
 * words' threshold alone, at most 5% (the ceilings for each mode).
 */
export function calibrate(samples: CalibrationSample[], withModel: boolean, settings: Pick<RelevanceSettings, keyof WordsAgreement>): Calibration {
  const options = { maxRefused: withModel ? 0.02 : 0.05, withModel, agreement: wordsAgreement(settings) };
  return {
    sameLanguage: chooseThresholds(samples.filter((s) => !s.crossLingual), options),
    crossLingual: chooseThresholds(samples.filter((s) => s.crossLingual), options),
  };
}

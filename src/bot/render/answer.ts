import type { AnswerLanguage } from '../../english/answer-language.ts';
import type { Answer } from '../../search/answer.ts';
import { cleanQuestion } from '../../search/question-check.ts';
import { escapeText } from './escape.ts';
import { truncate } from './limits.ts';
import { paginate, type Paged } from './paged.ts';
import { passageItem } from './passage.ts';

export interface AnswerRenderOptions {
  /** Shown in the footer when answers use word matching only. @default false */
  lexicalOnly?: boolean;
  /** Passages on one page. @default 4 */
  perPage?: number;
  /**
   * What the pages show first: the Arabic ('ar'), the English under it ('both'), or the English
   * in its place ('en'); the 🇬🇧 English button switches between the Arabic and the English.
   * @default 'ar'
   */
  language?: AnswerLanguage;
  /** The message as typed, when the engine was asked something else (a follow-up read against its thread). */
  asked?: string;
  /** What a follow-up was read as, shown under the question. */
  readAs?: string;
  /** A line under why (e.g. how to ask for more). */
  note?: string;
}

/** The question, cut to a readable length and made inert (no markdown, no mentions). */
export function questionLine(question: string): string {
  // Without invisible characters: a bidi override in a question must not reverse how it shows.
  return `**Q:** ${escapeText(truncate(cleanQuestion(question), 300))}`;
}

/** An answer as pages: the question and why on top, each passage a block quote with its source. */
export function renderAnswer(answer: Answer, options: AnswerRenderOptions = {}): Paged {
  const header = [
    questionLine(options.asked ?? answer.question),
    ...(options.readAs ? [`*Read as:* ${escapeText(truncate(cleanQuestion(options.readAs), 300))}`] : []),
    escapeText(answer.why),
    ...(options.note ? [options.note] : []),
  ].join('\n');
  if (answer.abstained || answer.passages.length === 0) return { ...paginate([], { header }), answer };
  const language = options.language ?? 'ar';
  const items = answer.passages.map((passage, i) => passageItem(passage, i + 1, undefined, language === 'en' ? 'en' : 'both'));
  return { ...paginate(items, { header, perPage: options.perPage ?? 4, note: options.lexicalOnly ? 'word matching only (no embedding model)' : undefined, showEnglish: language !== 'ar' }), answer };
}

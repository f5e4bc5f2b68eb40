import type { QueryLanguage } from '../search/query.ts';

/** What an answer shows by default: the Arabic, the English of it, or both. */
export type AnswerLanguage = 'en' | 'ar' | 'both';

/**
 * The view of an answer when nothing was pressed: `ANSWER_LANGUAGE` when set, else both for a
 * question asked in English (the asker may not read Arabic) and the Arabic alone for one asked in
 * Arabic (or with no language: a name, a number).
 */
export function defaultAnswerLanguage(configured: AnswerLanguage | undefined, asked: QueryLanguage): AnswerLanguage {
  return configured ?? (asked === 'en' || asked === 'mixed' ? 'both' : 'ar');
}

/** Whether the English is shown by default. */
export function showsEnglish(configured: AnswerLanguage | undefined, asked: QueryLanguage): boolean {
  return defaultAnswerLanguage(configured, asked) !== 'ar';
}

import { MAX_QUESTION_LENGTH } from '../engine.ts';

/**
 * Characters that show nothing but change how text is read or shown: zero-width spaces and
 * joiners, bidi embeddings, overrides and isolates (which can make a question display reversed),
 * the byte-order mark, soft hyphens, tag characters (\p{Cf}), and control characters (\p{Cc}).
 */
const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;
/** Line breaks and tabs: they separate words, so they become spaces before the rest is removed. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** A question as the user typed it, without invisible characters, on one line. */
export function cleanQuestion(raw: string): string {
  return raw.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

export type QuestionCheck =
  | { ok: true; question: string }
  | { ok: false; problem: 'empty'; message: string }
  | { ok: false; problem: 'too-long'; message: string; length: number };

export const QuestionMessages = {
  empty: (noun = 'question') =>
    `There is nothing to search for in that ${noun} (no letters or numbers). Ask about the articles, e.g. “What did Ushakov say?” or “ماذا قال أوشاكوف؟”.`,
  tooLong: (length: number, noun = 'question') =>
    `That ${noun} is ${length.toLocaleString('en-US')} characters long; the limit is ${MAX_QUESTION_LENGTH.toLocaleString('en-US')} characters. Please ask something shorter, e.g. “What did Ushakov say?”.`,
} as const;

/**
 * Whether a question can be searched: at most MAX_QUESTION_LENGTH characters (as the engine
 * counts them: the text as typed, trimmed), and at least one letter or digit once invisible
 * characters are gone. Whitespace, punctuation or emoji alone is empty.
 */
export function checkQuestion(raw: string | null | undefined, noun = 'question'): QuestionCheck {
  const text = (raw ?? '').trim();
  if (text.length > MAX_QUESTION_LENGTH) return { ok: false, problem: 'too-long', message: QuestionMessages.tooLong(text.length, noun), length: text.length };
  const question = cleanQuestion(text);
  if (!SEARCHABLE.test(question)) return { ok: false, problem: 'empty', message: QuestionMessages.empty(noun) };
  return { ok: true, question };
}

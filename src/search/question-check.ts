/** Longest question accepted, in characters (as typed, trimmed): longer input is refused with this limit stated. */
export const MAX_QUESTION_LENGTH = 1000;

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
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'too-long'; length: number };

/**
 * Whether a question can be searched: at most MAX_QUESTION_LENGTH characters (the text as typed,
 * trimmed), and at least one letter or digit once invisible characters are gone. Whitespace,
 * punctuation or emoji alone is empty. The one check every front end relies on.
 */
export function checkQuestion(raw: string | null | undefined): QuestionCheck {
  const text = (raw ?? '').trim();
  if (text.length > MAX_QUESTION_LENGTH) return { ok: false, reason: 'too-long', length: text.length };
  const question = cleanQuestion(text);
  if (!SEARCHABLE.test(question)) return { ok: false, reason: 'empty' };
  return { ok: true, question };
}

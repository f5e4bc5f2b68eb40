/** A sentence as a character range [start, end) of the text it was cut from. */
export interface SentenceSpan {
  start: number;
  end: number;
}

const TERMINAL = new Set(['.', '!', '?', '؟', '؛', '…']);
const CLOSING = new Set(['”', '"', '»', '’', "'", ')', ']']);

/**
 * Splits at sentence ends (. ! ? ؟ ؛ …) followed by white space. Closing quotation marks and
 * brackets right after the terminal stay with the sentence they close, so a quoted statement
 * `قال: “…”.` remains one unit with its speaker. A decimal point ("3.5") is not an end because
 * no space follows it.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = skipSpace(text, 0);
  let i = start;
  while (i < text.length) {
    if (TERMINAL.has(text[i]!)) {
      let end = i + 1;
      while (end < text.length && (TERMINAL.has(text[end]!) || CLOSING.has(text[end]!))) end++;
      if (end >= text.length || /\s/.test(text[end]!)) {
        spans.push({ start, end });
        start = skipSpace(text, end);
        i = start;
        continue;
      }
    }
    i++;
  }
  const tailEnd = trimEnd(text, text.length);
  if (tailEnd > start) spans.push({ start, end: tailEnd });
  return spans;
}

function skipSpace(text: string, from: number): number {
  while (from < text.length && /\s/.test(text[from]!)) from++;
  return from;
}

function trimEnd(text: string, to: number): number {
  while (to > 0 && /\s/.test(text[to - 1]!)) to--;
  return to;
}

import type { SentenceSpan } from '../../text/sentences.ts';

export interface Segment {
  text: string;
  /** Part of the sentence(s) that answer the question. */
  quoted: boolean;
}

export interface Excerpt {
  segments: Segment[];
  /** Some of the passage was left out (shown as "…"). */
  shortened: boolean;
}

/**
 * The passage split into quoted and unquoted segments, kept within `budget` characters:
 * the quoted sentences come first, then as much context on each side as fits, cut at spaces.
 * Text is never altered, only left out at the ends (marked "…").
 */
export function excerpt(text: string, quotes: SentenceSpan[], budget: number): Excerpt {
  const spans = normalizeSpans(quotes, text.length);
  if (text.length <= budget) return { segments: toSegments(text, spans, 0, text.length), shortened: false };
  if (spans.length === 0) {
    const end = cutAtSpace(text, budget - 1, 'back');
    return { segments: [...toSegments(text, spans, 0, end), { text: '…', quoted: false }], shortened: true };
  }
  const quoteStart = spans[0]!.start;
  const quoteEnd = spans[spans.length - 1]!.end;
  let start: number;
  let end: number;
  if (quoteEnd - quoteStart >= budget - 2) {
    start = quoteStart;
    end = cutAtSpace(text, quoteStart + budget - 2, 'back', quoteStart);
  } else {
    const spare = budget - 2 - (quoteEnd - quoteStart);
    const before = Math.min(quoteStart, Math.floor(spare / 2));
    const after = Math.min(text.length - quoteEnd, spare - before);
    const extraBefore = Math.min(quoteStart - before, spare - before - after);
    start = quoteStart - before - extraBefore;
    end = quoteEnd + after;
    if (start > 0) start = cutAtSpace(text, start, 'forward', 0, quoteStart);
    if (end < text.length) end = cutAtSpace(text, end, 'back', quoteEnd);
  }
  const segments = toSegments(text, spans, start, end);
  if (start > 0) segments.unshift({ text: '…', quoted: false });
  if (end < text.length) segments.push({ text: '…', quoted: false });
  return { segments, shortened: true };
}

function normalizeSpans(quotes: SentenceSpan[], length: number): SentenceSpan[] {
  const sorted = quotes
    .map((q) => ({ start: Math.max(0, q.start), end: Math.min(length, q.end) }))
    .filter((q) => q.end > q.start)
    .sort((a, b) => a.start - b.start);
  const merged: SentenceSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function toSegments(text: string, spans: SentenceSpan[], from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let at = from;
  for (const span of spans) {
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    if (end <= start) continue;
    if (start > at) segments.push({ text: text.slice(at, start), quoted: false });
    segments.push({ text: text.slice(start, end), quoted: true });
    at = end;
  }
  if (at < to) segments.push({ text: text.slice(at, to), quoted: false });
  return segments;
}

/** Moves a cut point to the nearest space (backwards or forwards) without crossing `limit`s. */
function cutAtSpace(text: string, at: number, direction: 'back' | 'forward', min = 0, max = text.length): number {
  if (direction === 'back') {
    const space = text.lastIndexOf(' ', at);
    return space > min ? space : Math.max(min + 1, at);
  }
  const space = text.indexOf(' ', at);
  return space !== -1 && space < max ? space + 1 : at;
}

import { escapeText } from './escape.ts';
import type { Segment } from './excerpt.ts';

/**
 * Segments as Discord markdown: escaped, the quoted ones in bold. Bold markers hug the words
 * (Discord ignores `** text**`) and never span a line break.
 */
export function markSegments(segments: Segment[]): string {
  return segments
    .map((segment) => {
      if (!segment.quoted) return escapeText(segment.text);
      return segment.text
        .split('\n')
        .map((line) => {
          const match = /^(\s*)(.*?)(\s*)$/su.exec(line)!;
          const [, lead, body, trail] = match;
          return body ? `${lead}**${escapeText(body)}**${trail}` : line;
        })
        .join('\n');
    })
    .join('');
}

/** Every line as a Discord block quote. */
export function blockQuote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

export function sourceLabel(ref: { file: string; lineStart: number; lineEnd: number }): string {
  return ref.lineStart === ref.lineEnd ? `${ref.file} · line ${ref.lineStart}` : `${ref.file} · lines ${ref.lineStart}–${ref.lineEnd}`;
}

/** Splits markdown into chunks of at most `max` characters at line breaks, else at spaces. */
export function chunkText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

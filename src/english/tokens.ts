/**
 * A sentence cut into the pieces a gloss is made of: words, numbers and the symbols between them,
 * each with its place in the text, so what is not glossed can be shown exactly as written.
 */
import { normalizeText } from '../text/normalize.ts';

export interface GlossToken {
  kind: 'word' | 'number' | 'symbol';
  /** As written in the text. */
  text: string;
  /** normalize.ts form (words and numbers); the symbol itself for symbols. */
  normalized: string;
  /** White space before it in the text. */
  spaced: boolean;
}

// A word: letters with their combining marks (harakat) and tatweel; a number: digits with inner
// separators ("3.5", "1,000", "٣٫٥"); anything else that is not white space: one symbol.
const PIECE = /([\p{L}\p{M}\u0640]+)|(\p{N}+(?:[.,٫٬]\p{N}+)*)|(\S)/gu;

export function glossTokens(text: string): GlossToken[] {
  const tokens: GlossToken[] = [];
  let end = 0;
  for (const match of text.matchAll(PIECE)) {
    const [piece, word, number] = match;
    const spaced = match.index > end && /\s/.test(text.slice(end, match.index));
    end = match.index + piece.length;
    const kind = word !== undefined ? 'word' : number !== undefined ? 'number' : 'symbol';
    tokens.push({ kind, text: piece, normalized: kind === 'symbol' ? piece : normalizeText(piece), spaced });
  }
  return tokens;
}

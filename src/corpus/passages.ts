import { createHash } from 'node:crypto';
import { normalizeText, tokenize } from '../text/normalize.ts';
import { splitSentences, type SentenceSpan } from '../text/sentences.ts';
import type { PassageSettings } from '../settings.ts';
import { classifyLines, lineFacts, titleLineOf } from './boilerplate.ts';
import type { SourceDocument } from './read-corpus.ts';

/** A unit of retrieval: one paragraph (or a sentence-aligned piece of a long one), verbatim. */
export interface Passage {
  /** Stable within a build: `file#L<line>` plus `.<part>` for pieces of a long paragraph. */
  id: string;
  file: string;
  /** 1-based, inclusive: what a reader looks up in the file. */
  lineStart: number;
  lineEnd: number;
  /** Exactly as in the file (surrounding white space trimmed). */
  text: string;
  sentences: SentenceSpan[];
  /** sha256 of the text: equal texts share one embedding. */
  hash: string;
  /** The file's headline. */
  isTitle: boolean;
}


export interface DocumentPassages {
  file: string;
  title: string | undefined;
  passages: Passage[];
  /** Lines dropped as boilerplate, 1-based: for reports and tests. */
  droppedLines: number[];
}

/**
 * Every non-empty line is a paragraph: the articles use both blank lines and single newlines
 * between paragraphs, and none wraps a paragraph over several lines.
 */
export function splitIntoPassages(
  documents: SourceDocument[],
  options: PassageSettings,
): DocumentPassages[] {
  // Each line is normalised once, for the classification and for its length in words.
  const facts = new Map(documents.map((doc) => [doc, lineFacts(doc, options)]));
  const classification = classifyLines(documents, options, facts);
  return documents.map((doc) => {
    const reasons = classification.get(doc.file) ?? [];
    const lines = facts.get(doc)!;
    const titleIndex = titleLineOf(lines);
    const passages: Passage[] = [];
    const droppedLines: number[] = [];
    doc.lines.forEach((line, index) => {
      if (line.trim() === '') return;
      if (reasons[index]) {
        droppedLines.push(index + 1);
        return;
      }
      passages.push(...paragraphPassages(doc.file, index + 1, line.trim(), index === titleIndex, options.maxPassageWords, lines[index]!.words));
    });
    const headline = titleIndex >= 0 ? doc.lines[titleIndex]?.trim() : undefined;
    return { file: doc.file, title: doc.metadata?.title ?? headline, passages, droppedLines };
  });
}

function paragraphPassages(file: string, lineNumber: number, paragraph: string, isTitle: boolean, maxWords: number, words: number): Passage[] {
  // Most paragraphs are one passage: their sentences are found once, here.
  if (words <= maxWords) {
    return [makePassage({ id: `${file}#L${lineNumber}`, file, lineStart: lineNumber, lineEnd: lineNumber, text: paragraph, isTitle }, splitSentences(paragraph))];
  }
  const pieces = chunkSentences(paragraph, splitSentences(paragraph), maxWords);
  return pieces.map((piece, part) =>
    makePassage({
      id: pieces.length === 1 ? `${file}#L${lineNumber}` : `${file}#L${lineNumber}.${part + 1}`,
      file,
      lineStart: lineNumber,
      lineEnd: lineNumber,
      text: piece,
      isTitle,
    }),
  );
}

/**
 * Groups consecutive sentences into pieces of at most maxWords (a single longer sentence is cut
 * between words). Each piece is a slice of the paragraph, so it stays verbatim: the white space
 * between its sentences is the file's own.
 */
function chunkSentences(paragraph: string, sentences: SentenceSpan[], maxWords: number): string[] {
  if (wordCount(paragraph) <= maxWords) return [paragraph];
  const pieces: SentenceSpan[] = [];
  let current: SentenceSpan | undefined;
  let currentWords = 0;
  for (const span of sentences) {
    const words = wordCount(paragraph.slice(span.start, span.end));
    if (current && (words > maxWords || currentWords + words > maxWords)) {
      pieces.push(current);
      current = undefined;
      currentWords = 0;
    }
    if (words > maxWords) {
      pieces.push(...cutAtWords(paragraph, span, maxWords));
      continue;
    }
    current = { start: current?.start ?? span.start, end: span.end };
    currentWords += words;
  }
  if (current) pieces.push(current);
  return pieces.map((piece) => paragraph.slice(piece.start, piece.end));
}

/** Cuts one over-long sentence between white-space separated words, counting words as wordCount does. */
function cutAtWords(paragraph: string, span: SentenceSpan, maxWords: number): SentenceSpan[] {
  const pieces: SentenceSpan[] = [];
  let current: SentenceSpan | undefined;
  let currentWords = 0;
  for (const match of paragraph.slice(span.start, span.end).matchAll(/\S+/g)) {
    const start = span.start + match.index;
    const words = wordCount(match[0]);
    if (current && currentWords + words > maxWords) {
      pieces.push(current);
      current = undefined;
      currentWords = 0;
    }
    current = { start: current?.start ?? start, end: start + match[0].length };
    currentWords += words;
  }
  if (current) pieces.push(current);
  return pieces;
}

function wordCount(text: string): number {
  return tokenize(normalizeText(text)).length;
}

/** `sentences`: splitSentences(fields.text), when the caller has it already. */
export function makePassage(fields: Omit<Passage, 'sentences' | 'hash'>, sentences = splitSentences(fields.text)): Passage {
  return {
    ...fields,
    sentences,
    hash: createHash('sha256').update(fields.text).digest('hex'),
  };
}

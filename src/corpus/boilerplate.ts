import type { PassageSettings } from '../settings.ts';
import { normalizeText, tokenize } from '../text/normalize.ts';
import type { SourceDocument } from './read-corpus.ts';

/** Why a line is not article content; absent for content lines. */
export type BoilerplateReason = 'repeated' | 'widget' | 'no-sentence';

/** The boilerplate part of the passage settings (documented in src/settings.ts). */
export type BoilerplateOptions = Pick<PassageSettings, 'minContentWords' | 'maxWidgetWords' | 'minSharedStatementWords'>;

/**
 * The vocabulary of page furniture in Arabic and English news sites: subscribe, share,
 * comment, follow, sign-in, advertisement, source link, thanks-for-reading, by-lines and
 * photo credits.
 * Matched on normalised text, only on short lines (see maxWidgetWords).
 */
const WIDGET_PATTERNS: RegExp[] = [
  /اشترك(وا)? (الان|مجانا|في (النشره|نشرتنا|قناتنا))|تسجيل الدخول/,
  /(شارك|شاركوا|انشر) (هذه|هذا) (المقال|الخبر)|شارك(وا)? (المقال|الخبر)/,
  /^\d*\s*(تعليق|تعليقات|التعليقات)\s*\(?\d*\)?$/,
  /تابعونا|تابع(وا)? (قناتنا|صفحتنا|حسابنا|موقعنا)/,
  /شكرا (لمتابعتكم|لقراءتكم)/,
  /^\[?اعلان\s*\d*\]?$|^رابط المصدر|^اقرا (ايضا|المزيد)|تقرير اضافي|(^|\s)حرره(\s|$)/,
  /\b(subscribe|sign (in|up)|log ?in|share (this|on)|comments? \(?\d+\)?|follow us|advertisement|read more|newsletter|cookies)\b/,
  /^by [\p{L}]+$/u,
  /معاييرنا|جميع الحقوق محفوظه|all rights reserved|\bcopyright\b|©/,
  // Photo captions with their credit ("… الصورة: وكالة فرانس برس", "Photo: Reuters"): they
  // describe a picture, and a credit's agency name would otherwise match questions about France.
  /(^|\s)(الصوره|صوره|تصوير|photo|photograph|image|credit)\s*:/u,
  // A reporter's byline with its sources ("فام جيانج (وفقا لشبكة CNN ورويترز)").
  /^(\S+\s+){0,3}\S+\s*\(\s*(وفقا|نقلا|بحسب|according|via|source)(\s[^)]*)?\)$/u,
];

/** A line normalised and tokenised once, for every check below (normalising is most of their cost). */
interface AnalysedLine {
  normalized: string;
  tokens: string[];
}

function analyseLine(line: string): AnalysedLine {
  const normalized = normalizeText(line);
  return { normalized, tokens: tokenize(normalized) };
}

export function isWidgetLine(line: string, options: BoilerplateOptions): boolean {
  return isWidget(analyseLine(line), options);
}

function isWidget({ normalized, tokens }: AnalysedLine, options: BoilerplateOptions): boolean {
  if (tokens.length > options.maxWidgetWords) return false;
  return WIDGET_PATTERNS.some((pattern) => pattern.test(normalized));
}

export function hasSentenceContent(line: string, options: BoilerplateOptions): boolean {
  return contentWords(analyseLine(line)) >= options.minContentWords;
}

function contentWords({ tokens }: AnalysedLine): number {
  let words = 0;
  for (const token of tokens) if (/\p{L}/u.test(token)) words++;
  return words;
}

/** The folded form under which two lines count as "the same line". */
export function lineKey(line: string): string {
  return analyseLine(line).tokens.join(' ');
}

/** What the classification needs of one line, computed once (normalising is most of the cost). */
export interface LineFacts {
  /** The folded form under which two lines count as "the same line" (lineKey). */
  key: string;
  /** Tokens once normalised: the words passages are measured in. */
  words: number;
  /** Tokens holding a letter. */
  contentWords: number;
  widget: boolean;
}

/** The facts of every line of a document. */
export function lineFacts(doc: SourceDocument, options: BoilerplateOptions): LineFacts[] {
  return doc.lines.map((line) => {
    const analysed = analyseLine(line);
    return { key: analysed.tokens.join(' '), words: analysed.tokens.length, contentWords: contentWords(analysed), widget: isWidget(analysed, options) };
  });
}

/**
 * Classifies every line of every document. A line that appears more than once in one file,
 * or in more than one file, is site furniture (menus, subscribe boxes, repeated headlines),
 * except its first occurrence when it is the file's title, and the first occurrence per file
 * of a statement long enough to be quoted (minSharedStatementWords). `facts`: each document's
 * lineFacts, when the caller has them already.
 */
export function classifyLines(
  documents: SourceDocument[],
  options: BoilerplateOptions,
  facts: Map<SourceDocument, LineFacts[]> = new Map(documents.map((doc) => [doc, lineFacts(doc, options)])),
): Map<string, (BoilerplateReason | undefined)[]> {
  const filesPerLine = new Map<string, Set<string>>();
  const countPerLine = new Map<string, number>();
  for (const doc of documents) {
    for (const { key } of facts.get(doc)!) {
      if (!key) continue;
      countPerLine.set(key, (countPerLine.get(key) ?? 0) + 1);
      const files = filesPerLine.get(key) ?? new Set<string>();
      files.add(doc.file);
      filesPerLine.set(key, files);
    }
  }

  const result = new Map<string, (BoilerplateReason | undefined)[]>();
  for (const doc of documents) {
    const lines = facts.get(doc)!;
    const titleIndex = titleLineOf(lines);
    const seen = new Set<string>();
    result.set(
      doc.file,
      lines.map((line, index) => {
        if (!line.key) return 'no-sentence';
        const firstTime = !seen.has(line.key);
        seen.add(line.key);
        if (index === titleIndex && firstTime) return undefined;
        if ((countPerLine.get(line.key) ?? 0) > 1) {
          // A short line seen twice (in one file or across files) is furniture, every time it
          // occurs. A long one is a statement quoted twice: kept once per file, and grouped
          // later as a near-duplicate when two outlets carry it.
          const statement = line.contentWords >= options.minSharedStatementWords;
          if (!statement || !firstTime) return 'repeated';
        }
        if (line.widget) return 'widget';
        if (line.contentWords < options.minContentWords) return 'no-sentence';
        return undefined;
      }),
    );
  }
  return result;
}

/** findTitleLine over facts already computed. */
export function titleLineOf(lines: LineFacts[]): number {
  return lines.findIndex((line) => line.contentWords >= 3 && !line.widget);
}

/** The headline: the first line that reads like a heading rather than a label or widget. */
export function findTitleLine(doc: SourceDocument, options: BoilerplateOptions): number {
  return doc.lines.findIndex((line) => hasSentenceContent(line, { ...options, minContentWords: 3 }) && !isWidgetLine(line, options));
}

import type { Passage } from '../corpus/passages.ts';

export type FigureKind = 'percent' | 'amount' | 'year';

export interface Figure {
  /** The figure as written, e.g. "31٪", "123 مليار دولار", "2023". */
  figure: string;
  kind: FigureKind;
  /** The sentence it comes from, verbatim. */
  sentence: string;
  file: string;
  lineStart: number;
  lineEnd: number;
}

const NUMBER = String.raw`[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?`;
const PATTERNS: { kind: FigureKind; pattern: RegExp }[] = [
  { kind: 'percent', pattern: new RegExp(String.raw`${NUMBER}\s*(?:%|٪|في\s+المائة|في\s+المئة|بالمائة|بالمئة|percent\b|per\s+cent\b)`, 'giu') },
  {
    kind: 'amount',
    pattern: new RegExp(
      String.raw`(?:[$€£]\s*${NUMBER}(?:\s*(?:billion|million|trillion|bn|m)\b)?|${NUMBER}\s*(?:مليارات|مليار|ملايين|مليون|تريليون|آلاف|ألف|billion|million|trillion|thousand)(?:\s+(?:دولار|يوان|روبل|يورو|جرعة|طن|برميل|dollars?|yuan|roubles?|rubles?|euros?)[\p{L}\p{M}]*)?)`,
      'giu',
    ),
  },
  { kind: 'year', pattern: /(?<![0-9٠-٩])(?:1[89]|20)[0-9]{2}(?![0-9٠-٩])/gu },
];

/** Percentages and amounts say more than a bare year: they come first in a briefing. */
const RANK: Record<FigureKind, number> = { percent: 0, amount: 0, year: 1 };

/** The figures of one sentence, most telling first (each position counted once). */
export function figuresIn(sentence: string): { figure: string; kind: FigureKind }[] {
  const found: { figure: string; kind: FigureKind; at: number }[] = [];
  const taken: [number, number][] = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const match of sentence.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      found.push({ figure: match[0].trim(), kind, at: start });
    }
  }
  return found.sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.at - b.at).map(({ figure, kind }) => ({ figure, kind }));
}

/**
 * Sentences holding key figures (percentages, amounts, years), each with its source: the
 * extractive "numbers" part of a briefing. Sentences with amounts or percentages come first;
 * a sentence repeated in several files is listed once.
 */
export function keyFigures(passages: Passage[], limit: number): Figure[] {
  const found: (Figure & { order: number })[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const passage of passages) {
    for (const span of passage.sentences) {
      const sentence = passage.text.slice(span.start, span.end).trim();
      const figures = figuresIn(sentence);
      const best = figures[0];
      if (!best || seen.has(sentence)) continue;
      seen.add(sentence);
      found.push({ figure: figures.map((f) => f.figure).join(', '), kind: best.kind, sentence, file: passage.file, lineStart: passage.lineStart, lineEnd: passage.lineEnd, order: order++ });
    }
  }
  return found
    .sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.order - b.order)
    .slice(0, limit)
    .map(({ order: _order, ...figure }) => figure);
}

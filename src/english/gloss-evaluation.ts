/**
 * How good the word-by-word gloss is, measured on Arabic sentences labelled by hand
 * (test/fixtures/gloss-eval/): for each Arabic word, the English senses a reader would accept in
 * its context. Each labelled word is then one of
 * - right: its English contains an accepted sense,
 * - wrong: it is in English, but not in an accepted sense (misleading: the worst outcome),
 * - absent: it was left in Arabic (honest, but no help).
 *
 * Label file format (one sentence after another):
 *   ## source                       where the sentence comes from
 *   > sentence                      verbatim
 *   word => sense | sense | ...     one line per Arabic word, in order; several words on one line
 *                                   ("الولايات المتحدة => United States") are judged as one unit;
 *                                   "-" instead of senses: no English is acceptable
 * Words with Latin letters are not labelled (they are already readable). Lines starting with "#"
 * are comments.
 */
import { normalizeText } from '../text/normalize.ts';
import { functionWord } from './function-words.ts';
import type { GlossPart } from './gloss.ts';
import { glossTokens, type GlossToken } from './tokens.ts';

export interface LabelledUnit {
  /** The Arabic word(s) as the label file writes them. */
  arabic: string;
  /** Positions in glossTokens(sentence) of its words. */
  tokens: number[];
  /** Accepted English senses; empty: none is acceptable (the word must stay Arabic). */
  accepted: string[];
}

export interface LabelledSentence {
  source: string;
  text: string;
  units: LabelledUnit[];
}

export type LabelsResult = { ok: true; sentences: LabelledSentence[] } | { ok: false; reason: string };

/** Arabic words of a sentence as a gloss sees them: word tokens with Arabic letters and no Latin ones. */
function labelledTokenPositions(tokens: readonly GlossToken[]): number[] {
  const positions: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind === 'word' && /[\u0621-\u064A]/.test(token.normalized) && !/[a-z]/.test(token.normalized)) positions.push(i);
  });
  return positions;
}

export function parseGlossLabels(text: string): LabelsResult {
  const sentences: LabelledSentence[] = [];
  let source = '';
  let current: { sentence: LabelledSentence; positions: number[]; tokens: GlossToken[]; next: number } | undefined;
  const finish = (): string | undefined => {
    if (!current) return undefined;
    if (current.next !== current.positions.length) {
      const missing = current.positions.slice(current.next).map((i) => current!.tokens[i]!.text);
      return `gloss labels: ${current.sentence.source}: ${missing.length} word(s) without a label, from "${missing[0]}"`;
    }
    sentences.push(current.sentence);
    current = undefined;
    return undefined;
  };
  const lines = text.split('\n');
  for (const [n, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || (line.startsWith('#') && !line.startsWith('##'))) continue;
    if (line.startsWith('##')) {
      const problem = finish();
      if (problem) return { ok: false, reason: problem };
      source = line.slice(2).trim();
      continue;
    }
    if (line.startsWith('>')) {
      const problem = finish();
      if (problem) return { ok: false, reason: problem };
      const sentenceText = line.slice(1).trim();
      const tokens = glossTokens(sentenceText);
      current = { sentence: { source, text: sentenceText, units: [] }, positions: labelledTokenPositions(tokens), tokens, next: 0 };
      continue;
    }
    const [arabic, senses] = line.split('=>').map((part) => part.trim());
    if (!current || arabic === undefined || senses === undefined || arabic === '') {
      return { ok: false, reason: `gloss labels: line ${n + 1}: expected "word => sense | sense" after a "> sentence" line: ${line}` };
    }
    const words = arabic.split(/\s+/).map((word) => normalizeText(word));
    const positions = current.positions.slice(current.next, current.next + words.length);
    const found = positions.map((i) => current!.tokens[i]!.normalized);
    if (found.join(' ') !== words.join(' ')) {
      return { ok: false, reason: `gloss labels: line ${n + 1}: "${arabic}" does not match the sentence's next word(s) "${found.join(' ')}"` };
    }
    current.next += words.length;
    const accepted = senses === '-' ? [] : senses.split('|').map((sense) => sense.trim()).filter(Boolean);
    current.sentence.units.push({ arabic, tokens: positions, accepted });
  }
  const problem = finish();
  if (problem) return { ok: false, reason: problem };
  return { ok: true, sentences };
}

export type Verdict = 'right' | 'wrong' | 'absent';

/** English words compared loosely: lower case, "U.S." as "US", "$" a word of its own, plural and singular alike. */
function comparableWords(text: string): string[] {
  return (text.replace(/\b((?:[A-Za-z]\.){2,})/g, (abbreviation) => abbreviation.replace(/\./g, '')).toLowerCase().replace(/\$/g, ' $ ').match(/[\p{L}\p{N}$]+/gu) ?? []).map((word) => {
    if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
    if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
    return word;
  });
}

function containsWords(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((word, k) => haystack[i + k] === word)) return true;
  }
  return false;
}

/**
 * The verdict on one labelled unit, given the gloss's parts (each covering tokens `from`..`to`)
 * and the sentence's other units: the English of every part touching the unit, joined, must
 * contain an accepted sense. A part that stands for several units (a phrase: "بما في ذلك" ->
 * "including") is judged whole: right for each of them when it holds an accepted sense of any.
 */
export function judgeUnit(unit: LabelledUnit, parts: readonly GlossPart[], units: readonly LabelledUnit[] = [unit]): Verdict {
  const touches = (part: GlossPart, of: LabelledUnit) => of.tokens.some((i) => i >= part.from && i < part.to);
  const touching = parts.filter((part) => touches(part, unit));
  if (!touching.some((part) => part.english)) return 'absent';
  const words = comparableWords(touching.map((part) => part.text).join(' '));
  const covered = units.filter((other) => touching.some((part) => touches(part, other) && other.tokens.every((i) => i >= part.from && i < part.to)));
  const accepted = [...unit.accepted, ...(touching.length === 1 ? covered.flatMap((other) => other.accepted) : [])];
  if (accepted.length === 0) return 'wrong';
  return accepted.some((sense) => containsWords(words, comparableWords(sense))) ? 'right' : 'wrong';
}

export interface GlossScore {
  /** Labelled Arabic words. */
  words: number;
  right: number;
  wrong: number;
  absent: number;
  /** The same over content words only (not in the grammatical words' table). */
  content: { words: number; right: number; wrong: number; absent: number };
  /** Every wrong unit, for reading: "الرييس -> head (president)". */
  mistakes: string[];
}

/** Scores a gloss (sentence -> its parts) on labelled sentences; counts are in words. */
export function scoreGloss(sentences: readonly LabelledSentence[], gloss: (sentence: string) => GlossPart[]): GlossScore {
  const score: GlossScore = { words: 0, right: 0, wrong: 0, absent: 0, content: { words: 0, right: 0, wrong: 0, absent: 0 }, mistakes: [] };
  for (const sentence of sentences) {
    const parts = gloss(sentence.text);
    const tokens = glossTokens(sentence.text);
    for (const unit of sentence.units) {
      const verdict = judgeUnit(unit, parts, sentence.units);
      const n = unit.tokens.length;
      score.words += n;
      score[verdict] += n;
      const content = unit.tokens.filter((i) => functionWord(tokens[i]!.normalized) === undefined).length;
      score.content.words += content;
      score.content[verdict] += content;
      if (verdict === 'wrong') {
        const english = parts.filter((part) => unit.tokens.some((i) => i >= part.from && i < part.to)).map((part) => part.text).join(' ');
        score.mistakes.push(`${unit.arabic} -> ${english} (${unit.accepted.slice(0, 3).join(' | ') || 'none acceptable'})`);
      }
    }
  }
  return score;
}

/** "right 61.2% · wrong 20.3% · absent 18.5% of 311 words". */
export function describeScore(score: Pick<GlossScore, 'words' | 'right' | 'wrong' | 'absent'>): string {
  const percent = (n: number) => `${((100 * n) / Math.max(1, score.words)).toFixed(1)}%`;
  return `right ${percent(score.right)} · wrong ${percent(score.wrong)} · absent ${percent(score.absent)} of ${score.words} words`;
}

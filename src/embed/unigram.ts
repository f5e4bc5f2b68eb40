/**
 * The Unigram model of a sentencepiece tokenizer (XLM-R's, multilingual-e5's) held compactly: the
 * 250,000 pieces as one array of UTF-16 code units with an open-addressing hash table over them,
 * and their scores in a Float64Array: about 8 MB. The tokenizer library's own Unigram keeps a
 * character trie of JavaScript objects, about 170 MB of heap for this vocabulary, more than the
 * model's 4-bit weights and most of what the embedding worker would hold.
 *
 * The segmentation is the library's (`@huggingface/tokenizers`, its TokenLattice): the Viterbi
 * path of highest total score, ties going to the earlier-starting piece; a character no piece
 * covers becomes one unknown piece scored 10 below the lowest score, and a run of unknown pieces
 * one `<unk>`. test/embed/unigram.test.ts holds it to the library's ids.
 */

import type { PackedVocabulary } from './unigram-vocabulary.ts';

export class UnigramModel {
  readonly unkId: number;
  /** Every piece's code units, back to back; piece i is units[starts[i] .. starts[i + 1]). */
  private readonly units: Uint16Array;
  private readonly starts: Uint32Array;
  /** Scores as the JSON has them (doubles, so sums and ties come out as the library's). */
  private readonly scores: Float64Array;
  /** Hash table of piece ids + 1 (0 = empty), a power of two long. */
  private readonly slots: Int32Array;
  private readonly unkScore: number;
  /** The longest piece, in code units: no longer match needs looking for. */
  private readonly longest: number;

  /** `vocab`: the pieces and scores by id (unigram-vocabulary.ts reads them from tokenizer.json). */
  constructor(vocab: PackedVocabulary, unkId: number) {
    const size = vocab.scores.length;
    if (!(Number.isInteger(unkId) && unkId >= 0 && unkId < size)) {
      throw new RangeError(`Unigram: unk_id ${unkId} is outside the vocabulary of ${size} pieces`);
    }
    this.unkId = unkId;
    this.units = vocab.units;
    this.starts = vocab.starts;
    this.scores = vocab.scores;
    let longest = 0;
    let lowest = Number.POSITIVE_INFINITY;
    for (let id = 0; id < size; id++) {
      longest = Math.max(longest, this.starts[id + 1]! - this.starts[id]!);
      lowest = Math.min(lowest, this.scores[id]!);
    }
    this.longest = longest;
    this.unkScore = lowest - 10;
    this.scores[unkId] = this.unkScore;
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, size * 2))));
    for (let id = 0; id < size; id++) this.insert(id);
  }

  get size(): number {
    return this.scores.length;
  }

  /** The piece with this id (for tests and messages). */
  piece(id: number): string {
    return String.fromCharCode(...this.units.subarray(this.starts[id]!, this.starts[id + 1]!));
  }

  /** The id of `piece`, or -1. */
  idOf(piece: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < piece.length; i++) hash = Math.imul(hash ^ piece.charCodeAt(i), FNV_PRIME);
    return this.find(hash, piece, 0, piece.length);
  }

  /**
   * Appends the ids of `words` (the pre-tokenized pieces of one stretch of text) to `out`. A run
   * of unknown characters is one <unk>, across words too, as the library fuses them.
   */
  encode(words: readonly string[], out: number[]): void {
    let previousUnknown = false;
    for (const word of words) {
      for (const id of this.segment(word)) {
        const unknown = id === this.unkId;
        if (!(unknown && previousUnknown)) out.push(id);
        previousUnknown = unknown;
      }
    }
  }

  /** The ids of the best segmentation of `text`, in order. */
  private segment(text: string): number[] {
    const n = text.length;
    if (n === 0) return [];
    // best[p]: highest score of a segmentation of text[0, p); from[p], idAt[p]: its last piece.
    const best = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
    const from = new Int32Array(n + 1);
    const idAt = new Int32Array(n + 1);
    best[0] = 0;
    for (let begin = 0; begin < n; begin++) {
      // The library works on code points: no piece starts or ends inside a surrogate pair.
      if (splitsPair(text, begin)) continue;
      const base = best[begin]!;
      const charLength = splitsPair(text, begin + 1) ? 2 : 1;
      let coversOneChar = false;
      let hash = FNV_OFFSET;
      const last = Math.min(n, begin + this.longest);
      for (let end = begin + 1; end <= last; end++) {
        hash = Math.imul(hash ^ text.charCodeAt(end - 1), FNV_PRIME);
        if (splitsPair(text, end)) continue;
        const id = this.find(hash, text, begin, end);
        if (id < 0) continue;
        if (end - begin === charLength) coversOneChar = true;
        this.relax(best, from, idAt, begin, end, base + this.scores[id]!, id);
      }
      if (!coversOneChar) this.relax(best, from, idAt, begin, begin + charLength, base + this.unkScore, this.unkId);
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end = from[end]!) ids.push(idAt[end]!);
    return ids.reverse();
  }

  /** Strictly greater only: of equal scores the piece starting earlier stays (the library's order). */
  private relax(best: Float64Array, from: Int32Array, idAt: Int32Array, begin: number, end: number, score: number, id: number): void {
    if (score > best[end]!) {
      best[end] = score;
      from[end] = begin;
      idAt[end] = id;
    }
  }

  private insert(id: number): void {
    const start = this.starts[id]!;
    const end = this.starts[id + 1]!;
    if (end === start) return; // an empty piece never matches
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ this.units[i]!, FNV_PRIME);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]! - 1;
      // A piece listed twice keeps its later id, as the library's Map does.
      if (held < 0 || this.samePiece(held, start, end)) {
        this.slots[slot] = id + 1;
        return;
      }
    }
  }

  private find(hash: number, text: string, begin: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return -1;
      const start = this.starts[id]!;
      if (this.starts[id + 1]! - start !== end - begin) continue;
      let same = true;
      for (let i = 0; i < end - begin; i++) {
        if (this.units[start + i] !== text.charCodeAt(begin + i)) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  private samePiece(id: number, start: number, end: number): boolean {
    const from = this.starts[id]!;
    if (this.starts[id + 1]! - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.units[from + i] !== this.units[start + i]) return false;
    return true;
  }
}

// FNV-1a over UTF-16 code units: cheap to extend one unit at a time while a match grows.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Whether position `at` of `text` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

import { defaultSettings, type Bm25Settings } from '../settings.ts';
import { bm25Idf, bm25TermScore } from './bm25.ts';

/**
 * One concept of a question: its alternatives (translations, spellings) count together, as one
 * term, so a word with ten dictionary translations weighs no more than a word with one.
 * An alternative of several stems is a phrase: all of them must occur in the passage.
 */
export interface QueryConcept {
  alternatives: string[][];
  /** Multiplies the concept's score (names and numbers are stronger evidence). @default 1 */
  weight?: number;
}

export interface LexicalHit {
  doc: number;
  score: number;
  /** Indexes of the query concepts found in the passage. */
  matched: number[];
}

export interface SerializedLexicalIndex {
  params: Bm25Settings;
  lengths: number[];
  /** term -> flat [doc, tf, doc, tf, ...] */
  postings: Record<string, number[]>;
}

/** One term's postings, in ascending document order: compact, and cheap to walk and merge. */
interface Postings {
  docs: Int32Array;
  tfs: Uint16Array;
}

/** Per-document term frequencies of one concept (documents ascending). */
interface ConceptFrequencies {
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
}

const NO_FREQUENCIES: ConceptFrequencies = { docs: [], tfs: [] };

/** Queries carry a handful of concepts; a bit mask per document records which ones matched. */
const MAX_CONCEPTS = 31;

/** BM25 over stemmed terms, with concept-level (synonym-group) scoring. */
export class LexicalIndex {
  private readonly averageLength: number;
  // Scratch space reused by every search (searches are synchronous, so never shared at once).
  private readonly scores: Float64Array;
  private readonly matchedMasks: Uint32Array;

  private constructor(
    private readonly params: Bm25Settings,
    private readonly lengths: number[],
    private readonly postings: Map<string, Postings>,
  ) {
    const total = lengths.reduce((sum, length) => sum + length, 0);
    this.averageLength = lengths.length ? Math.max(1, total / lengths.length) : 1;
    this.scores = new Float64Array(lengths.length);
    this.matchedMasks = new Uint32Array(lengths.length);
  }

  static build(documents: string[][], params: Bm25Settings = defaultSettings.bm25): LexicalIndex {
    const flat = new Map<string, number[]>();
    documents.forEach((terms, doc) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = flat.get(term);
        if (!list) flat.set(term, (list = []));
        list.push(doc, tf);
      }
    });
    return new LexicalIndex(params, documents.map((terms) => terms.length), toPostings(flat));
  }

  static fromJSON(data: SerializedLexicalIndex): LexicalIndex {
    return new LexicalIndex(data.params, data.lengths, toPostings(new Map(Object.entries(data.postings))));
  }

  toJSON(): SerializedLexicalIndex {
    const postings: Record<string, number[]> = {};
    for (const [term, list] of this.postings) {
      const flat = new Array<number>(list.docs.length * 2);
      for (let i = 0; i < list.docs.length; i++) {
        flat[2 * i] = list.docs[i]!;
        flat[2 * i + 1] = list.tfs[i]!;
      }
      postings[term] = flat;
    }
    return { params: this.params, lengths: this.lengths, postings };
  }

  get documentCount(): number {
    return this.lengths.length;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Term frequencies of one concept per document: summed over alternatives; a phrase counts its rarest stem. */
  conceptFrequencies(concept: QueryConcept): Map<number, number> {
    const { docs, tfs } = this.frequencies(concept);
    const map = new Map<number, number>();
    for (let i = 0; i < docs.length; i++) map.set(docs[i]!, tfs[i]!);
    return map;
  }

  /** Inverse document frequency of a concept: rare concepts are strong evidence. */
  conceptIdf(concept: QueryConcept): number {
    return bm25Idf(this.documentCount, this.frequencies(concept).docs.length);
  }

  search(concepts: QueryConcept[], limit: number, accept?: (doc: number) => boolean): LexicalHit[] {
    const { scores, matchedMasks } = this;
    const touched: number[] = [];
    concepts.slice(0, MAX_CONCEPTS).forEach((concept, conceptIndex) => {
      const { docs, tfs } = this.frequencies(concept);
      if (docs.length === 0) return;
      const idf = bm25Idf(this.documentCount, docs.length) * (concept.weight ?? 1);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (accept && !accept(doc)) continue;
        if (matchedMasks[doc] === 0) touched.push(doc);
        scores[doc]! += bm25TermScore(tfs[i]!, idf, this.lengths[doc]!, this.averageLength, this.params);
        matchedMasks[doc]! |= 1 << conceptIndex;
      }
    });
    const hits = topK(touched, limit, (a, b) => scores[b]! - scores[a]! || a - b).map((doc) => ({
      doc,
      score: scores[doc]!,
      matched: maskToIndexes(matchedMasks[doc]!),
    }));
    for (const doc of touched) {
      scores[doc] = 0;
      matchedMasks[doc] = 0;
    }
    return hits;
  }

  private frequencies(concept: QueryConcept): ConceptFrequencies {
    const alternatives = concept.alternatives.filter((alternative) => alternative.length > 0);
    // The common case, a single word: its postings as they are, nothing copied.
    if (alternatives.length === 1 && alternatives[0]!.length === 1) return this.postings.get(alternatives[0]![0]!) ?? NO_FREQUENCIES;
    const merged = new Map<number, number>();
    for (const alternative of alternatives) {
      const lists = alternative.map((term) => this.postings.get(term));
      if (lists.some((list) => !list)) continue;
      const [first, ...rest] = (lists as Postings[]).sort((a, b) => a.docs.length - b.docs.length);
      for (let i = 0; i < first!.docs.length; i++) {
        const doc = first!.docs[i]!;
        let phraseTf = first!.tfs[i]!;
        for (const list of rest) phraseTf = Math.min(phraseTf, frequencyIn(list, doc));
        if (phraseTf > 0) merged.set(doc, (merged.get(doc) ?? 0) + phraseTf);
      }
    }
    const docs = [...merged.keys()].sort((a, b) => a - b);
    return { docs, tfs: docs.map((doc) => merged.get(doc)!) };
  }
}

function toPostings(flat: Map<string, number[]>): Map<string, Postings> {
  const postings = new Map<string, Postings>();
  for (const [term, pairs] of flat) {
    const docs = new Int32Array(pairs.length / 2);
    const tfs = new Uint16Array(pairs.length / 2);
    for (let i = 0; i < docs.length; i++) {
      docs[i] = pairs[2 * i]!;
      tfs[i] = Math.min(65535, pairs[2 * i + 1]!);
    }
    postings.set(term, { docs, tfs });
  }
  return postings;
}

/** A term's frequency in one document, by binary search (postings are in document order). */
function frequencyIn(list: Postings, doc: number): number {
  let low = 0;
  let high = list.docs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = list.docs[middle]!;
    if (value === doc) return list.tfs[middle]!;
    if (value < doc) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
}

function maskToIndexes(mask: number): number[] {
  const indexes: number[] = [];
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) indexes.push(i);
  return indexes;
}

/** The `k` best items by `compare` (best first) without sorting them all. */
function topK(items: number[], k: number, compare: (a: number, b: number) => number): number[] {
  if (items.length <= k * 4) return items.sort(compare).slice(0, k);
  // A bounded worst-first heap: O(n log k).
  const heap: number[] = [];
  const worse = (a: number, b: number) => compare(a, b) > 0;
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < heap.length && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      siftUp(heap.length - 1);
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}

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

/**
 * The index as JSON: lexical.json in indexes saved before lexical.bin (src/index/lexical-file.ts),
 * and the BM25 lengths kept by the PostgreSQL store. Postings are stored term by term, documents
 * ascending, as little-endian typed arrays in base64. An older layout (`postings`) still loads.
 */
export interface SerializedLexicalIndex {
  params: Bm25Settings;
  lengths: number[];
  /** Term i's postings are entries counts[0] + … + counts[i-1] onwards, counts[i] of them. */
  terms?: string[];
  /** base64 Uint32Array: postings per term. */
  counts?: string;
  /** base64 Int32Array: the documents of every term's postings, one after another. */
  docs?: string;
  /** base64 Uint16Array: the term frequencies, aligned with docs. */
  tfs?: string;
  /** Earlier layout: term -> flat [doc, tf, doc, tf, ...] */
  postings?: Record<string, number[]>;
}

/** Everything an index holds: term i's postings are docs/tfs entries offsets[i] to offsets[i + 1]. */
export interface LexicalParts {
  params: Bm25Settings;
  /** Terms per document. */
  lengths: Uint32Array;
  terms: string[];
  offsets: Uint32Array;
  docs: Int32Array;
  tfs: Uint16Array;
}

/** Per-document term frequencies of one term or concept (documents ascending). */
interface ConceptFrequencies {
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
}

const NO_FREQUENCIES: ConceptFrequencies = { docs: [], tfs: [] };

/** Queries carry a handful of concepts; a bit mask per document records which ones matched. */
const MAX_CONCEPTS = 31;

/**
 * Every term's postings in three flat typed arrays (term i owns entries offsets[i] to
 * offsets[i + 1]), not one object or array per term: at 100k passages there are hundreds of
 * thousands of terms, and per-term objects cost more than the postings themselves.
 */
interface PostingsTable {
  termIds: Map<string, number>;
  offsets: Uint32Array;
  docs: Int32Array;
  tfs: Uint16Array;
}

/** BM25 over stemmed terms, with concept-level (synonym-group) scoring. */
export class LexicalIndex {
  private readonly averageLength: number;
  // Scratch space reused by every search (searches are synchronous, so never shared at once).
  private readonly scores: Float64Array;
  private readonly matchedMasks: Uint32Array;

  private constructor(
    private readonly params: Bm25Settings,
    private readonly lengths: Uint32Array,
    private readonly table: PostingsTable,
  ) {
    let total = 0;
    for (const length of lengths) total += length;
    this.averageLength = lengths.length ? Math.max(1, total / lengths.length) : 1;
    this.scores = new Float64Array(lengths.length);
    this.matchedMasks = new Uint32Array(lengths.length);
  }

  static build(documents: string[][], params: Bm25Settings = defaultSettings.bm25): LexicalIndex {
    return LexicalIndex.buildEach(documents.length, (doc) => documents[doc]!, params);
  }

  /** The same, asking for each document's terms in turn, so that they need not all exist at once. */
  static buildEach(documentCount: number, termsOf: (doc: number) => string[], params: Bm25Settings = defaultSettings.bm25): LexicalIndex {
    // One pass collects (term, doc, tf) triples in growable typed arrays; a counting sort by term
    // then lays them out term by term, documents staying ascending within each term.
    const termIds = new Map<string, number>();
    const triples = new TripleBuffer();
    const lengths = new Uint32Array(documentCount);
    const counts = new Map<number, number>();
    for (let doc = 0; doc < documentCount; doc++) {
      const terms = termsOf(doc);
      lengths[doc] = terms.length;
      counts.clear();
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) termIds.set(term, (id = termIds.size));
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, tf] of counts) triples.push(id, doc, tf);
    }
    return new LexicalIndex(params, lengths, triples.toTable(termIds));
  }

  static fromJSON(data: SerializedLexicalIndex): LexicalIndex {
    const lengths = Uint32Array.from(data.lengths);
    if (data.postings) {
      const triples = new TripleBuffer();
      const termIds = new Map<string, number>();
      for (const [term, pairs] of Object.entries(data.postings)) {
        const id = termIds.size;
        termIds.set(term, id);
        for (let i = 0; i < pairs.length; i += 2) triples.push(id, pairs[i]!, pairs[i + 1]!);
      }
      return new LexicalIndex(data.params, lengths, triples.toTable(termIds));
    }
    const terms = data.terms ?? [];
    const counts = fromBase64(data.counts ?? '', Uint32Array);
    const offsets = new Uint32Array(terms.length + 1);
    for (let i = 0; i < terms.length; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
    const termIds = new Map<string, number>();
    terms.forEach((term, id) => termIds.set(term, id));
    return new LexicalIndex(data.params, lengths, { termIds, offsets, docs: fromBase64(data.docs ?? '', Int32Array), tfs: fromBase64(data.tfs ?? '', Uint16Array) });
  }

  toJSON(): SerializedLexicalIndex {
    const { termIds, offsets, docs, tfs } = this.table;
    const counts = new Uint32Array(termIds.size);
    for (let i = 0; i < counts.length; i++) counts[i] = offsets[i + 1]! - offsets[i]!;
    return { params: this.params, lengths: Array.from(this.lengths), terms: [...termIds.keys()], counts: toBase64(counts), docs: toBase64(docs), tfs: toBase64(tfs) };
  }

  /** The index's arrays as they are held (not copies): for writing them to a file. */
  toParts(): LexicalParts {
    const { termIds, offsets, docs, tfs } = this.table;
    return { params: this.params, lengths: this.lengths, terms: [...termIds.keys()], offsets, docs, tfs };
  }

  /** An index over arrays read from a file (taken as they are, not copied). */
  static fromParts(parts: LexicalParts): LexicalIndex {
    const termIds = new Map<string, number>();
    parts.terms.forEach((term, id) => termIds.set(term, id));
    return new LexicalIndex(parts.params, parts.lengths, { termIds, offsets: parts.offsets, docs: parts.docs, tfs: parts.tfs });
  }

  /** Every term with its postings (documents ascending, frequencies aligned): for stores that keep postings as rows. */
  *postingLists(): Generator<[term: string, docs: Int32Array, tfs: Uint16Array]> {
    const { termIds, offsets, docs, tfs } = this.table;
    for (const [term, id] of termIds) yield [term, docs.subarray(offsets[id]!, offsets[id + 1]!), tfs.subarray(offsets[id]!, offsets[id + 1]!)];
  }

  get documentCount(): number {
    return this.lengths.length;
  }

  has(term: string): boolean {
    return this.table.termIds.has(term);
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

  /**
   * For each document, the indexes of the concepts it holds, read from the postings (a binary
   * search per concept and document): what a passage's words share is counted from, without
   * tokenising its text again.
   */
  conceptsIn(concepts: QueryConcept[], docs: readonly number[]): number[][] {
    const lists = concepts.map((concept) => this.frequencies(concept));
    return docs.map((doc) => lists.flatMap((list, i) => (frequencyIn(list, doc) > 0 ? [i] : [])));
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

  /** One term's postings: views into the table, nothing copied. */
  private postingsOf(term: string): ConceptFrequencies | undefined {
    const id = this.table.termIds.get(term);
    if (id === undefined) return undefined;
    const { offsets, docs, tfs } = this.table;
    return { docs: docs.subarray(offsets[id]!, offsets[id + 1]!), tfs: tfs.subarray(offsets[id]!, offsets[id + 1]!) };
  }

  private frequencies(concept: QueryConcept): ConceptFrequencies {
    const alternatives = concept.alternatives.filter((alternative) => alternative.length > 0);
    // The common case, a single word: its postings as they are, nothing copied.
    if (alternatives.length === 1 && alternatives[0]!.length === 1) return this.postingsOf(alternatives[0]![0]!) ?? NO_FREQUENCIES;
    const merged = new Map<number, number>();
    for (const alternative of alternatives) {
      const lists = alternative.map((term) => this.postingsOf(term));
      if (lists.some((list) => !list)) continue;
      const [first, ...rest] = (lists as ConceptFrequencies[]).sort((a, b) => a.docs.length - b.docs.length);
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

/** (term, doc, tf) triples in growable typed arrays: no JS array or object per posting. */
class TripleBuffer {
  private terms = new Int32Array(1024);
  private docs = new Int32Array(1024);
  private tfs = new Uint16Array(1024);
  private length = 0;

  push(term: number, doc: number, tf: number): void {
    if (this.length === this.terms.length) {
      const grow = <T extends Int32Array | Uint16Array>(from: T, to: T) => (to.set(from), to);
      this.terms = grow(this.terms, new Int32Array(this.length * 2));
      this.docs = grow(this.docs, new Int32Array(this.length * 2));
      this.tfs = grow(this.tfs, new Uint16Array(this.length * 2));
    }
    this.terms[this.length] = term;
    this.docs[this.length] = doc;
    this.tfs[this.length] = Math.min(65535, tf);
    this.length++;
  }

  /** Counting sort by term; stable, so each term's documents keep the order they were pushed in. */
  toTable(termIds: Map<string, number>): PostingsTable {
    const offsets = new Uint32Array(termIds.size + 1);
    for (let i = 0; i < this.length; i++) offsets[this.terms[i]! + 1]!++;
    for (let t = 0; t < termIds.size; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, termIds.size);
    const docs = new Int32Array(this.length);
    const tfs = new Uint16Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const at = cursor[this.terms[i]!]!++;
      docs[at] = this.docs[i]!;
      tfs[at] = this.tfs[i]!;
    }
    return { termIds, offsets, docs, tfs };
  }
}

function toBase64(array: Uint32Array | Int32Array | Uint16Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Copies into a fresh, aligned array (a Buffer's bytes may start at any offset). */
function fromBase64<T extends Uint32Array | Int32Array | Uint16Array>(text: string, type: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.length - (bytes.length % type.BYTES_PER_ELEMENT));
  new Uint8Array(copy).set(bytes.subarray(0, copy.byteLength));
  return new type(copy);
}

/** A term's frequency in one document, by binary search (postings are in document order). */
function frequencyIn(list: ConceptFrequencies, doc: number): number {
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

import type { Bm25Settings } from '../settings.ts';
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

/** One term's postings: its documents ascending, with the term's frequency in each. */
export interface TermPostings {
  docs: Int32Array;
  tfs: Uint16Array;
}

/**
 * Where an index finds its postings: all of them in memory (an index built or loaded whole), or
 * those of one question's terms, fetched from the database (src/index/question-postings.ts).
 */
export interface PostingsLookup {
  /** Whether the corpus holds the term at all. */
  has(term: string): boolean;
  /** The term's postings; undefined when the corpus does not hold it. */
  postingsOf(term: string): TermPostings | undefined;
}

const NO_FREQUENCIES: ConceptFrequencies = { docs: [], tfs: [] };

/** Queries carry a handful of concepts; a bit mask per document records which ones matched. */
const MAX_CONCEPTS = 31;

/**
 * Every term's postings in three flat typed arrays (term i owns entries offsets[i] to
 * offsets[i + 1]), not one object or array per term: at 100k passages there are hundreds of
 * thousands of terms, and per-term objects cost more than the postings themselves.
 */
class PostingsTable implements PostingsLookup {
  constructor(
    readonly termIds: Map<string, number>,
    readonly offsets: Uint32Array,
    readonly docs: Int32Array,
    readonly tfs: Uint16Array,
  ) {}

  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /** Views into the table, nothing copied. */
  postingsOf(term: string): TermPostings | undefined {
    const id = this.termIds.get(term);
    if (id === undefined) return undefined;
    const { offsets, docs, tfs } = this;
    return { docs: docs.subarray(offsets[id]!, offsets[id + 1]!), tfs: tfs.subarray(offsets[id]!, offsets[id + 1]!) };
  }
}

/**
 * A corpus's terms without their postings: the index a process holds when the postings stay in
 * PostgreSQL. Questions are scored by an index over their own terms' postings (withPostings);
 * reading postings from this one is a bug.
 */
class TermsOnly implements PostingsLookup {
  constructor(private readonly terms: ReadonlySet<string>) {}

  has(term: string): boolean {
    return this.terms.has(term);
  }

  postingsOf(term: string): never {
    throw new Error(`LexicalIndex: the postings of "${term}" are kept in the database; score questions with withPostings()`);
  }
}

/** What an index and the indexes made from it for single questions share: the collection's statistics and scratch space. */
interface Collection {
  params: Bm25Settings;
  /** Terms per document. */
  lengths: Uint32Array;
  averageLength: number;
  // Scratch space reused by every search (searches are synchronous, so never shared at once).
  scores: Float64Array;
  matchedMasks: Uint32Array;
  touched: Int32Array;
}

/** BM25 over stemmed terms, with concept-level (synonym-group) scoring. */
export class LexicalIndex {
  private constructor(
    private readonly collection: Collection,
    private readonly postings: PostingsLookup,
  ) {}

  private static over(params: Bm25Settings, lengths: Uint32Array, postings: PostingsLookup): LexicalIndex {
    let total = 0;
    for (const length of lengths) total += length;
    const averageLength = lengths.length ? Math.max(1, total / lengths.length) : 1;
    const size = lengths.length;
    return new LexicalIndex({ params, lengths, averageLength, scores: new Float64Array(size), matchedMasks: new Uint32Array(size), touched: new Int32Array(size) }, postings);
  }

  /**
   * An index that knows every term of the corpus and each passage's length, but holds no
   * postings (PostgreSQL keeps them): `has` answers; scoring needs withPostings.
   */
  static withoutPostings(params: Bm25Settings, lengths: Uint32Array, terms: ReadonlySet<string>): LexicalIndex {
    return LexicalIndex.over(params, lengths, new TermsOnly(terms));
  }

  /**
   * The same collection (lengths, average length, so the same scores) over other postings: those
   * of one question's terms, fetched from the database. Shares this index's scratch space:
   * searches are synchronous, so two never run at once.
   */
  withPostings(postings: PostingsLookup): LexicalIndex {
    return new LexicalIndex(this.collection, postings);
  }

  static build(documents: string[][], params: Bm25Settings): LexicalIndex {
    return LexicalIndex.buildEach(documents.length, (doc) => documents[doc]!, params);
  }

  /** The same, asking for each document's terms in turn, so that they need not all exist at once. */
  static buildEach(documentCount: number, termsOf: (doc: number) => string[], params: Bm25Settings): LexicalIndex {
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
    return LexicalIndex.over(params, lengths, triples.toTable(termIds));
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
      return LexicalIndex.over(data.params, lengths, triples.toTable(termIds));
    }
    const terms = data.terms ?? [];
    const counts = fromBase64(data.counts ?? '', Uint32Array);
    const offsets = new Uint32Array(terms.length + 1);
    for (let i = 0; i < terms.length; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
    const termIds = new Map<string, number>();
    terms.forEach((term, id) => termIds.set(term, id));
    return LexicalIndex.over(data.params, lengths, new PostingsTable(termIds, offsets, fromBase64(data.docs ?? '', Int32Array), fromBase64(data.tfs ?? '', Uint16Array)));
  }

  toJSON(): SerializedLexicalIndex {
    const { termIds, offsets, docs, tfs } = this.table();
    const counts = new Uint32Array(termIds.size);
    for (let i = 0; i < counts.length; i++) counts[i] = offsets[i + 1]! - offsets[i]!;
    return { params: this.collection.params, lengths: Array.from(this.collection.lengths), terms: [...termIds.keys()], counts: toBase64(counts), docs: toBase64(docs), tfs: toBase64(tfs) };
  }

  /** The index's arrays as they are held (not copies): for writing them to a file. */
  toParts(): LexicalParts {
    const { termIds, offsets, docs, tfs } = this.table();
    return { params: this.collection.params, lengths: this.collection.lengths, terms: [...termIds.keys()], offsets, docs, tfs };
  }

  /** An index over arrays read from a file (taken as they are, not copied). */
  static fromParts(parts: LexicalParts): LexicalIndex {
    const termIds = new Map<string, number>();
    parts.terms.forEach((term, id) => termIds.set(term, id));
    return LexicalIndex.over(parts.params, parts.lengths, new PostingsTable(termIds, parts.offsets, parts.docs, parts.tfs));
  }

  /** Every term with its postings (documents ascending, frequencies aligned): for stores that keep postings as rows. */
  *postingLists(): Generator<[term: string, docs: Int32Array, tfs: Uint16Array]> {
    const { termIds, offsets, docs, tfs } = this.table();
    for (const [term, id] of termIds) yield [term, docs.subarray(offsets[id]!, offsets[id + 1]!), tfs.subarray(offsets[id]!, offsets[id + 1]!)];
  }

  /** BM25 parameters at build time (recorded in the files, not scored with: see search) and each passage's term count: what a store keeps beside the postings. */
  get params(): Bm25Settings {
    return this.collection.params;
  }

  get lengths(): Uint32Array {
    return this.collection.lengths;
  }

  get documentCount(): number {
    return this.collection.lengths.length;
  }

  /** False for an index whose postings stay in the database (withoutPostings). */
  get holdsPostings(): boolean {
    return this.postings instanceof PostingsTable;
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

  /**
   * For each document, the indexes of the concepts it holds, read from the postings (a binary
   * search per concept and document): what a passage's words share is counted from, without
   * tokenising its text again.
   */
  conceptsIn(concepts: QueryConcept[], docs: readonly number[]): number[][] {
    const lists = concepts.map((concept) => this.frequencies(concept));
    return docs.map((doc) => lists.flatMap((list, i) => (frequencyIn(list, doc) > 0 ? [i] : [])));
  }

  /**
   * The best `limit` passages for the concepts by BM25 with the running `params` (query-time:
   * the k1 and b the index was built with are recorded, never scored with).
   */
  search(concepts: QueryConcept[], limit: number, params: Bm25Settings, accept?: (doc: number) => boolean): LexicalHit[] {
    const { scores, matchedMasks, touched, lengths, averageLength } = this.collection;
    // Documents scored so far, each once: at a million passages a question's words reach
    // hundreds of thousands, so they go in a typed array, not a growing list.
    let count = 0;
    const scored = Math.min(concepts.length, MAX_CONCEPTS);
    for (let conceptIndex = 0; conceptIndex < scored; conceptIndex++) {
      const concept = concepts[conceptIndex]!;
      const { docs, tfs } = this.frequencies(concept);
      if (docs.length === 0) continue;
      const idf = bm25Idf(this.documentCount, docs.length) * (concept.weight ?? 1);
      const bit = 1 << conceptIndex;
      // bm25TermScore written out, its operations in the same order (so the same bits): the
      // loop runs once per posting, hundreds of thousands of times for a question at 1M passages.
      const { k1, b } = params;
      const saturation = k1 + 1;
      const unnormalised = 1 - b;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (accept && !accept(doc)) continue;
        if (matchedMasks[doc] === 0) touched[count++] = doc;
        const tf = tfs[i]!;
        if (tf > 0) scores[doc]! += idf * ((tf * saturation) / (tf + k1 * (unnormalised + b * (lengths[doc]! / averageLength))));
        matchedMasks[doc]! |= bit;
      }
    }
    const hits = bestDocuments(touched, count, limit, scores).map((doc) => ({
      doc,
      score: scores[doc]!,
      matched: maskToIndexes(matchedMasks[doc]!),
    }));
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      scores[doc] = 0;
      matchedMasks[doc] = 0;
    }
    return hits;
  }

  /** The postings held in memory, for writing them out; an index without them cannot be saved this way. */
  private table(): PostingsTable {
    if (!(this.postings instanceof PostingsTable)) throw new Error('LexicalIndex: this index holds no postings of its own (they are in the database)');
    return this.postings;
  }

  private postingsOf(term: string): ConceptFrequencies | undefined {
    return this.postings.postingsOf(term);
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
    return new PostingsTable(termIds, offsets, docs, tfs);
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

/**
 * The `k` best of the first `count` documents of `docs`, best first: higher score, and on a tie
 * the lower document. A worst-first heap of k documents, so a question reaching hundreds of
 * thousands of passages costs one comparison for most of them.
 */
function bestDocuments(docs: Int32Array, count: number, k: number, scores: Float64Array): number[] {
  const size = Math.min(Math.max(0, Math.trunc(k)), count);
  if (size === 0) return [];
  const heap = new Int32Array(size);
  // a ranks below b.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < size && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < size && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === i) return;
      const swap = heap[i]!;
      heap[i] = heap[worst]!;
      heap[worst] = swap;
      i = worst;
    }
  };
  for (let i = 0; i < size; i++) heap[i] = docs[i]!;
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let i = size; i < count; i++) {
    const doc = docs[i]!;
    if (worse(heap[0]!, doc)) {
      heap[0] = doc;
      siftDown(0);
    }
  }
  return Array.from(heap).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

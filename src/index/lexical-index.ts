import { bm25Idf, bm25TermScore, defaultBm25Params, type Bm25Params } from './bm25.ts';

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
  params: Bm25Params;
  lengths: number[];
  /** term -> flat [doc, tf, doc, tf, ...] */
  postings: Record<string, number[]>;
}

/** BM25 over stemmed terms, with concept-level (synonym-group) scoring. */
export class LexicalIndex {
  private readonly averageLength: number;

  private constructor(
    private readonly params: Bm25Params,
    private readonly lengths: number[],
    private readonly postings: Map<string, Map<number, number>>,
  ) {
    const total = lengths.reduce((sum, length) => sum + length, 0);
    this.averageLength = lengths.length ? Math.max(1, total / lengths.length) : 1;
  }

  static build(documents: string[][], params: Bm25Params = defaultBm25Params): LexicalIndex {
    const postings = new Map<string, Map<number, number>>();
    documents.forEach((terms, doc) => {
      for (const term of terms) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = new Map()));
        list.set(doc, (list.get(doc) ?? 0) + 1);
      }
    });
    return new LexicalIndex(params, documents.map((terms) => terms.length), postings);
  }

  static fromJSON(data: SerializedLexicalIndex): LexicalIndex {
    const postings = new Map<string, Map<number, number>>();
    for (const [term, flat] of Object.entries(data.postings)) {
      const list = new Map<number, number>();
      for (let i = 0; i + 1 < flat.length; i += 2) list.set(flat[i]!, flat[i + 1]!);
      postings.set(term, list);
    }
    return new LexicalIndex(data.params, data.lengths, postings);
  }

  toJSON(): SerializedLexicalIndex {
    const postings: Record<string, number[]> = {};
    for (const [term, list] of this.postings) postings[term] = [...list].flat();
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
    const frequencies = new Map<number, number>();
    for (const alternative of concept.alternatives) {
      const lists = alternative.map((term) => this.postings.get(term));
      if (lists.length === 0 || lists.some((list) => !list)) continue;
      const [first, ...rest] = lists as Map<number, number>[];
      for (const [doc, tf] of first!) {
        const phraseTf = rest.reduce((min, list) => Math.min(min, list.get(doc) ?? 0), tf);
        if (phraseTf > 0) frequencies.set(doc, (frequencies.get(doc) ?? 0) + phraseTf);
      }
    }
    return frequencies;
  }

  /** Inverse document frequency of a concept: rare concepts are strong evidence. */
  conceptIdf(concept: QueryConcept): number {
    return bm25Idf(this.documentCount, this.conceptFrequencies(concept).size);
  }

  search(concepts: QueryConcept[], limit: number, accept?: (doc: number) => boolean): LexicalHit[] {
    const hits = new Map<number, LexicalHit>();
    concepts.forEach((concept, conceptIndex) => {
      const frequencies = this.conceptFrequencies(concept);
      if (frequencies.size === 0) return;
      const idf = bm25Idf(this.documentCount, frequencies.size) * (concept.weight ?? 1);
      for (const [doc, tf] of frequencies) {
        if (accept && !accept(doc)) continue;
        const hit = hits.get(doc) ?? { doc, score: 0, matched: [] };
        hit.score += bm25TermScore(tf, idf, this.lengths[doc]!, this.averageLength, this.params);
        hit.matched.push(conceptIndex);
        hits.set(doc, hit);
      }
    });
    return [...hits.values()].sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, limit);
  }
}

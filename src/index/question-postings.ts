import type { CorpusIndex, PostingsSource } from './corpus-index.ts';
import type { PostingsLookup, QueryConcept, TermPostings } from './lexical-index.ts';

/** The stored index changed since this process loaded it: postings fetched now would not match its passages. Load it again. */
export class StaleIndexError extends Error {}

/** The database holding the postings could not be read (it is down, or refuses connections): no question can be scored. */
export class PostingsUnavailableError extends Error {}

const NO_POSTINGS: TermPostings = { docs: new Int32Array(0), tfs: new Uint16Array(0) };

/**
 * One question's postings: those fetched for it so far. A term the corpus holds but that was not
 * fetched is answered as absent and recorded in `missing`, so that the question can be answered
 * again once it is fetched (see answerQuestionOver in src/search/answer-over-postings.ts).
 */
export class QuestionPostings implements PostingsLookup {
  private readonly fetched = new Map<string, TermPostings>();
  /**
   * Terms read before they were fetched, since it was last cleared: the answer that read them is
   * not the whole index's, even when they were fetched later in the same answer (a speaker's quotes
   * judged on a topic, then the plain search fetching the topic's terms), so fetching does not
   * take them off; answerQuestionOver clears it at the start of each round.
   */
  readonly missing = new Set<string>();

  constructor(
    private readonly terms: { has(term: string): boolean },
    private readonly source: PostingsSource,
  ) {}

  has(term: string): boolean {
    return this.terms.has(term);
  }

  postingsOf(term: string): TermPostings | undefined {
    const postings = this.fetched.get(term);
    if (postings) return postings;
    if (!this.terms.has(term)) return undefined;
    this.missing.add(term);
    return NO_POSTINGS;
  }

  /** Fetches the postings of these terms that are not here yet (terms the corpus lacks need none). */
  async fetch(terms: Iterable<string>): Promise<void> {
    const wanted = [...new Set(terms)].filter((term) => !this.fetched.has(term) && this.terms.has(term));
    if (wanted.length === 0) return;
    const found = await this.source.fetch(wanted);
    for (const term of wanted) {
      const postings = found.get(term);
      if (!postings) throw new Error(`the postings of "${term}" are missing from the stored index`);
      this.fetched.set(term, postings);
    }
  }
}

/** Every stem a question's concepts can score. */
export function conceptTerms(concepts: readonly QueryConcept[]): string[] {
  return concepts.flatMap((concept) => concept.alternatives.flat());
}

/**
 * One question's view of an index whose postings stay in the database: the same index, with a
 * lexical index over the postings fetched for this question, and `fetchPostings` to fetch more
 * (retrieve calls it for its concepts while the dense search runs). Null for an index that holds
 * its postings.
 */
export function questionView(index: CorpusIndex): { index: CorpusIndex; postings: QuestionPostings } | null {
  if (!index.postingsSource) return null;
  const postings = new QuestionPostings(index.lexical, index.postingsSource);
  return {
    postings,
    index: { ...index, lexical: index.lexical.withPostings(postings), fetchPostings: (concepts) => postings.fetch(conceptTerms(concepts)) },
  };
}

import { ANSWERS } from './relevance.ts';
import type { RefusalReason } from './refusals.ts';
import type { Route } from './route.ts';

/** What becomes of a searched question. */
export type Outcome =
  | { status: 'answered' }
  /** Not searched: the question cannot be, or asks about a person the articles do not hold. */
  | { status: 'refused'; reason: Extract<RefusalReason, 'no-terms' | 'unknown-person'> }
  /** Searched, and no passage answers it well enough. */
  | { status: 'abstained' };

export interface OutcomeInput {
  route: Route;
  /** The question holds words the articles could match, or the model judged it. */
  searchable: boolean;
  /** The best score among the passages judged (src/search/relevance.ts); null when none was found. */
  bestScore: number | null;
}

/**
 * The one decision between answered, refused (with its reason) and abstained, for every route:
 * a person the articles do not hold is refused; a question with nothing to match is refused; a
 * question whose best passage scores below ANSWERS (0.5) is abstained on; the rest is answered.
 * Pure, so it is tested as a table (test/search/outcome.test.ts).
 */
export function decideOutcome({ route, searchable, bestScore }: OutcomeInput): Outcome {
  if (route.kind === 'speaker' && route.found.as === 'unknown') return { status: 'refused', reason: 'unknown-person' };
  if (!searchable) return { status: 'refused', reason: 'no-terms' };
  if (bestScore === null || bestScore < ANSWERS) return { status: 'abstained' };
  return { status: 'answered' };
}

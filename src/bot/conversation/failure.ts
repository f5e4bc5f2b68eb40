import { IndexStoreUnavailable } from '../../engine.ts';
import { TeamStoreUnavailable } from '../../team/open-team-store.ts';
import { Replies } from '../replies.ts';

/**
 * What the asker is told when answering failed: what happened when it is something they can wait
 * out (the database away), else the general apology. Details go to the log, never to the channel.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof IndexStoreUnavailable) return 'Sorry, I could not answer: the articles’ index cannot be read right now (its database is unreachable). It has been logged; please try again in a moment.';
  if (error instanceof TeamStoreUnavailable) return 'Sorry, I could not answer: the bot’s own records cannot be read right now (the database is unreachable). It has been logged; please try again in a moment.';
  return Replies.error;
}

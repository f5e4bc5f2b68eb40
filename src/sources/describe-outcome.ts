import type { AddOutcome } from './add-article.ts';
import type { FeedPollReport } from './poll-feeds.ts';

/** One line per link or file: what was added (file and title), what was there already, what was refused and why. */
export function describeOutcome(outcome: AddOutcome): string {
  switch (outcome.status) {
    case 'added':
      return `Added ${outcome.file}: “${outcome.metadata.title}”${outcome.metadata.url ? ` (${outcome.metadata.url})` : ''}.`;
    case 'duplicate':
      return `Not added, already in the corpus: ${outcome.source}: ${outcome.reason}.`;
    case 'refused':
      return `Refused ${outcome.source}: ${outcome.reason}.`;
  }
}

/** A poll as text: a summary line, then each feed's problem or its items' outcomes. */
export function describePoll(reports: FeedPollReport[]): string {
  if (reports.length === 0) return 'No feeds to poll: set FEEDS or add one with /feeds add (npm run feeds -- add URL).';
  const all = reports.flatMap((r) => r.outcomes);
  const count = (status: AddOutcome['status']) => all.filter((o) => o.status === status).length;
  const failedFeeds = reports.filter((r) => r.problem).length;
  const deferred = reports.reduce((sum, r) => sum + (r.deferred ?? 0), 0);
  const elsewhere = reports.filter((r) => r.elsewhere).length;
  const summary = `Polled ${reports.length - elsewhere} feed(s): ${count('added')} article(s) added, ${count('duplicate')} already in the corpus, ${count('refused')} refused${failedFeeds ? `, ${failedFeeds} feed(s) unreadable` : ''}${deferred ? `, ${deferred} new item(s) left for the next poll` : ''}${elsewhere ? `; ${elsewhere} feed(s) being read by another bot process` : ''}.`;
  const details = reports.flatMap((r) => [
    ...(r.problem ? [`Feed ${r.feed} could not be read: ${r.problem}.`] : []),
    ...(r.elsewhere ? [`Feed ${r.feed} is being read by another bot process right now: its new articles are added there, for every process.`] : []),
    ...r.outcomes.map(describeOutcome),
    ...(r.deferred ? [`Feed ${r.feed}: ${r.deferred} more new item(s) wait for the next poll (at most FEED_ITEMS_PER_POLL a poll).`] : []),
  ]);
  return [summary, ...details].join('\n');
}

import type { Answer, AnswerPassage } from '../search/answer.ts';

/**
 * One answer from the answers of two corpora asked the same question (the shared corpus and a
 * server's own articles). Each corpus was searched and judged with its own statistics, so neither
 * can change what the other finds; a passage's `score` means the same in both (how strongly the
 * evidence says it answers, 0.5 where an answer starts: src/search/relevance.ts, judged against
 * each index's own reference), so the two lists are merged by it and cut to `limit` (undefined:
 * keep all, as for every quote of a speaker). An answered one beats one that abstained or
 * refused; when neither answered, the shared corpus's answer (its refusal or "nothing close
 * enough") is the one given.
 */
export function mergeAnswers(shared: Answer, own: Answer, limit: number | undefined): Answer {
  if (shared.status !== 'answered') return own.status === 'answered' ? own : shared;
  if (own.status !== 'answered') return shared;
  const passages = mergeByScore(shared.passages, own.passages).slice(0, limit);
  // The sentence on why comes from the answer whose best passage leads.
  const lead = (own.passages[0]?.score ?? 0) > (shared.passages[0]?.score ?? 0) ? own : shared;
  return { ...lead, passages };
}

/**
 * The two lists interleaved, the higher-scoring head first (equal: the shared corpus's), each
 * list keeping its own order: a topic search lists its passages in the order both retrievers
 * agree on, which finds the answer higher than ordering them by score would (README, fusion), so
 * a merge must not reorder one corpus's passages among themselves.
 */
function mergeByScore(shared: readonly AnswerPassage[], own: readonly AnswerPassage[]): AnswerPassage[] {
  const merged: AnswerPassage[] = [];
  let s = 0;
  let o = 0;
  while (s < shared.length || o < own.length) {
    const takeOwn = s >= shared.length || (o < own.length && own[o]!.score > shared[s]!.score);
    merged.push(takeOwn ? own[o++]! : shared[s++]!);
  }
  return merged;
}

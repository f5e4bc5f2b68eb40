import type { Answer, AnswerPassage } from '../search/answer.ts';

/**
 * One answer from the answers of two corpora asked the same question (the shared corpus and a
 * server's own articles). Each corpus was searched with its own statistics, so neither can change
 * what the other finds; their passages are ordered by `score`, best first, and cut to `limit`
 * (undefined: keep all, as for every quote of a speaker). An answered one beats one that
 * abstained or refused; when neither answered, the shared corpus's answer (its refusal or
 * "nothing close enough") is the one given.
 */
export function mergeAnswers(shared: Answer, own: Answer, limit: number | undefined): Answer {
  if (shared.status !== 'answered') return own.status === 'answered' ? own : shared;
  if (own.status !== 'answered') return shared;
  const passages = byScore([...shared.passages, ...own.passages]).slice(0, limit);
  // The sentence on why comes from the answer whose best passage leads.
  const lead = (own.passages[0]?.score ?? 0) > (shared.passages[0]?.score ?? 0) ? own : shared;
  return { ...lead, passages };
}

/** Best score first; equal scores keep their order (the shared corpus's first). */
function byScore(passages: AnswerPassage[]): AnswerPassage[] {
  return passages.map((passage, i) => ({ passage, i })).sort((a, b) => b.passage.score - a.passage.score || a.i - b.i).map(({ passage }) => passage);
}

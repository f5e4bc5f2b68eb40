import type { DenseRetriever, VectorHit } from '../index/dense-retriever.ts';
import { questionView } from '../index/question-postings.ts';
import type { Answer } from './answer.ts';
import { answerQuestion, type QuestionOptions, type QuestionState } from './answer-question.ts';

/** More rounds than any route needs (a topic search needs one, a speaker's names a second): beyond it, a bug. */
const MAX_ROUNDS = 8;

/**
 * answerQuestion for an index of either kind. When the postings stay in PostgreSQL, the question
 * is answered over a view of the index holding its own terms' postings, fetched by retrieve while
 * the dense search runs. A route that scores other words than the question's analysis (a
 * speaker's names, a topic) finds their postings missing the first time: they are fetched and the
 * question is answered again, with the query embedding and the dense search of the first round,
 * until nothing was missing. So the answer is the one an index holding every posting gives.
 */
export async function answerQuestionOver(state: QuestionState, question: string, options: QuestionOptions): Promise<Answer> {
  if (!state.index.postingsSource) return answerQuestion(state, question, options);
  const embedded = new Map<string, Promise<Float32Array>>();
  const embedQuery = state.embedQuery;
  const vectors = state.index.vectors ? onceEach(state.index.vectors) : null;
  const view = questionView({ ...state.index, vectors })!;
  for (let round = 1; ; round++) {
    const failures: Error[] = [];
    view.postings.missing.clear();
    const answer = await answerQuestion(
      {
        ...state,
        index: view.index,
        embedQuery: embedQuery && ((text) => cached(embedded, text, () => embedQuery(text))),
        onDenseFailure: (error) => failures.push(error),
      },
      question,
      options,
    );
    if (view.postings.missing.size === 0) {
      for (const error of failures) state.onDenseFailure(error);
      return answer;
    }
    if (round === MAX_ROUNDS) throw new Error(`answerQuestionOver: postings still missing after ${round} rounds (${[...view.postings.missing].join(', ')})`);
    await view.postings.fetch(view.postings.missing);
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) map.set(key, (value = make()));
  return value;
}

/** The same retriever, asked each distinct search once: later rounds of one question reuse the first round's hits. */
function onceEach(retriever: DenseRetriever): DenseRetriever {
  const searches = new Map<string, { query: Float32Array; hits: Promise<VectorHit[]> }[]>();
  return {
    dimension: retriever.dimension,
    get size() {
      return retriever.size;
    },
    nearest(query, limit, file) {
      const key = `${limit}\u0000${file ?? ''}`;
      const done = searches.get(key) ?? [];
      const same = done.find((search) => search.query === query);
      if (same) return same.hits;
      const hits = retriever.nearest(query, limit, file);
      searches.set(key, [...done, { query, hits }]);
      return hits;
    },
    background: (count) => retriever.background(count),
    storedVectors: (docs) => retriever.storedVectors(docs),
  };
}

import type { Settings } from '../settings.ts';
import { buildAnswer, refusedAnswer, type Answer } from './answer.ts';
import { analyzeQuery, type AnalyzedQuery } from './query.ts';
import { denseMargin } from './dense-margin.ts';
import { checkQuestion } from './question-check.ts';
import { refusalText } from './refusals.ts';
import { retrieve } from './retrieve.ts';
import { answerAboutSpeaker, type SpeakerState } from './speakers/answer-about-speaker.ts';
import { attributeFound, parseWhoSaid } from './speakers/who-said.ts';

/** Everything a question is answered from: one index and what was derived from it, never swapped mid-question. */
export interface QuestionState extends SpeakerState {
  /** One sentence on what the corpus covers, for refusals. */
  overview: () => string;
  settings: Pick<Settings, 'retrieval' | 'fusion' | 'abstention' | 'overview'>;
  /** Passages a search returns when the asker does not say (ANSWER_PASSAGES). */
  defaultK: number;
  /** Embeds a question for the dense half of retrieval; null when answering lexical-only. */
  embedQuery: ((text: string) => Promise<Float32Array>) | null;
  /** Passage vectors spread over the corpus, against which the best passage must stand out (dense-margin.ts). */
  denseBackground: () => Promise<readonly Float32Array[]>;
  /** Told when the dense search (or its background) failed and the question was answered by words alone. */
  onDenseFailure: (error: Error) => void;
}

/**
 * The most passages one answer returns (the least is 1), for every front end: a Discord message
 * holds at most ten embeds, one per passage, and ten quoted passages is already a long read.
 */
export const MAX_PASSAGES = 10;

export interface QuestionOptions {
  /**
   * Passages to return, on every route. Range: 1 to MAX_PASSAGES.
   * @default state.defaultK for a search; every quote for "what did X say" (the asker wants them all)
   */
  k?: number;
  /** Only passages from this corpus file (relative path), when set. */
  file?: string;
  /**
   * Passage ids already shown (earlier in a conversation): left out, and not counted in k. The
   * answer then says whether there are `more` beyond the k returned.
   */
  exclude?: ReadonlySet<string>;
}

/**
 * The one path of a question: check -> route (a speaker's quotes, or a topic search) ->
 * retrieve -> narrow to k -> answered | refused (with a reason code) | abstained (with why).
 * Keeps no state of its own: the engine passes the state, front ends render the result.
 */
export async function answerQuestion(state: QuestionState, question: string, options: QuestionOptions): Promise<Answer> {
  // Front ends check what people type against MAX_PASSAGES; another value here is a bug.
  if (options.k !== undefined && !(Number.isInteger(options.k) && options.k >= 1 && options.k <= MAX_PASSAGES)) {
    throw new RangeError(`answerQuestion: k must be a whole number from 1 to ${MAX_PASSAGES}, got ${options.k}`);
  }
  // The answer echoes the question as asked; the search reads it without invisible characters.
  const asked = question.trim();
  const checked = checkQuestion(question);
  if (!checked.ok) return refusedAnswer(asked, checked.reason, refusalText(checked));
  const { exclude, ...search } = options;
  if (!exclude) return { ...(await searchFor(state, checked.question, search)), question: asked };
  // Deep enough to leave the shown ones out and still tell whether one more is there: k is what
  // is returned (1..MAX_PASSAGES), this depth only how far the search looks.
  const k = options.k ?? state.defaultK;
  const found = await searchFor(state, checked.question, { ...search, k: k + exclude.size + 1 });
  if (found.status !== 'answered') return { ...found, question: asked };
  const fresh = found.passages.filter((p) => !exclude.has(p.id));
  return { ...found, question: asked, passages: fresh.slice(0, k), more: fresh.length > k };
}

async function searchFor(state: QuestionState, text: string, options: QuestionOptions): Promise<Answer> {
  const query = analyzeQuery(text, state.lexicon);
  // "Who said …?": searched as asked (the verb may matter: "who declared himself king"), and
  // each passage found names the speaker of the statement's words in it.
  const statement = parseWhoSaid(text);
  if (statement) return attributeFound(state.index, state.speakers(), await searchPassages(state, text, query, options), analyzeQuery(statement, state.lexicon), state.describeName);

  const aboutSpeaker = answerAboutSpeaker(state, text, query, { file: options.file, limit: options.k ?? state.defaultK, people: state.settings.overview.people });
  if (aboutSpeaker) return options.k === undefined ? aboutSpeaker : narrowToK(aboutSpeaker, options.k);

  return searchPassages(state, text, query, options);
}

/** The topic search: retrieve (lexical, and dense with a model), fuse, answer or abstain. */
async function searchPassages(state: QuestionState, text: string, query: AnalyzedQuery, options: QuestionOptions): Promise<Answer> {
  const { retrieval, fusion, abstention } = state.settings;
  // The model reads words the dictionary cannot bring into Arabic too; only a question of no words at all skips it.
  const hasWords = query.concepts.length > 0 || query.untranslated.length > 0;
  const useModel = state.embedQuery !== null && retrieval.mode !== 'lexical' && hasWords;
  const queryVector = useModel ? await state.embedQuery!(text) : null;
  const limit = options.k ?? state.defaultK;
  const found = await retrieve(state.index, query, queryVector, {
    limit,
    // Each retriever offers at least as many as are asked for, whatever the settings say.
    candidates: Math.max(retrieval.candidates, limit),
    fusion,
    mode: retrieval.mode,
    file: options.file,
  });
  if (found.denseFailure) state.onDenseFailure(found.denseFailure);
  const margin = queryVector && found.bestSimilarity !== null ? await marginOf(state, found.bestSimilarity, queryVector) : null;
  return buildAnswer(state.index, query, found, margin, abstention, state.overview());
}

/** The model's evidence for abstention; null (coverage decides alone) when its background cannot be read. */
async function marginOf(state: QuestionState, bestSimilarity: number, queryVector: Float32Array): Promise<number | null> {
  try {
    return denseMargin(bestSimilarity, queryVector, await state.denseBackground());
  } catch (error) {
    state.onDenseFailure(error as Error);
    return null;
  }
}

/** A speaker's quotes come all at once, best first: only the first k are shown. */
function narrowToK(answer: Answer, k: number): Answer {
  return answer.status === 'answered' ? { ...answer, passages: answer.passages.slice(0, k) } : answer;
}

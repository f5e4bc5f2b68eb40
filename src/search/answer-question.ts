import { medianSimilarity } from '../index/relevance-null.ts';
import { MAX_PASSAGES, type Settings } from '../settings.ts';
import { answerPassage, describeMatched, matchedWords, refusedAnswer, type Answer, type AnswerPassage, type JudgedPassage } from './answer.ts';
import { judgePassages, type DenseJudge } from './evidence.ts';
import { decideOutcome } from './outcome.ts';
import { analyzeQuery, isCrossLingual, type AnalyzedQuery } from './query.ts';
import { checkQuestion } from './question-check.ts';
import { Refusals, refusalText, withOverview } from './refusals.ts';
import { relevanceScore, thresholdsFor, type PassageEvidence } from './relevance.ts';
import { retrieve } from './retrieve.ts';
import { routeQuestion, type Route } from './route.ts';
import { mentioningDocs } from './speakers/mentions.ts';
import { collectQuotes, type SpeakerState } from './speakers/speaker-answer.ts';
import { attributeFound } from './speakers/who-said.ts';

/** Everything a question is answered from: one index and what was derived from it, never swapped mid-question. */
export interface QuestionState extends SpeakerState {
  /** One sentence on what the corpus covers, for refusals. */
  overview: () => string;
  settings: Pick<Settings, 'analysis' | 'speakers' | 'retrieval' | 'fusion' | 'bm25' | 'relevance' | 'overview'>;
  /** Passages a search returns when the asker does not say (ANSWER_PASSAGES). */
  defaultK: number;
  /** Embeds a question for the dense half of retrieval; null when answering lexical-only. */
  embedQuery: ((text: string) => Promise<Float32Array>) | null;
  /** Passage vectors spread over the corpus, over which a question's median cosine is taken (src/index/relevance-null.ts). */
  denseBackground: () => Promise<readonly Float32Array[]>;
  /** Told when the dense search (or its background) failed and the question was answered by words alone. */
  onDenseFailure: (error: Error) => void;
}

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
 * The one path of a question: check -> analyse -> route (routeQuestion) -> the route's
 * passages, each judged against the question (src/search/relevance.ts) -> answered | refused
 * (with a reason code) | abstained, decided in one place (decideOutcome) -> narrow to k.
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
  const query = analyzeQuery(text, state.lexicon, state.settings.analysis);
  const route = routeQuestion(text, query, { index: state.index, lexicon: state.lexicon, speakers: state.speakers(), people: state.settings.overview.people, match: state.settings.speakers, latinName: state.latinName });
  // Embedded when first needed: a speaker's quotes without a topic hold all that was asked.
  let view: Promise<ModelView | null> | undefined;
  const model = () => (view ??= modelView(state, text, query));
  return route.kind === 'speaker' ? speakerAnswer(state, route, query, model, options) : searchAnswer(state, route, query, await model(), options);
}

/** The question as the model sees it: its vector and median cosine over the corpus; null without the model. */
interface ModelView {
  vector: Float32Array;
  median: number;
}

async function modelView(state: QuestionState, text: string, query: AnalyzedQuery): Promise<ModelView | null> {
  // The model reads words the dictionary cannot bring into Arabic too; only a question of no words at all skips it.
  const hasWords = query.concepts.length > 0 || query.untranslated.length > 0;
  if (state.embedQuery === null || state.settings.retrieval.mode === 'lexical' || !hasWords) return null;
  const vector = await state.embedQuery(text);
  try {
    return { vector, median: medianSimilarity(vector, await state.denseBackground()) };
  } catch (error) {
    state.onDenseFailure(error as Error);
    return null;
  }
}

/** What judges a question's passages with the model: null when it does not (no model, or the index has no reference). */
function denseJudge(state: QuestionState, query: AnalyzedQuery, model: ModelView | null, known: ReadonlyMap<number, number> = new Map()): DenseJudge | null {
  const reference = state.index.manifest.relevanceNull;
  if (!model || !reference) return null;
  return { vector: model.vector, median: model.median, known, reference: isCrossLingual(query.language) ? reference.margins.crossLingual : reference.margins.sameLanguage };
}

/** Scores each passage's evidence and sorts them best first (ties: the order given). */
function score(state: QuestionState, query: AnalyzedQuery, evidence: PassageEvidence[], modelJudged: boolean): JudgedPassage[] {
  const thresholds = thresholdsFor(state.settings.relevance, state.settings.retrieval.mode, query.language, modelJudged);
  return evidence.map((e) => ({ ...e, score: relevanceScore(e, thresholds) })).sort((a, b) => b.score - a.score);
}

/** A topic search or a reverse question ("who said …"): both retrievers, passages in fused order. */
async function searchAnswer(state: QuestionState, route: Exclude<Route, { kind: 'speaker' }>, query: AnalyzedQuery, model: ModelView | null, options: QuestionOptions): Promise<Answer> {
  const { retrieval, fusion } = state.settings;
  // A reverse question is searched as asked: its verb finds reported statements ("who warned
  // that …"). The plain search taking over a speaker question is searched for its topic only.
  const searched = route.kind === 'who-said' ? query : route.judged;
  // Each retriever offers at least as many as are asked for (a follow-up looks past what it showed).
  const candidates = Math.max(retrieval.candidates, options.k ?? state.defaultK);
  const found = await retrieve(state.index, searched, model?.vector ?? null, { candidates, fusion, bm25: state.settings.bm25, mode: retrieval.mode, file: options.file });
  if (found.denseFailure) state.onDenseFailure(found.denseFailure);
  const usable = found.denseFailure ? null : model;
  const dense = denseJudge(state, query, usable, found.similarity);
  const judged = await judge(state, route.judged, found.ranked.map((r) => r.doc), dense);
  const outcome = decideOutcome({ route, searchable: query.concepts.length > 0 || usable !== null, bestScore: judged[0]?.score ?? null });
  if (outcome.status !== 'answered') return notAnswered(state, query, outcome, judged);

  const scoreOf = new Map(judged.map((j) => [j.doc, j.score]));
  const shown = found.ranked.slice(0, options.k ?? state.defaultK);
  const passages = shown.map((r) => answerPassage(state.index, r.doc, scoreOf.get(r.doc)!, route.judged.concepts));
  const words = describeMatched(matchedWords(passages[0]!.text, route.judged));
  const answer: Answer = {
    question: query.question,
    language: query.language,
    status: 'answered',
    abstained: false,
    why: `Passages that mention ${words.length ? words.join(', ') : 'the question'}.`,
    passages,
    judged,
  };
  return route.kind === 'who-said' ? attributeFound(state.index, state.speakers(), answer, route.judged, state.describeName) : answer;
}

/**
 * "What did X say (about Y)?": X's quotes (or, for a person named but not quoted, the passages
 * naming them), ranked by how well each answers the question. When none does well enough, the
 * plain search judges the question instead: a statement it would find is never refused because
 * of who was asked about.
 */
async function speakerAnswer(
  state: QuestionState,
  route: Extract<Route, { kind: 'speaker' }>,
  query: AnalyzedQuery,
  model: () => Promise<ModelView | null>,
  options: QuestionOptions,
): Promise<Answer> {
  const { found } = route;
  if (found.as === 'unknown') {
    const outcome = decideOutcome({ route, searchable: true, bestScore: null });
    const reason = outcome.status === 'refused' ? outcome.reason : 'unknown-person';
    const describe = state.describeName ?? ((name: string) => name);
    return { ...refusedAnswer(query.question, reason, Refusals.notInArticles(route.name, found.quoted.map(describe)), query.language), people: found.quoted };
  }
  const directory = state.speakers();
  const quotes = found.as === 'quoted' ? collectQuotes(state.index, directory, found.speakers) : null;
  const docs =
    found.as === 'quoted'
      ? quotes!.docs.filter((doc) => !options.file || state.index.passages[doc]!.file === options.file)
      : mentioningDocs(state.index, found.mentions, options.k ?? state.defaultK, state.settings.bm25, options.file);
  const topic = async (): Promise<Answer> => searchAnswer(state, { kind: 'topic', judged: route.judged }, query, await model(), options);
  if (docs.length === 0) return topic();

  // Without a topic, the question's words are X's: a quote attributed to X (or a passage naming
  // X) holds them, however the passage writes the name; the model has nothing to add.
  const held = route.topic ? [] : route.judged.concepts.map((_, i) => i);
  const dense = route.topic ? denseJudge(state, query, await model()) : null;
  const judged = await judge(state, route.judged, docs, dense, () => held);
  const outcome = decideOutcome({ route, searchable: true, bestScore: judged[0]?.score ?? null });
  if (outcome.status !== 'answered') return topic();

  const quotesOf = new Map(quotes ? quotes.docs.map((doc, i) => [doc, quotes.passages[i]!.quotes]) : []);
  const order = new Map(docs.map((doc, i) => [doc, i]));
  const ranked = [...judged].sort((a, b) => b.score - a.score || order.get(a.doc)! - order.get(b.doc)!);
  const concepts = found.as === 'mentioned' ? found.mentions.concepts : route.judged.concepts;
  const all: AnswerPassage[] = ranked.map((j) => answerPassage(state.index, j.doc, j.score, concepts, quotesOf.get(j.doc)));
  // Without k, a speaker's every quote (the asker wants them all); a person's mentions are already at most k.
  const passages = options.k === undefined ? all : all.slice(0, options.k);
  // The Arabic the topic reached, when it was asked in another language: “gas” (الغاز).
  const reached = route.topic && isCrossLingual(query.language) ? matchedWords(passages[0]!.text, route.judged).flatMap((word) => word.written.filter((form) => form.toLowerCase() !== word.asked)) : [];
  const describe = state.describeName ?? ((name: string) => name);
  const why = quotes
    ? `${all.length} passage(s) quoting ${quotes.speakers.map((s) => describe(s.name)).join('; ')}${route.topic ? `, those about “${route.topic}”${reached.length ? ` (${reached.join('، ')})` : ''} first` : ''}.`
    : Refusals.mentionedNotQuoted(route.name);
  const people = quotes ? { people: quotes.speakers.map((s) => s.name) } : {};
  return { question: query.question, language: query.language, status: 'answered', abstained: false, why, passages, judged, ...people };
}

/**
 * The passages' evidence and scores, best first. A failed read of stored vectors (the database
 * away) leaves them to their words, judged as lexical-only.
 */
async function judge(
  state: QuestionState,
  query: AnalyzedQuery,
  docs: readonly number[],
  dense: DenseJudge | null,
  alsoMatched?: (doc: number) => readonly number[],
): Promise<JudgedPassage[]> {
  const { subjectWordShare, subjectWordDenseRank, lexicalSubjectWordWeight } = state.settings.relevance;
  const subject = { share: subjectWordShare, denseRank: subjectWordDenseRank, lexicalWeight: lexicalSubjectWordWeight };
  try {
    return score(state, query, await judgePassages(state.index, query, docs, dense, alsoMatched, subject), dense !== null);
  } catch (error) {
    if (!dense) throw error;
    state.onDenseFailure(error as Error);
    return score(state, query, await judgePassages(state.index, query, docs, null, alsoMatched, subject), false);
  }
}

function notAnswered(state: QuestionState, query: AnalyzedQuery, outcome: ReturnType<typeof decideOutcome>, judged: JudgedPassage[]): Answer {
  const overview = state.overview();
  if (outcome.status === 'refused') return refusedAnswer(query.question, outcome.reason, withOverview(Refusals.noTerms, overview), query.language, judged);
  return { question: query.question, language: query.language, status: 'abstained', abstained: true, why: withOverview(Refusals.nothingCloseEnough, overview), passages: [], judged };
}

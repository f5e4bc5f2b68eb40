import type { CorpusIndex } from '../../index/corpus-index.ts';
import type { SentenceSpan } from '../../text/sentences.ts';
import type { Answer, AnswerPassage } from '../answer.ts';
import { conceptWeight, toAnswerPassage } from '../answer.ts';
import type { Speaker, SpeakerDirectory } from './attribution.ts';
import { conceptsIn } from '../concept-match.ts';
import type { AnalyzedQuery } from '../query.ts';

export interface SpeakerQuotes {
  speakers: Speaker[];
  /** Every passage quoting them, in corpus order, near-duplicates folded into alsoIn. */
  passages: AnswerPassage[];
}

/** All quotes of the given speakers, each passage with the attributed sentences as its quote. */
export function collectQuotes(index: CorpusIndex, directory: SpeakerDirectory, speakers: Speaker[]): SpeakerQuotes {
  const ids = new Set(speakers.map((s) => s.id));
  const docs = [...new Set(speakers.flatMap((s) => s.quotes.map((q) => q.doc)))].sort((a, b) => a - b);
  const shown = new Set<number>();
  const passages: AnswerPassage[] = [];
  for (const doc of docs) {
    if (shown.has(doc)) continue;
    const duplicates = index.duplicatesOf.get(doc) ?? [];
    for (const d of [doc, ...duplicates]) shown.add(d);
    const passage = index.passages[doc]!;
    const quotes: SentenceSpan[] = (directory.byDoc.get(doc) ?? [])
      .filter((a) => ids.has(a.speaker))
      .map((a) => passage.sentences[a.sentence]!)
      .filter((span, i, all) => all.indexOf(span) === i);
    passages.push({ ...toAnswerPassage(index, emptyQuery, { doc, score: 1, matched: [], duplicates }), quotes });
  }
  return { speakers, passages };
}

const emptyQuery: AnalyzedQuery = { question: '', language: 'none', concepts: [], untranslated: [] };

/**
 * A "what did X say (about Y)" answer: X's quotes, those about Y first. Undefined when a topic
 * was asked for and none of X's quotes touches it (the caller then searches normally).
 */
export function answerSpeakerQuestion(
  index: CorpusIndex,
  quotes: SpeakerQuotes,
  topic: AnalyzedQuery | null,
  question: AnalyzedQuery,
  describe: (name: string) => string = (name) => name,
): Answer | undefined {
  const names = quotes.speakers.map((s) => describe(s.name)).join('; ');
  let passages = quotes.passages;
  if (topic && topic.concepts.length > 0) {
    const weights = topic.concepts.map((concept) => conceptWeight(index, concept));
    const scored = passages.map((passage) => {
      const quoted = passage.quotes.map((q) => passage.text.slice(q.start, q.end)).join(' ');
      const inQuote = conceptsIn(quoted, topic.concepts);
      const inPassage = conceptsIn(passage.text, topic.concepts);
      // Words in the quoted sentence count fully; elsewhere in the paragraph, half.
      const score = weights.reduce((sum, w, i) => sum + (inQuote.includes(i) ? w : inPassage.includes(i) ? w / 2 : 0), 0);
      return { passage, score };
    });
    const total = weights.reduce((a, b) => a + b, 0);
    if (!scored.some((item) => item.score > 0)) return undefined;
    passages = scored
      .sort((a, b) => b.score - a.score)
      .map((item) => ({ ...item.passage, score: Number((total ? item.score / total : 0).toFixed(4)) }));
  }
  return {
    question: question.question,
    language: question.language,
    status: 'answered',
    abstained: false,
    why: `${quotes.passages.length} passage(s) quoting ${names}${topic && topic.concepts.length ? `, those about “${topic.question}” first` : ''}.`,
    passages,
    people: quotes.speakers.map((s) => s.name),
    coverage: 1,
    denseMargin: null,
  };
}

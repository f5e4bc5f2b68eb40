import type { CorpusIndex } from '../../index/corpus-index.ts';
import type { Answer, AnswerPassage } from '../answer.ts';
import { conceptsIn } from '../concept-match.ts';
import type { AnalyzedQuery } from '../query.ts';
import { Refusals } from '../refusals.ts';
import type { SpeakerDirectory } from './attribution.ts';

/**
 * Reverse questions: "Who said (that) …?", "Who warned …?", "من قال إن …؟". Returns the
 * statement asked about, or undefined for other questions.
 */
const ENGLISH_WHO_SAID =
  /^who\s+(?:said|says|stated|told\s+\S+|wrote|warned|denied|urged|called\s+(?:on|for)|promised|pledged|praised|thanked|stressed|affirmed|claimed|announced|added|described)\s+(?:that\s+)?(?<statement>.+)$/i;
const ARABIC_WHO_SAID =
  /^(?:من|مَن)\s+(?:الذي\s+)?(?:قال|صرح|أكد|اكد|ذكر|كتب|حذر|نفى|دعا|أشاد|اشاد|شكر|تعهد|أعلن|اعلن|شدد|وصف)\s+(?:(?:إن|ان|أن|بأن|بان)\s+)?(?<statement>.+)$/;

export function parseWhoSaid(question: string): string | undefined {
  const text = question.trim().replace(/[?？؟!.]+$/u, '').trim();
  return (ENGLISH_WHO_SAID.exec(text) ?? ARABIC_WHO_SAID.exec(text))?.groups?.statement?.trim() || undefined;
}

/**
 * Names the speaker of each passage found for a reverse question: the speakers of its
 * attributed sentences that hold words of the statement (those sentences become the quote).
 * The search's order stays (the best match holds the statement); `why` names who said it where.
 */
export function attributeFound(
  index: CorpusIndex,
  directory: SpeakerDirectory,
  answer: Answer,
  statement: AnalyzedQuery,
  describe: (name: string) => string = (name) => name,
): Answer {
  if (answer.status !== 'answered') return answer;
  const docOf = new Map(answer.passages.map((p) => [p.id, index.passages.findIndex((q) => q.id === p.id)]));
  const withSpeakers: AnswerPassage[] = answer.passages.map((passage) => {
    const attributions = (directory.byDoc.get(docOf.get(passage.id)!) ?? []).filter((a) => {
      const span = index.passages[a.doc]!.sentences[a.sentence]!;
      return conceptsIn(passage.text.slice(span.start, span.end), statement.concepts).length > 0;
    });
    if (attributions.length === 0) return passage;
    const speakers = [...new Set(attributions.map((a) => directory.speakers[a.speaker]!.name))];
    const quotes = [...new Set(attributions.map((a) => index.passages[a.doc]!.sentences[a.sentence]!))];
    return { ...passage, speakers, quotes };
  });
  const said = withSpeakers.filter((p) => p.speakers).map((p) => ({ speakers: p.speakers!.map(describe), where: `${p.file}:${p.lineStart}` }));
  return { ...answer, passages: withSpeakers, why: said.length > 0 ? Refusals.saidBy(said) : Refusals.saidByNobody };
}

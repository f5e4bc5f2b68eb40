import type { CorpusIndex } from '../../index/corpus-index.ts';
import type { Settings } from '../../settings.ts';
import type { SentenceSpan } from '../../text/sentences.ts';
import { answerPassage, type AnswerPassage } from '../answer.ts';
import type { CrossLingualLexicon } from '../query.ts';
import type { SpeakerDirectory } from './attribution.ts';
import type { Speaker } from './speaker-registry.ts';
import { findSpeakers, speakersByLatinName, type LatinNameOf } from './speaker-lookup.ts';

/** What the speaker route reads: the index, the name matcher and the (lazily built) attribution. */
export interface SpeakerState {
  index: CorpusIndex;
  lexicon: CrossLingualLexicon;
  speakers: () => SpeakerDirectory;
  settings: Pick<Settings, 'speakers'>;
  /** A name as a reader who does not read Arabic needs it ("Yuri Ushakov (يوري أوشاكوف)"). @default the name as written */
  describeName?: (name: string) => string;
  /** A name in Latin script ("the White House"), so a reader can type back what the bot prints. @default none: names are found in Arabic and by their sounds */
  latinName?: LatinNameOf;
}

export interface SpeakerQuotes {
  speakers: Speaker[];
  /** Every passage quoting them, in corpus order, near-duplicates folded into alsoIn; each scores 1 (it holds the one thing asked, the speaker). */
  passages: AnswerPassage[];
}

/** Every quote of the speaker(s) a name refers to, in corpus order (for /quote and briefings). */
export function quotesOf(state: SpeakerState, name: string): SpeakerQuotes {
  const directory = state.speakers();
  const byLatin = speakersByLatinName(directory, name, state.latinName);
  return collectQuotes(state.index, directory, byLatin.length > 0 ? byLatin : findSpeakers(directory, name, state.lexicon, state.settings.speakers));
}

/** All quotes of the given speakers, each passage with the attributed sentences as its quote; `docs`: their positions, in the same order. */
export function collectQuotes(index: CorpusIndex, directory: SpeakerDirectory, speakers: Speaker[]): SpeakerQuotes & { docs: number[] } {
  const ids = new Set(speakers.map((s) => s.id));
  const candidates = [...new Set(speakers.flatMap((s) => s.quotes.map((q) => q.doc)))].sort((a, b) => a - b);
  const shown = new Set<number>();
  const passages: AnswerPassage[] = [];
  const docs: number[] = [];
  for (const doc of candidates) {
    if (shown.has(doc)) continue;
    for (const d of [doc, ...(index.duplicatesOf.get(doc) ?? [])]) shown.add(d);
    const passage = index.passages[doc]!;
    const quotes: SentenceSpan[] = (directory.byDoc.get(doc) ?? [])
      .filter((a) => ids.has(a.speaker))
      .map((a) => passage.sentences[a.sentence]!)
      .filter((span, i, all) => all.indexOf(span) === i);
    passages.push(answerPassage(index, doc, 1, [], quotes));
    docs.push(doc);
  }
  return { speakers, passages, docs };
}

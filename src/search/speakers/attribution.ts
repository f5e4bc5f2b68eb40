import type { Passage } from '../../corpus/passages.ts';
import { withoutConjunction } from '../../text/arabic-morphology.ts';
import { isStopword } from '../../text/terms.ts';
import { isAddressee, isNisba, splitName } from './name-phrase.ts';
import { findSpeechCues, words, type SpeechCue } from './reported-speech.ts';
import { SpeakerRegistry, type QuoteAttribution, type Speaker } from './speaker-registry.ts';
import { FirstMentions, titleAssociations, titledNameWords } from './titles.ts';

/**
 * Who said what: every sentence that reports speech, attributed to a speaker named in it, or
 * carried over from the sentence or paragraph before when its verb has no subject
 * ("وأضاف: …" right after a named quote), or resolved from a bare title ("قال الزعيم الصيني")
 * to the person the article last gave that title or last quoted.
 * The pieces: `speaker-registry.ts` (who), `name-phrase.ts` (names and titles in a phrase),
 * `titles.ts` (what titles refer to), `reported-speech.ts` (the cues).
 */

export interface SpeakerDirectory {
  speakers: Speaker[];
  /** passage position -> its attributed sentences */
  byDoc: Map<number, QuoteAttribution[]>;
  /**
   * Name words the articles themselves present as someone's: a speaker's, or one written right
   * after a title ("الرئيس الأمريكي جو بايدن"). A question naming one of these asks about a person.
   */
  nameWords: Set<string>;
}

/** A sentence's speech cues once its speakers are named: the words they were found in are let go. */
interface SentenceCues {
  /** The first cue, which decides the sentence's speaker. */
  first: Omit<SpeechCue, 'speakerWords'>;
  /** Per cue: the speaker it names (if any), with the titles and roles around the name. */
  named: { speaker: number | undefined; descriptors: string[]; coordinated: number[]; complements: string[] }[];
}

export function attributeQuotes(passages: Passage[]): SpeakerDirectory {
  // Pass 1: every explicitly named speaker, so bare titles can refer to names met anywhere in a
  // file. Per sentence only what pass 2 reads is kept (most sentences have no cue at all).
  const registry = new SpeakerRegistry();
  const allCues: (SentenceCues | undefined)[][] = passages.map((passage) =>
    passage.sentences.map((span) => {
      const cues = findSpeechCues(passage.text.slice(span.start, span.end));
      if (cues.length === 0) return undefined;
      const { kind, attributesPrevious, subjectEarlier } = cues[0]!;
      const named = cues.map((cue) => {
        if (cue.speakerWords.length === 0) return { speaker: undefined, descriptors: [] as string[], coordinated: [] as number[], complements: [] as string[] };
        const split = splitName(cue.speakerWords);
        const { descriptors, coordinated, complements } = split;
        // After a verb that takes an object, the name ends early: a full name follows a title
        // ("دعا الرئيس البرازيلي كارلوس مينديز الأطراف …"), a short form stands alone ("دعا شي بكين …").
        const name = cue.transitive ? split.name.slice(0, split.titled ? FULL_NAME_WORDS : 1) : split.name;
        return { speaker: name.length > 0 ? registry.add(name) : undefined, descriptors, coordinated: coordinated.map((words) => registry.add(words)), complements };
      });
      return { first: { kind, attributesPrevious, ...(subjectEarlier ? { subjectEarlier } : {}) }, named };
    }),
  );

  const knownBy = titleAssociations(passages, registry);
  const firstMentions = new FirstMentions(passages, registry);

  // Pass 2: attribute, carrying speakers over and resolving titles within each file.
  const byDoc = new Map<number, QuoteAttribution[]>();
  const attribute = (doc: number, sentence: number, speaker: number) => {
    const attribution = { doc, sentence, speaker };
    registry.get(speaker).quotes.push(attribution);
    const list = byDoc.get(doc);
    if (list) list.push(attribution);
    else byDoc.set(doc, [attribution]);
  };
  let file = '';
  let lastSpeaker: number | undefined;
  let lastDoc = -1;
  /** Within one file: a title (الرئيس، الصيني) -> the speaker last introduced with it. */
  let titled = new Map<string, number>();

  passages.forEach((passage, doc) => {
    if (passage.file !== file) {
      file = passage.file;
      lastSpeaker = undefined;
      titled = new Map();
    }
    // Carry-over reaches back one paragraph: the passage before, whatever boilerplate lines
    // were dropped in between.
    let carried = lastDoc === doc - 1 ? lastSpeaker : undefined;
    let attributedHere = false;
    passage.sentences.forEach((span, sentence) => {
      const cues = allCues[doc]![sentence];
      if (!cues) {
        carried = undefined;
        return;
      }
      const cue = cues.first;
      const { speaker: explicit, descriptors, complements } = cues.named[0]!;
      let speaker: number | undefined = explicit;
      if (cue.subjectEarlier) {
        speaker = firstNamedIn(passage.text.slice(span.start, span.end), registry);
      } else if (explicit !== undefined) {
        for (const descriptor of descriptors) titled.set(descriptor, explicit);
      } else if (descriptors.length > 0) {
        // Nationality adjectives are the most telling part of a title ("الوزير الروسي").
        const specificFirst = [...descriptors].sort((a, b) => Number(isNisba('ال' + b)) - Number(isNisba('ال' + a)));
        speaker =
          specificFirst.map((d) => titled.get(d) ?? knownBy.get(d)).find((s) => s !== undefined) ??
          carried ??
          lastSpeaker ??
          firstMentions.upTo(file, doc);
      } else if (cue.kind === 'verb' || attributedHere || startsWithQuote(passage.text.slice(span.start))) {
        // "وأضاف: …", or a quotation continuing the one before.
        speaker = carried;
      }
      // Later cues of the sentence with a named subject quote someone else as well.
      for (const other of cues.named.slice(1)) {
        for (const named of [other.speaker, ...other.coordinated]) if (named !== undefined && named !== speaker) attribute(doc, sentence, named);
      }
      if (speaker === undefined) return;
      attribute(doc, sentence, speaker);
      describe(registry.get(speaker), [...descriptors, ...complements]);
      for (const other of cues.named[0]!.coordinated) if (other !== speaker) attribute(doc, sentence, other);
      const previous = allCues[doc]![sentence - 1]?.first;
      if (cue.attributesPrevious && previous?.kind === 'quote-only' && !byDoc.get(doc)?.some((a) => a.sentence === sentence - 1)) {
        attribute(doc, sentence - 1, speaker);
      }
      carried = lastSpeaker = speaker;
      attributedHere = true;
    });
    lastDoc = doc;
    if (!attributedHere) lastSpeaker = undefined;
  });
  for (const list of byDoc.values()) list.sort((a, b) => a.sentence - b.sentence);
  return { speakers: registry.all(), byDoc, nameWords: titledNameWords(passages, registry) };
}

/** A full name after a title, when a verb's object may follow it: given name and surname. */
const FULL_NAME_WORDS = 2;

function startsWithQuote(text: string): boolean {
  return /^[“"«]/.test(text.trimStart());
}

/** Adds the titles and appositions (without ال) of a phrase naming the speaker to their descriptions. */
function describe(speaker: Speaker, words: string[]): void {
  for (const word of words) if (!speaker.tokens.has(word) && !isStopword(word) && !isAddressee(word)) speaker.descriptions.add(word);
}

/** The first speaker a sentence names: the subject of its main verb, in verb-first prose. */
function firstNamedIn(sentence: string, registry: SpeakerRegistry): number | undefined {
  for (const word of words(sentence)) {
    const speaker = registry.byToken(word.norm) ?? registry.byToken(withoutConjunction(word.norm));
    if (speaker !== undefined) return speaker;
  }
  return undefined;
}

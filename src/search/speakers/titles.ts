/**
 * What titles say about speakers: which speaker a nationality adjective stands for across the
 * corpus, the words the articles write right after a title (names), and, per file, the first
 * speaker mentioned (what a bare title with nothing before it refers to).
 */
import type { Passage } from '../../corpus/passages.ts';
import { normalizeText, tokenize } from '../../text/normalize.ts';
import { isStopword } from '../../text/terms.ts';
import { isDescriptor, isNisba, isRole, withoutArticle } from './name-phrase.ts';
import { words } from './reported-speech.ts';
import type { SpeakerRegistry } from './speaker-registry.ts';

/** How many words after a title (and its nationality adjectives) may still be the name. */
const NAME_WORDS_AFTER_TITLE = 3;

export function titledNameWords(passages: Passage[], registry: SpeakerRegistry): Set<string> {
  const names = new Set(registry.all().flatMap((speaker) => [...speaker.tokens]));
  for (const passage of passages) {
    const list = words(passage.text);
    list.forEach((word, i) => {
      if (!isRole(word.norm) || /[.:،,؛]/.test(word.after)) return;
      let j = i + 1;
      while (j < list.length && isNisba(list[j]!.norm)) j++;
      for (let taken = 0; j < list.length && taken < NAME_WORDS_AFTER_TITLE; j++, taken++) {
        const next = list[j]!;
        if (isDescriptor(next.norm) || isStopword(next.norm) || next.norm.startsWith('ال')) break;
        names.add(next.norm);
        if (/[.:،,؛“"«(]/.test(next.after)) break;
      }
    });
  }
  return names;
}

/**
 * Corpus-wide: which speaker a nationality adjective stands for ("الزعيم الروسي"), learned from
 * where it stands right before a speaker's name ("الرئيس الروسي فلاديمير بوتين"). Only clear
 * majorities (two thirds of the votes) count.
 */
export function titleAssociations(passages: Passage[], registry: SpeakerRegistry): Map<string, number> {
  const votes = new Map<string, Map<number, number>>();
  for (const passage of passages) {
    const list = tokenize(normalizeText(passage.text));
    list.forEach((token, i) => {
      const speaker = registry.byToken(token);
      if (speaker === undefined) return;
      for (const before of list.slice(Math.max(0, i - 3), i)) {
        if (!isNisba(before)) continue;
        const key = withoutArticle(before);
        const tally = votes.get(key) ?? new Map<number, number>();
        tally.set(speaker, (tally.get(speaker) ?? 0) + 1);
        votes.set(key, tally);
      }
    });
  }
  const associations = new Map<string, number>();
  for (const [title, tally] of votes) {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    const [speaker, count] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
    if (count / total >= 2 / 3) {
      associations.set(title, speaker);
      // A title describes someone once the articles give it to them more than once.
      if (count >= 2) registry.get(speaker).descriptions.add(title);
    }
  }
  return associations;
}

/**
 * Per file, the first known speaker its passages mention, found once: a bare title with nothing
 * before it to refer to ("قال الزعيم الصيني" opening an article) is that speaker, if the mention
 * comes no later than the title's passage. Each file is read once, when first asked about, and
 * only as far as its first mention.
 */
export class FirstMentions {
  /** file -> its passage positions, in order */
  private readonly docsByFile = new Map<string, number[]>();
  /** file -> the first mention (position and speaker), or null when the file names no one */
  private readonly first = new Map<string, { doc: number; speaker: number } | null>();

  constructor(
    private readonly passages: Passage[],
    private readonly registry: SpeakerRegistry,
  ) {
    passages.forEach((passage, doc) => {
      const docs = this.docsByFile.get(passage.file);
      if (docs) docs.push(doc);
      else this.docsByFile.set(passage.file, [doc]);
    });
  }

  /** The first known speaker the file mentions in its passages up to `doc`. */
  upTo(file: string, doc: number): number | undefined {
    let first = this.first.get(file);
    if (first === undefined) {
      first = this.find(file);
      this.first.set(file, first);
    }
    return first !== null && first.doc <= doc ? first.speaker : undefined;
  }

  private find(file: string): { doc: number; speaker: number } | null {
    for (const doc of this.docsByFile.get(file) ?? []) {
      for (const word of words(this.passages[doc]!.text)) {
        const speaker = this.registry.byToken(word.norm);
        if (speaker !== undefined) return { doc, speaker };
      }
    }
    return null;
  }
}

/**
 * The English->Arabic dictionary read backwards: for an Arabic word or phrase of the articles,
 * the English headword whose translation it is. Built once per process from every entry (FreeDict
 * eng-ara: 87k headwords, about a second; reverse-dictionary-cache.ts keeps it on disk), then every
 * lookup is a map read, so glossing a quoted sentence costs a few dozen of them.
 */
import { ARTICLE_ONLY, withoutProclitics } from '../text/arabic-morphology.ts';
import type { BilingualDictionary } from '../text/dictionary.ts';
import { englishLemmaCandidates } from '../text/dictionary.ts';
import { sameNameSkeleton } from '../text/transliterate.ts';
import { writtenCapitalised } from './capitals.ts';
import { wordCount } from './word-frequency.ts';
import type { WordList } from './word-list.ts';

/** One English headword an Arabic form translates, with what ranks it among the others. */
export interface Sense {
  english: string;
  /** Where the Arabic form stands in the headword's translations: 0 is its first sense. */
  position: number;
  /** How many translations the headword has: common words have many senses. */
  senses: number;
}

/** Longest Arabic phrase (in words) looked up as one unit ("البيت الأبيض"). */
export const MAX_PHRASE_WORDS = 4;

export class ReverseDictionary {
  /** English chosen so far, per form (chosen on first lookup: most are never looked up). */
  private readonly chosen = new Map<string, string | undefined>();
  private readonly scored = new Map<string, ScoredSense[]>();
  /** lower-cased English headword -> the one-word Arabic forms it translates (built on first use). */
  private arabicByEnglish: Map<string, string> | undefined;

  private constructor(
    /**
     * normalised Arabic form (one word or a phrase) -> the headwords it translates, packed into one
     * string (packSenses) and unpacked on lookup: 51k forms of FreeDict as 89k small objects took
     * about 19 MB of the bot's heap, as strings about 5 MB, and a question looks up a few dozen.
     */
    private readonly senses: Map<string, string>,
    private readonly wordList: WordList | null,
  ) {}

  /** The forms and their senses, for a cache on disk (reverse-dictionary-cache.ts). */
  serialize(): SerializedReverseDictionary {
    return [...this.senses].flat();
  }

  /** A dictionary as serialize() wrote it; undefined when the data is not of that shape. */
  static deserialize(data: unknown, wordList: WordList | null = null): ReverseDictionary | undefined {
    if (!Array.isArray(data) || data.length % 2 !== 0) return undefined;
    const senses = new Map<string, string>();
    for (let i = 0; i < data.length; i += 2) {
      const arabic: unknown = data[i];
      const packed: unknown = data[i + 1];
      if (typeof arabic !== 'string' || typeof packed !== 'string' || !PACKED_SENSES.test(packed)) return undefined;
      senses.set(arabic, packed);
    }
    return new ReverseDictionary(senses, wordList);
  }

  /** Reads every entry of `dictionary` once. */
  static build(dictionary: BilingualDictionary, wordList: WordList | null = null): ReverseDictionary {
    // Packed as they are found (packSenses' format), not collected as objects first: the first
    // start of a bot builds this beside everything else it holds.
    const senses = new Map<string, string>();
    for (const { headword, translations } of dictionary.entries()) {
      if (!isUsableHeadword(headword)) continue;
      const lower = headword.toLowerCase();
      translations.forEach((arabic, position) => {
        if (arabic.split(' ').length > MAX_PHRASE_WORDS) return;
        const sense = packSenses([{ english: headword, position, senses: translations.length }]);
        const packed = senses.get(arabic);
        if (packed === undefined) senses.set(arabic, sense);
        else if (!`|${packed.toLowerCase()}`.includes(`|${lower}:`)) senses.set(arabic, `${packed}|${sense}`);
      });
    }
    return new ReverseDictionary(senses, wordList);
  }

  /** The senses of a form, in the entry order they were found in. */
  private sensesOf(arabic: string): Sense[] | undefined {
    const packed = this.senses.get(arabic);
    return packed === undefined ? undefined : unpackSenses(packed);
  }

  /** English of a normalised Arabic word or phrase exactly as the dictionary has it. */
  exact(arabic: string): string | undefined {
    if (this.chosen.has(arabic)) return this.chosen.get(arabic);
    const list = this.sensesOf(arabic);
    const english = list ? displayForm(bestSense(list).english, arabic, this.wordList) : undefined;
    this.chosen.set(arabic, english);
    return english;
  }

  /**
   * Headwords whose translation is exactly this normalised Arabic word, as the entries write them
   * ("يوري" -> ["Yuri"]): candidates for a name's spelling.
   */
  headwordsOf(arabic: string): readonly string[] {
    return (this.sensesOf(arabic) ?? []).map((sense) => sense.english);
  }

  /**
   * The one-word Arabic forms whose translations include this English headword (case-insensitive):
   * "houses" -> ["البيوت", …]. The index is built on the first call (one pass over every form).
   */
  formsTranslating(english: string): readonly string[] {
    if (!this.arabicByEnglish) {
      // Forms joined by spaces (one-word forms hold none) rather than an array each: this index
      // is built in the bot's process, and 60k small arrays would be most of its size.
      this.arabicByEnglish = new Map();
      for (const [arabic, packed] of this.senses) {
        if (arabic.includes(' ')) continue;
        for (const part of packed.split('|')) {
          const key = part.slice(0, part.indexOf(':')).toLowerCase();
          const forms = this.arabicByEnglish.get(key);
          this.arabicByEnglish.set(key, forms === undefined ? arabic : `${forms} ${arabic}`);
        }
      }
    }
    return this.arabicByEnglish.get(english.toLowerCase())?.split(' ') ?? [];
  }

  /**
   * Every headword this normalised Arabic word or phrase translates, each with its base score
   * (senseScores): what word-sense.ts weighs against the other readings of a word in context.
   */
  scoredSenses(arabic: string): readonly ScoredSense[] {
    let scored = this.scored.get(arabic);
    if (!scored) {
      const list = this.sensesOf(arabic) ?? [];
      scored = list.map((sense) => ({ ...sense, score: senseScore(sense, list) }));
      this.scored.set(arabic, scored);
    }
    return scored;
  }

  /** How a headword is shown for this Arabic form: "Moscow", "trade" (see displayForm). */
  display(headword: string, arabic: string): string {
    return displayForm(headword, arabic, this.wordList);
  }

  /** Number of Arabic forms known. */
  get size(): number {
    return this.senses.size;
  }
}

/** arabic, packed senses, arabic, packed senses, …: one flat array (the cache parses into one array and its strings). */
export type SerializedReverseDictionary = string[];

/**
 * "english:position:senses|english:position:senses": the separators cannot occur in a headword,
 * which is letters, spaces, hyphens, apostrophes and dots (isUsableHeadword).
 */
function packSenses(list: readonly Sense[]): string {
  return list.map((sense) => `${sense.english}:${sense.position}:${sense.senses}`).join('|');
}

const PACKED_SENSES = /^[^:|]+:\d+:\d+(?:\|[^:|]+:\d+:\d+)*$/;

function unpackSenses(packed: string): Sense[] {
  return packed.split('|').map((part) => {
    const [english, position, senses] = part.split(':');
    return { english: english!, position: Number(position), senses: Number(senses) };
  });
}

export interface ScoredSense extends Sense {
  /** Log-odds of this headword among the others of the same Arabic form (bestSense's score). */
  score: number;
}

/**
 * Letters, spaces and hyphens ("10th" and "A-" say little), or an abbreviation written with dots
 * ("U.S": the dictionary's only English for الولايات المتحدة).
 */
function isUsableHeadword(headword: string): boolean {
  return /^[A-Za-z][A-Za-z' -]*[A-Za-z]$/.test(headword) || /^(?:[A-Z]\.)+[A-Z]\.?$/.test(headword);
}

/**
 * The sense to show, as a noisy channel: the English word most likely to have been meant, times
 * the chance that its entry gives this Arabic form. How common the word is comes from SUBTLEX
 * (word-frequency.ts): "between" over "betwixt". A headword with many translations spreads over
 * them ("head" is also رأس), so "president" beats "head" for الرئيس. A later position in the
 * entry counts against it, and so does an inflection whose base form is also a candidate.
 */
function bestSense(list: Sense[]): Sense {
  let best = list[0]!;
  let bestScore = senseScore(best, list);
  for (const sense of list.slice(1)) {
    const value = senseScore(sense, list);
    if (value > bestScore || (value === bestScore && sense.english < best.english)) [best, bestScore] = [sense, value];
  }
  return best;
}

/** bestSense's score of one sense among the others of its Arabic form. */
function senseScore(sense: Sense, list: readonly Sense[]): number {
  const words = sense.english.split(' ');
  const commonness = Math.min(...words.map((word) => Math.log(1 + wordCount(word.replace(/\./g, '')))));
  const lower = sense.english.toLowerCase();
  const inflected = englishLemmaCandidates(sense.english)
    .slice(1)
    .some((base) => base !== lower && list.some((other) => other.english.toLowerCase() === base));
  return commonness - Math.log(sense.senses) - POSITION_COST * sense.position - (inflected ? INFLECTION_COST : 0) - PHRASE_COST * (words.length - 1);
}

/** Log-odds taken off a sense per place after the entry's first translation. */
const POSITION_COST = 0.5;
/** Log-odds taken off "cooperations" when "cooperation" is a candidate too. */
const INFLECTION_COST = 2;
/** Log-odds taken off a multi-word headword per word after the first. */
const PHRASE_COST = 1;

/**
 * FreeDict capitalises every headword. A word English writes with a capital keeps it (capitals.ts:
 * "Moscow", "China"); one neither the word list nor SUBTLEX knows keeps it when the Arabic is its
 * transliteration (a name: الكرملين); every other word is lower-cased ("Trade" -> "trade").
 */
function displayForm(headword: string, arabic: string, wordList: WordList | null): string {
  if (/^(?:[A-Z]\.)+[A-Z]\.?$/.test(headword)) return headword.endsWith('.') ? headword : `${headword}.`;
  const bare = withoutProclitics(arabic, ARTICLE_ONLY, 2);
  return headword
    .split(' ')
    .map((word) => {
      const lower = word.toLowerCase();
      const proper = writtenCapitalised(word, wordList) ?? (!arabic.includes(' ') && sameNameSkeleton(word, bare));
      return proper ? lower[0]!.toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

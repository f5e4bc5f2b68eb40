/**
 * Names of the articles in Latin script ("يوري أوشاكوف" -> "Yuri Ushakov"), learned from the
 * corpus and the dictionaries, never from a table of names. For each word of a name, in order:
 * 1. the articles' own Latin spelling: a capitalised Latin word of the corpus that the Arabic
 *    transliterates (text/transliterate.ts, the same test that lets "Ushakov" find أوشاكوف);
 * 2. a well-known spelling: a proper noun of the English word list or a headword of the
 *    English->Arabic dictionary whose Arabic is this word ("Vladimir" = فلاديمير), if English
 *    writes it with a capital (so the chemical "butene" never spells بوتين);
 * 3. the rule-based reading (romanize.ts).
 * Organisations and groups the dictionary translates keep their English ("the Kremlin", and
 * "the White House" with the noun English names it with: name-nouns.ts), and a Chinese name is
 * read in pinyin, its given name in one word ("Xi Jinping").
 */
import { englishLemmaCandidates } from '../text/dictionary.ts';
import { isArabicToken, normalizeText } from '../text/normalize.ts';
import { sameNameSkeleton } from '../text/transliterate.ts';
import type { ReverseDictionary } from './reverse-dictionary.ts';
import { capitalise, isPinyinSyllable, isSyllabicName, romanize } from './romanize.ts';
import { possibleFirstLetters, spellingDistance, spellingSimilarity } from './spelling-distance.ts';
import { writtenCapitalised } from './capitals.ts';
import type { EnglishPhrases } from './english-phrases.ts';
import { nameNoun } from './name-nouns.ts';
import { wordCount } from './word-frequency.ts';
import type { WordList } from './word-list.ts';

export interface LatinNameSources {
  dictionary: ReverseDictionary | null;
  wordList: WordList | null;
  /** Latin words of the corpus ("Thomson", "Reuters"): the articles' own spellings. */
  corpusWords: Iterable<string>;
  /** Phrases English has a name for ("white house"): which noun a translated name takes. */
  phrases?: EnglishPhrases | null;
}

export interface NameSpelling {
  /** The whole name in Latin script: "Yuri Ushakov", "the Kremlin", "Xi Jinping". */
  latin: string;
  /** One Latin form per Arabic word of the name (without "the"): ["Xi", "Jin", "ping"]. */
  parts: string[];
}

/**
 * How close (spellingSimilarity, 0-1) a well-known spelling must be to the rule's reading of the
 * Arabic: a near consonant and an unwritten vowel or two, not another name with the same consonants.
 */
export const MIN_SPELLING_SIMILARITY = 0.75;
/**
 * And at most this far in all (spelling-distance.ts costs), so a long name cannot drift into
 * another (Zhukov is 1.4 from the reading of أوشاكوف, Ushakov 0): a near consonant and two
 * vowels' worth, or one letter's and a little more for a word English uses (SUBTLEX knows it).
 */
export const MAX_SPELLING_DISTANCE = { rare: 0.8, common: 1.2 } as const;

export class LatinNames {
  private readonly cache = new Map<string, NameSpelling>();
  private readonly corpusWords: Map<string, string[]>;
  private properNouns: Map<string, string[]> | undefined;

  constructor(private readonly sources: LatinNameSources) {
    this.corpusWords = byInitial(sources.corpusWords);
  }

  /** The Latin form of a name as the articles write it (Arabic, one or more words). */
  spell(name: string): NameSpelling {
    const key = name.trim();
    let spelling = this.cache.get(key);
    if (!spelling) {
      spelling = this.spellUncached(key);
      this.cache.set(key, spelling);
    }
    return spelling;
  }

  /** "Yuri Ushakov (يوري أوشاكوف)": the Latin form with the Arabic, or the name alone when already Latin. */
  describe(name: string): string {
    const { latin } = this.spell(name);
    return latin === name ? name : `${latin} (${name})`;
  }

  private spellUncached(name: string): NameSpelling {
    const words = name.split(/\s+/).filter(Boolean);
    if (words.length === 0 || !words.some(isArabicToken)) return { latin: name, parts: words };
    const translated = this.translatedName(words);
    if (translated) return translated;
    if (isSyllabicName(words)) return this.pinyinName(words);
    const parts = words.map((word) => (isArabicToken(word) ? this.spellWord(word) : word));
    return { latin: parts.join(' '), parts };
  }

  /**
   * An organisation, place or group the dictionary translates: "الكرملين" -> "the Kremlin",
   * "موسكو" -> "Moscow", and a definite noun with its adjective in English order: "البيت الأبيض"
   * -> "the White House". Only proper nouns count for one word: يوري is "Yuri", but the dictionary
   * word for بوتين ("butene") is not a name.
   */
  private translatedName(words: string[]): NameSpelling | undefined {
    const dictionary = this.sources.dictionary;
    if (!dictionary) return undefined;
    const normalized = words.map((word) => normalizeText(word));
    const definite = normalized[0]!.startsWith('ال');
    const the = (english: string) => (definite && !/^the /i.test(english) ? `the ${english}` : english);
    const whole = dictionary.exact(normalized.join(' '));
    if (whole && (words.length > 1 || /^[A-Z]/.test(whole))) {
      const latin = titleCase(whole);
      return { latin: the(latin), parts: [latin] };
    }
    if (words.length === 2 && normalized.every((word) => word.startsWith('ال'))) {
      const [first, plural] = normalized.map((word) => dictionary.exact(word));
      if (first && plural && !/^[A-Z]/.test(first)) {
        // An adjective agrees in number in Arabic, not in English: "الروس" is "Russians", "the Russian officials".
        const singular = plural.endsWith('s') ? englishLemmaCandidates(plural).slice(1).find((base) => wordCount(base) > 0) : undefined;
        const adjective = singular ? (/^[A-Z]/.test(plural) ? capitalise(singular) : singular) : plural;
        // The noun English names the phrase with, where the dictionary's first word for it is another ("home").
        const phrases = this.sources.phrases;
        const noun = (phrases && nameNoun(normalized[0]!, adjective.toLowerCase(), first, dictionary, phrases)) ?? first;
        // A nationality before a common noun is a group ("Russian officials"); otherwise the
        // phrase is a name ("the White House").
        if (/^[A-Z]/.test(adjective)) return { latin: `${adjective} ${noun}`, parts: [noun, adjective] };
        const latin = titleCase(`${adjective} ${noun}`);
        return { latin: `the ${latin}`, parts: [titleCase(noun), titleCase(adjective)] };
      }
    }
    return undefined;
  }

  /** Pinyin syllables, the given name in one word: شي جين بينغ -> Xi Jinping. */
  private pinyinName(words: string[]): NameSpelling {
    const parts = words.map((word) => {
      // Arabic writes a final ng as نغ or نج: either spelling may be the dictionary's.
      const normalized = normalizeText(word);
      const twin = normalized.endsWith('نغ') ? `${normalized.slice(0, -1)}ج` : normalized.endsWith('نج') ? `${normalized.slice(0, -1)}غ` : normalized;
      const known = [normalized, twin].flatMap((form) => this.sources.dictionary?.headwordsOf(form) ?? []).find(isPinyinSyllable);
      return known ? capitalise(known.toLowerCase()) : romanize(word, { syllabic: true });
    });
    const [surname, ...given] = parts;
    const givenName = given.length > 1 ? capitalise(given.join('').toLowerCase()) : given[0]!;
    return { latin: `${surname} ${givenName}`, parts: [surname!, ...given.map((part, i) => (i === 0 ? part : part.toLowerCase()))] };
  }

  /** One word of a person's name: the corpus's spelling, a well-known one, or the rule's. */
  private spellWord(word: string): string {
    const normalized = normalizeText(word);
    const reading = romanize(word);
    const fromCorpus = bestSounding(startingLike(this.corpusWords, reading), word);
    if (fromCorpus) return fromCorpus;
    const known = [...startingLike(this.properNounIndex(), reading), ...this.dictionarySpellings(normalized)];
    return bestSounding(known, word) ?? reading;
  }

  /** Dictionary headwords translated by exactly this word that English writes as names. */
  private dictionarySpellings(normalized: string): string[] {
    const headwords = this.sources.dictionary?.headwordsOf(normalized) ?? [];
    const wordList = this.sources.wordList;
    return headwords.filter((headword) => /^[A-Za-z]+$/.test(headword) && writtenCapitalised(headword, wordList) === true).map((headword) => capitalise(headword.toLowerCase()));
  }

  /** The word list's capitalised words by first letter (built once). */
  private properNounIndex(): Map<string, string[]> {
    this.properNouns ??= byInitial(this.sources.wordList?.capitalisedWords() ?? []);
    return this.properNouns;
  }
}

/** Capitalised Latin words ("Putin") by their first letter, lower-cased. */
function byInitial(words: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const word of new Set(words)) {
    if (!/^[A-Z][a-z]+$/.test(word)) continue;
    const initial = word[0]!.toLowerCase();
    const list = index.get(initial);
    if (list) list.push(word);
    else index.set(initial, [word]);
  }
  return index;
}

/** The words that may spell the reading: a possible first letter, a length within four of it. */
function startingLike(index: Map<string, string[]>, reading: string): string[] {
  if (reading.length === 0) return [];
  return possibleFirstLetters(reading[0]!).flatMap((letter) => index.get(letter) ?? []).filter((word) => Math.abs(word.length - reading.length) <= 4);
}

/**
 * The candidate spelled most like the rule's reading of the Arabic word (spelling-distance.ts),
 * if any is close enough; among equally close ones, the more common in English ("Mark" over
 * "Marc", "Tucker" over "Tagore"). Candidates must have the word's consonants to begin with.
 */
function bestSounding(candidates: readonly string[], word: string): string | undefined {
  const normalized = normalizeText(word);
  const reading = romanize(word);
  let best: string | undefined;
  let bestScore = -1;
  for (const candidate of new Set(candidates)) {
    const count = wordCount(candidate);
    const limit = count > 0 ? MAX_SPELLING_DISTANCE.common : MAX_SPELLING_DISTANCE.rare;
    if (spellingDistance(candidate, reading) > limit) continue;
    const similarity = spellingSimilarity(candidate, reading);
    // The consonants last: the costliest test, for the few still in the running.
    if (similarity < MIN_SPELLING_SIMILARITY || !sameNameSkeleton(candidate, normalized)) continue;
    const score = similarity + COMMONNESS_WEIGHT * Math.log(1 + count);
    if (score > bestScore || (score === bestScore && best !== undefined && candidate < best)) [best, bestScore] = [candidate, score];
  }
  return best;
}

/** Weight of log(SUBTLEX count) against similarity: it decides near-ties only (Joe, 6,532 in SUBTLEX: +0.18). */
const COMMONNESS_WEIGHT = 0.02;

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word) => (word.length > 0 ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(' ');
}

/**
 * English for one corpus: its names in Latin script and the English of what it quotes. Built per
 * index, since names come from the articles (the speakers attribution found and the Latin words
 * they contain); the dictionary, the word list and the translator are the process's.
 */
import type { CorpusIndex } from '../index/corpus-index.ts';
import type { PassageEnglish } from '../search/answer.ts';
import type { SpeakerDirectory } from '../search/speakers/attribution.ts';
import { sameName } from '../search/speakers/speaker-registry.ts';
import { isArabicToken, normalizeText } from '../text/normalize.ts';
import { arabicSkeleton } from '../text/sound-classes.ts';
import type { SentenceSpan } from '../text/sentences.ts';
import { wordNetPhrases } from './english-phrases.ts';
import { glossParts, glossSentence, isKnownWord, type GlossPart, type GlossSources } from './gloss.ts';
import { LatinNames } from './latin-names.ts';
import { englishFigure } from './numbers.ts';
import type { ReverseDictionary } from './reverse-dictionary.ts';
import { glossTokens } from './tokens.ts';
import type { Translator } from './translation/translator.ts';
import type { WordList } from './word-list.ts';

/** What is shared by every corpus of a process. */
export interface EnglishResources {
  /** The dictionary read backwards, built on first use; null without a dictionary. */
  reverseDictionary: () => ReverseDictionary | null;
  wordList: WordList | null;
  /** A machine translation model, once loaded (null: glossed instead). Awaited by the first English asked for. */
  translator: () => Promise<Translator | null>;
  /** Told when the translator fails: that answer falls back to the gloss. */
  onTranslationFailure?: (error: Error) => void;
}

/** Latin words the corpus holds, for names it writes in both scripts (at least three letters). */
function corpusLatinWords(index: CorpusIndex): string[] {
  return [...index.vocabulary.keys()].filter((token) => /^[a-z]{3,}$/.test(token)).map((token) => token[0]!.toUpperCase() + token.slice(1));
}

/**
 * Glosses kept per sentence: answers quote the same passages again and again (a batch of 1,395
 * ARCD questions spent most of its time glossing them anew), and a gloss depends only on the
 * sentence and this index. The oldest is dropped past this many.
 */
const GLOSS_CACHE_SENTENCES = 20_000;

export class CorpusEnglish {
  private names: LatinNames | undefined;
  private phrases: Map<string, string> | undefined;
  private readonly glosses = new Map<string, string>();

  constructor(
    private readonly index: CorpusIndex,
    private readonly speakers: () => SpeakerDirectory,
    private readonly resources: EnglishResources,
  ) {}

  /**
   * A name of the articles in Latin script: "يوري أوشاكوف" -> "Yuri Ushakov". A short form or
   * another spelling of a quoted speaker's name is spelled as in the full name (شي -> Xi).
   */
  latin(name: string): string {
    const normalized = name.trim().split(/\s+/).map((word) => normalizeText(word)).join(' ');
    return this.namePhrases().get(normalized) ?? this.latinNames().spell(name).latin;
  }

  /** "Yuri Ushakov (يوري أوشاكوف)": both forms, for headers and lists a reader may type from. */
  describe(name: string): string {
    const latin = this.latin(name);
    return latin === name ? name : `${latin} (${name})`;
  }

  /** A word-by-word gloss of one sentence (or any Arabic text): see gloss.ts. */
  gloss(text: string): string {
    const known = this.glosses.get(text);
    if (known !== undefined) return known;
    const gloss = glossSentence(text, this.glossSources());
    if (this.glosses.size >= GLOSS_CACHE_SENTENCES) this.glosses.delete(this.glosses.keys().next().value!);
    this.glosses.set(text, gloss);
    return gloss;
  }

  /** The same gloss piece by piece, each with the tokens it stands for (for measuring it). */
  glossParts(text: string): GlossPart[] {
    return glossParts(text, this.glossSources());
  }

  /** A figure of a briefing in English ("123 مليار دولار" -> "$123 billion"), or its gloss. */
  figure(figure: string): string {
    return englishFigure(glossTokens(figure)) ?? this.gloss(figure);
  }

  /** The passages with the English of their quoted sentences. */
  async withEnglish<T extends QuotedPassage>(passages: T[]): Promise<(T & { english: PassageEnglish })[]> {
    const quoted = passages.map((passage) => quotedSentences(passage));
    const translations = await this.translate(quoted.flat());
    let next = 0;
    return passages.map((passage, i) => {
      const sentences = quoted[i]!;
      const translated = sentences.map(() => translations?.[next++]);
      const english: PassageEnglish = translated.every((text) => typeof text === 'string')
        ? { kind: 'translation', text: translated.join(' … ') }
        : { kind: 'gloss', text: sentences.map((sentence) => this.gloss(sentence)).join(' … ') };
      return { ...passage, english };
    });
  }

  /** Machine translations of the sentences, or undefined (no model, or it failed: the gloss is used). */
  private async translate(sentences: string[]): Promise<(string | null)[] | undefined> {
    if (sentences.length === 0) return undefined;
    try {
      const translator = await this.resources.translator();
      if (!translator) return undefined;
      return await translator.translate(sentences);
    } catch (error) {
      this.resources.onTranslationFailure?.(error as Error);
      return undefined;
    }
  }

  private latinNames(): LatinNames {
    this.names ??= new LatinNames({
      dictionary: this.resources.reverseDictionary(),
      wordList: this.resources.wordList,
      corpusWords: corpusLatinWords(this.index),
      phrases: wordNetPhrases,
    });
    return this.names;
  }

  private namePhrases(): Map<string, string> {
    const dictionary = this.resources.reverseDictionary();
    const isWord = (token: string) => dictionary !== null && isKnownWord({ kind: 'word', text: token, normalized: token, spaced: true }, dictionary);
    this.phrases ??= namePhrases(this.speakers(), this.latinNames(), this.index.vocabulary.keys(), isWord);
    return this.phrases;
  }

  private glossSources(): GlossSources {
    return { dictionary: this.resources.reverseDictionary(), names: this.namePhrases() };
  }
}

/** What English is given for: a passage's text and the sentences an answer quotes from it (an AnswerPassage, src/search/answer.ts). */
export interface QuotedPassage {
  text: string;
  quotes: SentenceSpan[];
}

/** The quoted sentences of a passage, verbatim (the whole passage when nothing in it is marked). */
function quotedSentences(passage: QuotedPassage): string[] {
  const spans: SentenceSpan[] = passage.quotes.length > 0 ? passage.quotes : [{ start: 0, end: passage.text.length }];
  return spans.map((span) => passage.text.slice(span.start, span.end).trim()).filter(Boolean);
}

/**
 * Every way the articles write the name of someone they quote, normalised, with its Latin form:
 * each quoted speaker's full name, its words alone, the other spellings attribution merged into it,
 * and the corpus's other spellings of a name word (بوتن is Putin too: the same consonants, three
 * or more, about as long, and not a word the dictionary knows). Only quoted speakers:
 * attribution's other name words also catch common words ("سيقاطعون"), which a gloss must not
 * spell as names. A name read by rule with its article ("al-Bit al-Abid") is an organisation the
 * dictionary could not translate: it stays Arabic.
 */
export function namePhrases(directory: SpeakerDirectory, names: LatinNames, vocabulary: Iterable<string> = [], isWord: (token: string) => boolean = () => false): Map<string, string> {
  const phrases = new Map<string, string>();
  const add = (phrase: string, latin: string) => {
    if (phrase && latin && !phrases.has(phrase)) phrases.set(phrase, latin);
  };
  const speakers = directory.speakers.filter((speaker) => speaker.quotes.length > 0).sort((a, b) => b.quotes.length - a.quotes.length);
  for (const speaker of speakers) {
    const words = speaker.name.split(/\s+/).filter(Boolean);
    const normalized = words.map((word) => normalizeText(word));
    const spelling = names.spell(speaker.name);
    if (/(^|\s)al-/.test(spelling.latin)) continue;
    add(normalized.join(' '), spelling.latin);
    // A translated name ("the White House") has no word-by-word Latin form.
    if (spelling.parts.length !== words.length) continue;
    if (words.length === 3) add(normalized.slice(1).join(' '), spelling.latin.split(' ').slice(1).join(' '));
    normalized.forEach((word, i) => add(word, spelling.parts[i]!));
    for (const token of speaker.tokens) {
      const same = normalized.findIndex((word) => sameName(token, word));
      if (same >= 0) add(token, spelling.parts[same]!);
    }
  }
  // Other spellings of single name words, by consonant skeleton.
  const bySkeleton = new Map<string, { word: string; latin: string }>();
  for (const [phrase, latin] of phrases) {
    const skeleton = arabicSkeleton(phrase);
    if (!phrase.includes(' ') && skeleton.length >= 3 && !bySkeleton.has(skeleton)) bySkeleton.set(skeleton, { word: phrase, latin });
  }
  if (bySkeleton.size > 0) {
    for (const token of vocabulary) {
      if (phrases.has(token) || !isArabicToken(token)) continue;
      const same = bySkeleton.get(arabicSkeleton(token));
      if (same && Math.abs(same.word.length - token.length) <= 1 && !isWord(token)) add(token, same.latin);
    }
  }
  return phrases;
}

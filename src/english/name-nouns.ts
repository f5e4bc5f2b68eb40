/**
 * The English noun of a translated name ("البيت الأبيض"): among every English word the dictionary
 * gives the Arabic noun, in the singular or the plural, the one that makes with the adjective a
 * phrase English has a name for (english-phrases.ts). FreeDict's only singular for البيت is "home";
 * its plural البيوت is "homes" and "houses", so "house" is a candidate too, and "white house" is an
 * English noun where "white home" is not: the White House. Of the 2,909 pairs of a definite noun
 * and a definite word after it in seeds/, ARCD and XQuAD-dev (773 of them translated as names),
 * the rule changed three, each to its English name (the White House, the Swiss Confederation, the
 * Protestant Reformation), and of the 70 speakers attribution finds there, one (البيت الأبيض).
 */
import { englishLemmaCandidates } from '../text/dictionary.ts';
import type { EnglishPhrases } from './english-phrases.ts';
import type { ReverseDictionary } from './reverse-dictionary.ts';
import { wordCount } from './word-frequency.ts';

/**
 * The noun to name the phrase with, in the number of `current` (the dictionary's choice), when
 * exactly one candidate makes an English phrase with `adjective` and it is not `current`;
 * otherwise undefined (keep `current`).
 */
export function nameNoun(arabicNoun: string, adjective: string, current: string, dictionary: ReverseDictionary, phrases: EnglishPhrases): string | undefined {
  const named = nounCandidates(arabicNoun, dictionary).filter((noun) => phrases.has(`${adjective} ${noun}`));
  const singular = singularOf(current);
  if (named.length !== 1 || named[0] === singular) return undefined;
  const noun = named[0]!;
  if (singular === current.toLowerCase()) return noun;
  return pluralsOf(noun).find((plural) => wordCount(plural) > 0);
}

/**
 * The English nouns (singular, lower-case) of an Arabic noun and of its other number: "البيت" ->
 * home, house, abode, … (البيوت is "homes", the plural of البيت's "home", and also "houses").
 */
export function nounCandidates(arabicNoun: string, dictionary: ReverseDictionary): string[] {
  const forms = [arabicNoun, ...otherNumber(arabicNoun, dictionary)];
  const nouns = new Set<string>();
  for (const form of forms) {
    for (const english of dictionary.headwordsOf(form)) if (/^[A-Za-z]+$/.test(english)) nouns.add(singularOf(english));
  }
  return [...nouns];
}

/**
 * The Arabic forms that translate the plural (or the singular) of one of this form's English
 * words and are written with the same consonants: the same noun in the other number (البيت,
 * البيوت; المجلس, المجالس), not a synonym that happens to share a plural (الحالة "states" and
 * الولايات "states" are other words).
 */
function otherNumber(arabic: string, dictionary: ReverseDictionary): string[] {
  const definite = arabic.startsWith('ال');
  const consonants = consonantsOf(arabic);
  const forms = new Set<string>();
  for (const english of dictionary.headwordsOf(arabic)) {
    const word = english.toLowerCase();
    for (const other of [...pluralsOf(word), singularOf(word)]) {
      if (other === word) continue;
      for (const form of dictionary.formsTranslating(other)) {
        if (form !== arabic && form.startsWith('ال') === definite && consonantsOf(form) === consonants) forms.add(form);
      }
    }
  }
  return [...forms];
}

/**
 * The consonants of a normalised noun: without ال, a sound plural or feminine ending and the long
 * vowels and hamza seats a broken plural moves (بيوت and بيت are both "بت", الاعمال and العمل "عمل").
 */
function consonantsOf(arabic: string): string {
  return arabic
    .replace(/^ال/, '')
    .replace(/(?:ات|ون|ين|ه)$/, '')
    .replace(/[اويىءئؤآأإ]/g, '');
}

/** Regular English plurals of a word ("house" -> houses, housees; "city" -> cities). */
function pluralsOf(word: string): string[] {
  const lower = word.toLowerCase();
  return [`${lower}s`, `${lower}es`, ...(lower.endsWith('y') ? [`${lower.slice(0, -1)}ies`] : [])];
}

/** The singular of a regular English plural English uses ("houses" -> house), else the word itself, lower-cased. */
function singularOf(word: string): string {
  const lower = word.toLowerCase();
  return englishLemmaCandidates(lower).slice(1).find((base) => pluralsOf(base).includes(lower) && wordCount(base) > 0) ?? lower;
}

import type { SpeakerDirectory } from './attribution.ts';
import { withoutArticle } from './name-phrase.ts';
import { sameName, type Speaker } from './speaker-registry.ts';
import { nameWords, type NameWord } from './name-words.ts';
import type { CrossLingualLexicon } from '../query.ts';
import type { SpeakerSettings } from '../../settings.ts';
import { isArabicToken } from '../../text/normalize.ts';
import { stemToken } from '../../text/terms.ts';

/**
 * The speakers a name or a role from a question refers to, on strong evidence only. A word of
 * the phrase matches a speaker when it is one of their name words as written, with the same
 * whole consonant skeleton, or a dictionary rendering of it ("Kremlin" -> الكرملين); a short
 * form ("أوشاكوف") reaches the full name the articles tie it to. A role word matches the titles
 * and appositions the articles give the speaker ("the Chinese president" -> الرئيس الصيني شي,
 * "Putin's foreign policy adviser" -> مستشار بوتين للسياسة الخارجية يوري أوشاكوف).
 * Every word that reaches the articles at all must match: a near match is never enough
 * ("Biden" finds no one rather than بوتين), and "the French president" is nobody here. Names
 * weigh more than roles; the best-matching speakers win.
 */
export function findSpeakers(directory: SpeakerDirectory, name: string, lexicon: CrossLingualLexicon, match: SpeakerSettings): Speaker[] {
  return speakersNamed(directory, nameWords(name, lexicon), match);
}

/** A name in Latin script of one of the articles' names ("يوري أوشاكوف" -> "Yuri Ushakov"), given by the caller. */
export type LatinNameOf = (name: string) => string;

/**
 * The speakers whose Latin form (src/english/latin-names.ts, passed in by the engine) is the typed
 * phrase, whole: "the White House" is البيت الأبيض though the dictionary's words for it are المنزل
 * and الأبيض, and every name the bot prints in Latin script is one a reader can type back. Case,
 * a leading "the" and a possessive "'s" aside; a word of the name alone goes through findSpeakers.
 */
export function speakersByLatinName(directory: SpeakerDirectory, phrase: string, latinName: LatinNameOf | undefined): Speaker[] {
  const key = latinKey(phrase);
  if (!latinName || key === '' || phrase.split(/\s+/).some(isArabicToken)) return [];
  return directory.speakers.filter((speaker) => speaker.quotes.length > 0 && latinKey(latinName(speaker.name)) === key);
}

function latinKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']s?\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/** A name word counts `match.nameMatchWeight`, a role word `match.roleMatchWeight` (settings.speakers). */
export function speakersNamed(directory: SpeakerDirectory, words: NameWord[], match: SpeakerSettings): Speaker[] {
  const reaching = words.filter((word) => word.spellings.length > 0 || word.translations.length > 0);
  // A name the articles do not hold ("the French president") is nobody they quote.
  if (reaching.length === 0 || words.some((word) => word.isName && !reaching.includes(word))) return [];
  let best: Speaker[] = [];
  let bestScore = 0;
  for (const speaker of directory.speakers) {
    if (speaker.quotes.length === 0) continue;
    let score = 0;
    for (const word of reaching) {
      const counted = names(word, speaker) ? match.nameMatchWeight : describes(word, speaker) ? match.roleMatchWeight : 0;
      if (counted === 0) {
        score = 0;
        break;
      }
      score += counted;
    }
    if (score === 0) continue;
    if (score > bestScore) [best, bestScore] = [[speaker], score];
    else if (score === bestScore) best.push(speaker);
  }
  return best;
}

function names(word: NameWord, speaker: Speaker): boolean {
  const tokens = [...speaker.tokens];
  const spelled = word.spellings.some((spelling) => spelling.split(' ').some((piece) => tokens.some((token) => sameName(piece, token))));
  return spelled || word.translations.some((translation) => speaker.tokens.has(translation));
}

/**
 * Titles compare by stem (the dictionary may give another form: "الصينيون" for صيني); a Latin
 * word's transliterations only as written, for names inside titles ("مستشار بوتين"): "Russian"
 * sounds like الرئيسان but means الروسي.
 */
function describes(word: NameWord, speaker: Speaker): boolean {
  const titles = new Set([...speaker.descriptions].map(stemToken));
  const meanings = isArabicToken(word.word) ? word.spellings : word.translations;
  if (meanings.some((form) => form.split(' ').some((piece) => titles.has(stemToken(withoutArticle(piece)))))) return true;
  return word.spellings.some((form) => form.split(' ').some((piece) => speaker.descriptions.has(piece)));
}

/** Speakers for autocomplete: most quoted first. */
export function listSpeakers(directory: SpeakerDirectory): { name: string; quotes: number }[] {
  return directory.speakers
    .filter((speaker) => speaker.quotes.length > 0)
    .map((speaker) => ({ name: speaker.name, quotes: speaker.quotes.length }))
    .sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name));
}

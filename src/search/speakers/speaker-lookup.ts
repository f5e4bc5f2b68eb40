import { isArabicToken, normalizeText, tokenize } from '../../text/normalize.ts';
import { isStopword } from '../../text/terms.ts';
import { arabicSkeleton } from '../../text/transliterate.ts';
import type { Speaker, SpeakerDirectory } from './attribution.ts';
import type { CrossLingualLexicon } from '../query.ts';

/** Arabic prefixes a name may carry in running text ("وبوتين", "لبوتين"). */
const NAME_PREFIXES = ['و', 'ف', 'ب', 'ل', 'وب', 'ول'];

/**
 * The speakers a name from a question refers to: every word of the name is brought into Arabic
 * (as written, transliterated against the corpus, or translated), and the speakers sharing the
 * most of those words win. "Xi Jinping", "شي" and "xi" all find "شي جين بينج".
 */
export function findSpeakers(directory: SpeakerDirectory, name: string, lexicon: CrossLingualLexicon): Speaker[] {
  const words = tokenize(normalizeText(name)).filter((token) => !isStopword(token));
  if (words.length === 0) return [];
  const candidatesPerWord = words.map((word) => {
    const forms = isArabicToken(word)
      ? [word, ...NAME_PREFIXES.filter((p) => word.startsWith(p) && word.length - p.length >= 3).map((p) => word.slice(p.length))]
      : [...lexicon.matchName(word), ...lexicon.translate(word).flatMap((phrase) => phrase.split(' '))];
    return new Set(forms.flatMap((form) => [form, ...longSkeleton(form)]));
  });

  let best: Speaker[] = [];
  let bestScore = 0;
  for (const speaker of directory.speakers) {
    if (speaker.quotes.length === 0) continue;
    const theirs = new Set([...speaker.tokens].flatMap((token) => [token, ...longSkeleton(token)]));
    const score = candidatesPerWord.filter((candidates) => [...candidates].some((c) => theirs.has(c))).length;
    if (score > bestScore) [best, bestScore] = [[speaker], score];
    else if (score === bestScore && score > 0) best.push(speaker);
  }
  return best;
}

/** A consonant skeleton worth comparing: short ones ("ش" for شي) collide with unrelated words. */
function longSkeleton(token: string): string[] {
  const skeleton = arabicSkeleton(token);
  return skeleton.length >= 2 ? ['~' + skeleton] : [];
}

/** Speakers for autocomplete: most quoted first. */
export function listSpeakers(directory: SpeakerDirectory): { name: string; quotes: number }[] {
  return directory.speakers
    .filter((speaker) => speaker.quotes.length > 0)
    .map((speaker) => ({ name: speaker.name, quotes: speaker.quotes.length }))
    .sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name));
}

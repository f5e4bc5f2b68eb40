import { sameName, type Speaker, type SpeakerDirectory } from './attribution.ts';
import { nameWords, type NameWord } from './name-words.ts';
import type { CrossLingualLexicon } from '../query.ts';

/**
 * The speakers a name from a question refers to, on strong evidence only: a word of the name
 * is one of the speaker's name words as written, with the same whole consonant skeleton, or
 * a dictionary rendering of it ("Kremlin" -> الكرملين); a short form ("أوشاكوف") reaches the
 * full name the articles tie it to ("يوري أوشاكوف"). A near match is never enough: "Biden"
 * finds no one rather than بوتين. Speakers sharing the most words of the name win, and one
 * whose words belong to another speaker is out ("Xi Putin" is nobody).
 */
export function findSpeakers(directory: SpeakerDirectory, name: string, lexicon: CrossLingualLexicon): Speaker[] {
  return speakersNamed(directory, nameWords(name, lexicon));
}

export function speakersNamed(directory: SpeakerDirectory, words: NameWord[]): Speaker[] {
  if (words.length === 0) return [];
  const quoted = directory.speakers.filter((speaker) => speaker.quotes.length > 0);
  const matches = quoted.map((speaker) => words.map((word) => names(word, speaker)));
  let best: Speaker[] = [];
  let bestScore = 0;
  quoted.forEach((speaker, i) => {
    const mine = matches[i]!;
    const someoneElses = words.some((_, w) => !mine[w] && matches.some((theirs, j) => j !== i && theirs[w]));
    const score = mine.filter(Boolean).length;
    if (someoneElses || score === 0) return;
    if (score > bestScore) [best, bestScore] = [[speaker], score];
    else if (score === bestScore) best.push(speaker);
  });
  return best;
}

function names(word: NameWord, speaker: Speaker): boolean {
  const tokens = [...speaker.tokens];
  const spelled = word.spellings.some((spelling) => spelling.split(' ').some((piece) => tokens.some((token) => sameName(piece, token))));
  return spelled || word.translations.some((translation) => speaker.tokens.has(translation));
}

/** Speakers for autocomplete: most quoted first. */
export function listSpeakers(directory: SpeakerDirectory): { name: string; quotes: number }[] {
  return directory.speakers
    .filter((speaker) => speaker.quotes.length > 0)
    .map((speaker) => ({ name: speaker.name, quotes: speaker.quotes.length }))
    .sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name));
}

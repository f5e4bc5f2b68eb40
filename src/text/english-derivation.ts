/**
 * Derivationally related English words ("dependent" -> "depend", "dependence"), so a question
 * phrased with one part of speech can reach an article that uses another ("Russia's dependence
 * on China" for "has Russia become dependent"). Candidates only: the dictionary decides which
 * exist. Inflections (plural, -ed, -ing) are handled by the dictionary's own lemma candidates.
 */
const SWAPS: [from: string, to: string[]][] = [
  ['ency', ['ent', 'ence']],
  ['ancy', ['ant', 'ance']],
  ['ence', ['ent', '']],
  ['ance', ['ant', '']],
  ['ent', ['ence', '']],
  ['ant', ['ance', '']],
  ['ment', ['']],
  ['ation', ['ate', 'e', '']],
  ['ition', ['e', '']],
  ['ion', ['e', '']],
  ['ive', ['ion', 'e', '']],
  ['al', ['']],
  ['ly', ['']],
  ['ity', ['e', '']],
  ['ness', ['']],
];

const MIN_STEM = 3;

export function relatedEnglishForms(word: string): string[] {
  const lower = word.toLowerCase();
  // Only the longest suffix the word ends in is a suffix of it: "station" ends in -ation after a
  // two-letter stem, so it is no derivation at all, and reading its -ion ("state") would be wrong.
  const swap = SWAPS.filter(([suffix]) => lower.endsWith(suffix)).sort((a, b) => b[0].length - a[0].length)[0];
  if (!swap || lower.length - swap[0].length < MIN_STEM) return [];
  const stem = lower.slice(0, -swap[0].length);
  const forms = new Set(swap[1].map((replacement) => stem + replacement));
  forms.delete(lower);
  return [...forms];
}

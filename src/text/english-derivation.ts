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
  ['ation', ['e', '']],
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
  const forms = new Set<string>();
  for (const [suffix, replacements] of SWAPS) {
    if (!lower.endsWith(suffix) || lower.length - suffix.length < MIN_STEM) continue;
    const stem = lower.slice(0, -suffix.length);
    for (const replacement of replacements) forms.add(stem + replacement);
  }
  forms.delete(lower);
  return [...forms];
}

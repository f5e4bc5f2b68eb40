import type { PassageEnglish } from '../../search/answer.ts';
import { englishLabel } from '../../english/gloss.ts';
import { escapeText } from './escape.ts';
import { truncate } from './limits.ts';

/** English shown with one passage on a page: past this it is cut (the gloss of a long quote is long). */
export const ENGLISH_BUDGET = 1000;

/**
 * "🇬🇧 *word-by-word gloss:* …" or "🇬🇧 *machine translation:* …": the label says which it is. The
 * text comes from the articles (unknown words stay Arabic), so it is escaped like them.
 */
export function englishLine(english: PassageEnglish, budget = ENGLISH_BUDGET): string {
  return `🇬🇧 *${englishLabel(english.kind)}:* ${escapeText(truncate(english.text, budget))}`;
}

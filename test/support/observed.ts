/**
 * A value as an assertion message shows it: what the test observed, shortened so a failure stays
 * readable (strings quoted, errors with their message, sets and maps with their entries).
 */
import { inspect } from 'node:util';

export function observed(value: unknown, maxChars = 1500): string {
  const text = inspect(value, { depth: 3, breakLength: Infinity, maxArrayLength: 30, maxStringLength: 500 });
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

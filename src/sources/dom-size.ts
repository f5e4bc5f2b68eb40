import type { ParseLimits } from './parse-limits.ts';

/** The part of a DOM element the walk reads: linkedom's and the browser's both fit. */
interface ElementLike {
  children: ArrayLike<ElementLike>;
}

/** Opening tags in markup: a cheap upper bound on its elements, counted before anything is parsed. */
export function countOpeningTags(markup: string): number {
  let count = 0;
  for (const _ of markup.matchAll(/<[a-z]/gi)) count++;
  return count;
}

/** Why markup has too many elements to read, before it is parsed; undefined when it is within the limit. */
export function markupSizeProblem(markup: string, limits: Pick<ParseLimits, 'maxElements'>): string | undefined {
  const tags = countOpeningTags(markup);
  return tags > limits.maxElements ? `it has ${tags.toLocaleString('en')} elements, more than the ${limits.maxElements.toLocaleString('en')} an article page is read with` : undefined;
}

/**
 * Why a parsed tree is too deep (or too large) to hand to Readability, or undefined. The walk
 * keeps its own stack, so a tree 20,000 levels deep is measured without overflowing the call stack.
 */
export function domSizeProblem(root: ElementLike, limits: Pick<ParseLimits, 'maxElements' | 'maxDepth'>): string | undefined {
  const stack: [ElementLike, number][] = [[root, 0]];
  let elements = 0;
  while (stack.length > 0) {
    const [element, depth] = stack.pop()!;
    if (depth > limits.maxDepth) return `its elements are nested more than ${limits.maxDepth} levels deep (a page built to stall readers)`;
    if (++elements > limits.maxElements) return `it has more than ${limits.maxElements.toLocaleString('en')} elements`;
    const { children } = element;
    for (let i = 0; i < children.length; i++) stack.push([children[i]!, depth + 1]);
  }
  return undefined;
}

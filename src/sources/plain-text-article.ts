import { parseHTML } from 'linkedom';
import { readFrontMatter, type ArticleMetadata } from '../corpus/front-matter.ts';
import { domSizeProblem, markupSizeProblem } from './dom-size.ts';
import { defaultParseLimits, type ParseLimits } from './parse-limits.ts';
import { cleanParagraph, paragraphsOf } from './paragraphs.ts';

const MARKUP = /<\/?[a-z!][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

/**
 * A .txt or .md file as an article: each non-empty line a paragraph, the first one the headline
 * (or the title of a front matter). Markdown syntax and any HTML in a line are reduced to their
 * text; markup too large or too deeply nested to read safely is refused with the reason.
 */
export function plainTextArticle(
  text: string,
  markdown: boolean,
  limits: Pick<ParseLimits, 'maxElements' | 'maxDepth'> = defaultParseLimits,
): { metadata: ArticleMetadata; paragraphs: string[] } | { reason: string } {
  const tooMany = markupSizeProblem(text, limits);
  if (tooMany) return { reason: tooMany };
  const lines = text.split(/\r\n|\r|\n/);
  const frontMatter = markdown ? readFrontMatter(lines) : { metadata: {}, lineCount: 0 };
  const paragraphs: string[] = [];
  for (const line of lines.slice(frontMatter.lineCount)) {
    const plain = markdown ? stripMarkdown(line) : line;
    if (!MARKUP.test(plain)) {
      paragraphs.push(cleanParagraph(plain));
      continue;
    }
    const { body } = parseHTML(`<html><body><p>${plain}</p></body></html>`).document;
    const problem = domSizeProblem(body, limits);
    if (problem) return { reason: problem };
    paragraphs.push(...paragraphsOf(body));
  }
  const kept = paragraphs.filter(Boolean);
  if (kept.length === 0) return { reason: 'it holds no text' };
  return { metadata: frontMatter.metadata, paragraphs: kept };
}

function stripMarkdown(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '');
}

import { parseHTML } from 'linkedom';
import { readFrontMatter, type ArticleMetadata } from '../corpus/front-matter.ts';
import { cleanParagraph, paragraphsOf } from './paragraphs.ts';

const MARKUP = /<\/?[a-z!][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

/**
 * A .txt or .md file as an article: each non-empty line a paragraph, the first one the headline
 * (or the title of a front matter). Markdown syntax and any HTML in a line are reduced to their text.
 */
export function plainTextArticle(text: string, markdown: boolean): { metadata: ArticleMetadata; paragraphs: string[] } | { reason: string } {
  const lines = text.split(/\r\n|\r|\n/);
  const frontMatter = markdown ? readFrontMatter(lines) : { metadata: {}, lineCount: 0 };
  const paragraphs = lines.slice(frontMatter.lineCount).flatMap((line) => {
    const plain = markdown ? stripMarkdown(line) : line;
    return MARKUP.test(plain) ? paragraphsOf(parseHTML(`<html><body><p>${plain}</p></body></html>`).document.body) : [cleanParagraph(plain)];
  }).filter(Boolean);
  if (paragraphs.length === 0) return { reason: 'it holds no text' };
  return { metadata: frontMatter.metadata, paragraphs };
}

function stripMarkdown(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '');
}

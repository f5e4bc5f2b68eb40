/**
 * The masked links Discord would render in a piece of markdown, found the way its parser (a fork
 * of simple-markdown) reads them: at each position an escape (`\x`) is taken first, then the link
 * rule below. Used to check that nothing the bot posts carries a link it did not make itself.
 */
const LINK = /^\[((?:\[[^\]]*\]|[^[\]]|\](?=[^[]*\]))*)\]\(\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['"]([\s\S]*?)['"])?\s*\)/;

export function maskedLinks(markdown: string): { text: string; url: string }[] {
  const links: { text: string; url: string }[] = [];
  for (let i = 0; i < markdown.length; ) {
    if (markdown[i] === '\\') {
      i += 2;
      continue;
    }
    const match = markdown[i] === '[' ? LINK.exec(markdown.slice(i)) : null;
    if (match) {
      links.push({ text: match[1]!, url: match[2]! });
      i += match[0].length;
      continue;
    }
    i++;
  }
  return links;
}

/** Markdown as Discord shows it as far as escapes go: `\(` reads `(`, `\\` reads `\`. */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([^0-9A-Za-z\s])/g, '$1');
}

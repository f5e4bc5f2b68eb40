import { httpUrl } from '../../corpus/metadata-fields.ts';
import { escapeText } from './escape.ts';

/**
 * A link the bot may post (in a masked link or as an embed's url): only a URL that parses as
 * http(s), without credentials, in the URL parser's spelling; anything else (`javascript:`,
 * `data:`, a relative path, text) gives undefined and is shown as no link at all.
 */
export function postableUrl(url: string | undefined): string | undefined {
  return httpUrl(url);
}

/**
 * `[text](url)` for Discord, or undefined when the url is not postable. The url is
 * percent-encoded where Markdown would end it; square brackets in the text are shown as their
 * full-width forms ［ ］ (Discord's link parser reads even escaped ones as structure, so a title
 * could otherwise close the link and open another), and the rest of the text is escaped.
 */
export function maskedLink(text: string, url: string | undefined): string | undefined {
  const href = postableUrl(url);
  if (!href) return undefined;
  const target = href.replace(/[()<>\s\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeText(text.replace(/\[/g, '［').replace(/\]/g, '］'))}](${target})`;
}

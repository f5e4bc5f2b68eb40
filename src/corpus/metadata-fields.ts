/**
 * The fields of an article's metadata as they may be stored and shown: every value comes from a
 * page, a feed, an attachment or a hand-written front matter, so each is checked for what it claims
 * to be. A value that fails is dropped (the article keeps its text; only the field is lost).
 */

/** Longest title or outlet name kept, in characters: longer is not a headline. */
export const MAX_FIELD_LENGTH = 500;

/** A date as ISO 8601, or undefined when it does not parse as one (`../../../x` is not a date). */
export function isoDate(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  // A date names its year in four digits. Without this, Date.parse's legacy fallback reads a bare
  // number as a month or a year ("12" -> 2001-12-01, "0" -> 2000-01-01): an invented date cited in answers.
  if (!/\d{4}/.test(text)) return undefined;
  const time = Date.parse(text.trim());
  if (Number.isNaN(time)) return undefined;
  const date = new Date(time);
  // Years outside 0000-9999 print as +012345-…, which is no file name date and no reader's date.
  return date.getUTCFullYear() >= 0 && date.getUTCFullYear() <= 9999 ? date.toISOString() : undefined;
}

/**
 * A link as a citation may carry it: parsed by the URL parser, http or https only, no user name or
 * password; the parser's own spelling is returned. `javascript:`, `data:`, `file:` and text that is
 * no URL give undefined.
 */
export function httpUrl(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || !url.hostname) return undefined;
  return url.href;
}

/**
 * One line of display text: control characters, line breaks and runs of white space folded to one
 * space, and bidi embedding, override and isolate controls removed (a title must not reverse how
 * the citation around it reads); cut at `max`.
 */
export function singleLine(text: string | null | undefined, max = MAX_FIELD_LENGTH): string | undefined {
  if (!text) return undefined;
  const line = text
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line ? line.slice(0, max).trim() : undefined;
}

import { httpUrl, isoDate, singleLine } from './metadata-fields.ts';

/** Where a saved article came from: what answers cite next to its file and lines. */
export interface ArticleMetadata {
  title?: string;
  /** The original article's address. */
  url?: string;
  /** The publication (site name, or the host when the page names none). */
  outlet?: string;
  /** When the outlet published it (ISO 8601), when known. */
  published?: string;
  /** When it was fetched into the corpus (ISO 8601). */
  fetched?: string;
}

const FIELDS = ['title', 'url', 'outlet', 'published', 'fetched'] as const;
const FENCE = '---';
/** A front matter longer than this is not ours: the file is read as plain text. */
const MAX_FRONT_MATTER_LINES = 40;

export interface FrontMatter {
  metadata: ArticleMetadata;
  /** Lines the front matter occupies, fences included (0 when there is none). */
  lineCount: number;
}

/**
 * Reads a leading `---` … `---` block of `key: value` lines. Values are JSON strings (which YAML
 * reads too) or bare text. Unknown keys are ignored; a block without a closing fence is no front matter.
 * Each value is checked for what it claims to be (validMetadata): a bad one is dropped.
 */
export function readFrontMatter(lines: string[]): FrontMatter {
  if (lines[0]?.replace(/^\uFEFF/, '').trim() !== FENCE) return { metadata: {}, lineCount: 0 };
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === FENCE);
  if (end < 0 || end > MAX_FRONT_MATTER_LINES) return { metadata: {}, lineCount: 0 };
  const metadata: ArticleMetadata = {};
  for (const line of lines.slice(1, end)) {
    const match = /^([A-Za-z]+):\s*(.*)$/.exec(line.trim());
    const key = match?.[1] as (typeof FIELDS)[number] | undefined;
    if (!match || !key || !FIELDS.includes(key)) continue;
    const value = parseValue(match[2]!);
    if (value) metadata[key] = value;
  }
  return { metadata: validMetadata(metadata), lineCount: end + 1 };
}

/**
 * Metadata fit to save and to cite: dates that parse as dates (ISO 8601), a link that is an http(s)
 * URL, a title and an outlet of one line each. Whatever fails is left out.
 */
export function validMetadata(metadata: ArticleMetadata): ArticleMetadata {
  const checked: ArticleMetadata = {
    title: singleLine(metadata.title),
    url: httpUrl(metadata.url),
    outlet: singleLine(metadata.outlet, 200),
    published: isoDate(metadata.published),
    fetched: isoDate(metadata.fetched),
  };
  return Object.fromEntries(Object.entries(checked).filter(([, value]) => value !== undefined)) as ArticleMetadata;
}

function parseValue(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'string' ? value.trim() : '';
    } catch {
      return raw.replace(/^"|"$/g, '').trim();
    }
  }
  return raw.trim();
}

/** The front matter block for `metadata`, values JSON-quoted so any title survives intact. */
export function writeFrontMatter(metadata: ArticleMetadata): string {
  const lines = FIELDS.filter((key) => metadata[key]).map((key) => `${key}: ${JSON.stringify(metadata[key])}`);
  return `${FENCE}\n${lines.join('\n')}\n${FENCE}\n`;
}

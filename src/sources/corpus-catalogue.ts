import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { containment, shingleSet } from '../corpus/near-duplicates.ts';
import { readCorpus } from '../corpus/read-corpus.ts';
import { normalizeText, tokenize } from '../text/normalize.ts';
import type { NearDuplicateSettings } from '../settings.ts';
import { canonicalUrl } from './canonical-url.ts';

export interface CatalogueEntry {
  file: string;
  contentHash: string;
  shingles: Set<string>;
}

/** What is already in the corpus folder, to recognise an article that is there already. */
export interface Catalogue {
  byUrl: Map<string, string>;
  entries: CatalogueEntry[];
  /**
   * Articles are compared as passages are (word triples, the share of the shorter one's found
   * in the other), with the running settings.nearDuplicates.
   */
  duplicates: NearDuplicateSettings;
}

/** A catalogue of nothing yet. */
export function emptyCatalogue(duplicates: NearDuplicateSettings): Catalogue {
  return { byUrl: new Map(), entries: [], duplicates };
}

/** What a corpus folder holds; a folder not made yet (a server's, before its first article) holds nothing. */
export async function loadCatalogue(corpusDir: string, duplicates: NearDuplicateSettings): Promise<Catalogue> {
  const catalogue = emptyCatalogue(duplicates);
  if (!existsSync(corpusDir)) return catalogue;
  const { documents } = await readCorpus(corpusDir);
  for (const doc of documents) addToCatalogue(catalogue, doc.file, doc.lines, doc.metadata?.url);
  return catalogue;
}

/** What two corpora hold together (a server's own articles and the shared ones it reads), compared as the first compares. */
export function combinedCatalogue(first: Catalogue, second: Catalogue): Catalogue {
  return { byUrl: new Map([...first.byUrl, ...second.byUrl]), entries: [...first.entries, ...second.entries], duplicates: first.duplicates };
}

export function addToCatalogue(catalogue: Catalogue, file: string, lines: string[], url: string | undefined): void {
  if (url) catalogue.byUrl.set(canonicalUrl(url), file);
  catalogue.entries.push(catalogueEntry(file, lines, catalogue.duplicates));
}

/** One article's entry: its text's hash and word triples (the costly part, worth keeping). */
export function catalogueEntry(file: string, lines: string[], duplicates: NearDuplicateSettings): CatalogueEntry {
  const body = lines.map((line) => line.trim()).filter(Boolean);
  return { file, contentHash: contentHash(body), shingles: shinglesOf(body, duplicates) };
}

/**
 * The hash of an article's text as duplicates are told by it: its non-blank lines, trimmed (a
 * front matter's lines are blank in a read document), so the same text saved under another name
 * or with another front matter has the same hash.
 */
export function bodyHash(lines: string[]): string {
  return contentHash(lines.map((line) => line.trim()).filter(Boolean));
}

/** The file already holding this link, or undefined. */
export function fileWithUrl(catalogue: Catalogue, url: string): string | undefined {
  return catalogue.byUrl.get(canonicalUrl(url));
}

/** Why these lines are an article the corpus already has (same text, or nearly), or undefined. */
export function duplicateOf(catalogue: Catalogue, lines: string[]): string | undefined {
  const body = lines.map((line) => line.trim()).filter(Boolean);
  const hash = contentHash(body);
  const same = catalogue.entries.find((entry) => entry.contentHash === hash);
  if (same) return `it has the same text as ${same.file}`;
  const shingles = shinglesOf(body, catalogue.duplicates);
  for (const entry of catalogue.entries) {
    const shared = containment(shingles, entry.shingles);
    if (shared >= catalogue.duplicates.minContainment) return `it is nearly the same text as ${entry.file} (${Math.round(shared * 100)}% shared)`;
  }
  return undefined;
}

function contentHash(body: string[]): string {
  return createHash('sha256').update(body.join('\n')).digest('hex');
}

function shinglesOf(body: string[], duplicates: NearDuplicateSettings): Set<string> {
  return shingleSet(tokenize(normalizeText(body.join('\n'))), duplicates);
}

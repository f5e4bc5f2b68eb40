/**
 * The reverse dictionary kept on disk: reading every FreeDict entry takes most of a second each
 * time a process starts, reading back what it found about a tenth of that. The cache file is
 * named after the dictionary's path and holds the size and modification time of its files and
 * the build's format version: a dictionary that changed (an upgraded Debian package, another
 * DICTIONARY_PATH) is read again and the file replaced. Small dictionaries (test fixtures) are
 * built every time: that is faster than a file, and leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import type { BilingualDictionary } from '../text/dictionary.ts';
import { ReverseDictionary } from './reverse-dictionary.ts';
import type { WordList } from './word-list.ts';

/** Changes whenever ReverseDictionary.build reads entries differently: older files are rebuilt. */
export const REVERSE_DICTIONARY_FORMAT = 3;

export interface ReverseDictionaryCacheOptions {
  /** DICTIONARY_PATH as configured: a folder, `NAME`, `NAME.index` or `NAME.dict.dz`. */
  dictionaryPath: string;
  /** Folder of the cache files. @default `.cache/reverse-dictionary` under the project */
  cacheDir?: string;
  /** Fewest headwords worth a cache file. @default 10000 */
  minHeadwords?: number;
}

export interface OpenedReverseDictionary {
  reverse: ReverseDictionary;
  /** What happened with the cache: read, built and written, not used, or built but not written (why). */
  cache: 'read' | 'written' | 'skipped' | { unwritable: string };
}

export const DEFAULT_REVERSE_CACHE_DIR = join(PROJECT_ROOT, '.cache', 'reverse-dictionary');

/** The reverse of `dictionary`, from the cache when it was built from these very files. */
export function openReverseDictionary(dictionary: BilingualDictionary, wordList: WordList | null, options: ReverseDictionaryCacheOptions): OpenedReverseDictionary {
  if (dictionary.headwordCount < (options.minHeadwords ?? 10_000)) return { reverse: ReverseDictionary.build(dictionary, wordList), cache: 'skipped' };
  const dir = options.cacheDir ?? DEFAULT_REVERSE_CACHE_DIR;
  const file = join(dir, `${createHash('sha256').update(options.dictionaryPath).digest('hex').slice(0, 16)}.json`);
  const key = cacheKey(options.dictionaryPath);
  const cached = readCache(file, key, wordList);
  if (cached) return { reverse: cached, cache: 'read' };
  const reverse = ReverseDictionary.build(dictionary, wordList);
  try {
    mkdirSync(dir, { recursive: true });
    // Written aside, then renamed: a process reading meanwhile sees the old file or the new one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify({ key, senses: reverse.serialize() }));
    renameSync(partial, file);
    return { reverse, cache: 'written' };
  } catch (error) {
    return { reverse, cache: { unwritable: `${file}: ${(error as Error).message}` } };
  }
}

/** The dictionary's files as they are now: format version, then each file's name, size and modification time. */
function cacheKey(dictionaryPath: string): string {
  const base = dictionaryPath.replace(/\.(index|dict\.dz|dict)$/, '');
  const candidates = [base, `${base}.index`, `${base}.dict.dz`, `${base}.dict`, join(base, 'freedict-eng-ara.index'), join(base, 'freedict-eng-ara.dict.dz')];
  const files = candidates.filter((path) => existsSync(path) && statSync(path).isFile()).map((path) => {
    const stat = statSync(path);
    return `${path}:${stat.size}:${stat.mtimeMs}`;
  });
  return [`format ${REVERSE_DICTIONARY_FORMAT}`, ...files].join('|');
}

/** The cached dictionary when the file exists, parses and was built from the same files; else undefined (rebuilt). */
function readCache(file: string, key: string, wordList: WordList | null): ReverseDictionary | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Missing, unreadable or corrupt: built again and the file replaced.
    return undefined;
  }
  if (typeof data !== 'object' || data === null || (data as { key?: unknown }).key !== key) return undefined;
  return ReverseDictionary.deserialize((data as { senses?: unknown }).senses, wordList);
}

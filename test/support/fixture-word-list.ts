/**
 * English word lists for tests, so that every test runs the same with or without the Debian
 * package `wamerican` (/usr/share/dict/words).
 *
 * - `fixtureWordListPath()`: a small list written once per test process: a few names with their
 *   capitals, common words, and names that share consonants with the seed articles' names without
 *   being them (Zhukov, Boeotian, Shea, Gene, Bing), which a spelling must never be taken from.
 * - `REAL_WORD_LIST_SKIP`: false when the real list is installed, else the skip reason naming the
 *   package; tests that measure Latin names with the real list pass it as `{ skip }`.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WORD_LIST_PATH } from '../../src/english/word-list.ts';

export const REAL_WORD_LIST_PATH = DEFAULT_WORD_LIST_PATH;

export const REAL_WORD_LIST_SKIP: string | false = existsSync(REAL_WORD_LIST_PATH)
  ? false
  : `needs the English word list ${REAL_WORD_LIST_PATH}: install the Debian package wamerican`;

export const FIXTURE_WORDS = [
  'Moscow', 'Kremlin', 'Putin', 'Vladimir', 'Jones', 'Joe', 'Biden', 'Mark', 'mark', 'trade', 'Trade', 'gas',
  // Same consonants as names of the seed articles, other names: never their spelling.
  'Zhukov', 'Boeotian', 'Shea', 'Gene', 'gene', 'Bing', 'Bhutan',
];

let fixturePath: string | undefined;

/** WORD_LIST_PATH of the fixture list (written on first call, reused by the process). */
export function fixtureWordListPath(): string {
  if (!fixturePath) {
    const dir = mkdtempSync(join(tmpdir(), 'word-list-fixture-'));
    fixturePath = join(dir, 'words');
    writeFileSync(fixturePath, `${FIXTURE_WORDS.join('\n')}\n`);
  }
  return fixturePath;
}

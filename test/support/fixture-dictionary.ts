/**
 * Dictionaries for tests, so that every test runs the same with or without the Debian package.
 *
 * - `fixtureDictionaryPath()`: a small English->Arabic dictionary in dictd format, written once per
 *   test process. Its entries are our own (not FreeDict's) and hold only the words that tests of
 *   cross-lingual mechanisms ask about. Engines opened by the test helpers use it by default.
 * - `REAL_DICTIONARY_SKIP`: false when FreeDict eng-ara is installed, else the skip reason naming
 *   the package; tests that measure quality with the real dictionary pass it as `{ skip }`.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_DICTIONARY_PATH } from '../../src/text/dictionary.ts';

export const REAL_DICTIONARY_PATH = DEFAULT_DICTIONARY_PATH;

export const hasRealDictionary = existsSync(`${REAL_DICTIONARY_PATH}.index`);

/** `{ skip: REAL_DICTIONARY_SKIP }` for tests that need the real FreeDict data. */
export const REAL_DICTIONARY_SKIP: string | false = hasRealDictionary
  ? false
  : `needs the English->Arabic dictionary ${REAL_DICTIONARY_PATH}: install the Debian package dict-freedict-eng-ara`;

/** A headword and its entry text as dictd stores it (headword line, then one translation a line). */
export type DictionaryEntry = [headword: string, body: string];

/** The words tests of cross-lingual mechanisms use: a few topics of the seed articles and "say". */
export const FIXTURE_ENTRIES: DictionaryEntry[] = [
  ['trade', 'trade\nتجارة\nالتجارة\n'],
  ['gas', 'gas\nغاز\nالغاز\n'],
  ['say', 'say\nقال\n'],
  ['said', 'said\nقال\n'],
  ['talks', 'talks\nمحادثات\nالمحادثات\n'],
  ['call', 'call\nاتصال\nمكالمة\n'],
  ['energy', 'energy\nالطاقة\n'],
  ['war', 'war\nحرب\nالحرب\n'],
  ['sanctions', 'sanctions\nعقوبات\nالعقوبات\n'],
  ['grow', 'grow\nزاد\nنما\n'],
  ['first', 'first\nأول\n'],
  ['month', 'month\nشهر\n'],
  ['months', 'months\nأشهر\nشهرا\n'],
  // Role words of speaker questions ("the Chinese president", "Putin's foreign policy adviser").
  ['chinese', 'chinese\nصيني\nالصيني\n'],
  ['russian', 'russian\nروسي\nالروسي\n'],
  ['president', 'president\nرئيس\nالرئيس\n'],
  ['leader', 'leader\nزعيم\nالزعيم\n'],
  ['aide', 'aide\nمساعد\n'],
  ['adviser', 'adviser\nمستشار\n'],
  ['foreign', 'foreign\nخارجي\nالخارجية\n'],
  ['policy', 'policy\nسياسة\nالسياسة\n'],
  ['kremlin', 'kremlin\nالكرملين\n'],
  // Words of a reported statement ("Who said the two leaders would sign a joint statement?").
  ['sign', 'sign\nيوقع\nتوقيع\n'],
  ['joint', 'joint\nمشترك\n'],
  ['statement', 'statement\nبيان\n'],
  // A country the articles never name, whose sounds they hold inside other words (بير in كبير).
  ['peru', 'peru\nبيرو\n'],
];

const DICTD_BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** dictd's base64 numbers: most significant digit first, no padding. */
export function encodeDictdNumber(n: number): string {
  let out = '';
  do {
    out = DICTD_BASE64[n % 64] + out;
    n = Math.floor(n / 64);
  } while (n > 0);
  return out;
}

/** Writes `freedict-eng-ara.index` and `.dict.dz` into a new temporary folder and returns the folder. */
export function writeDictdDictionary(entries: DictionaryEntry[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dictd-fixture-'));
  const bodies: Buffer[] = [];
  const lines: string[] = ['00databaseshort\tA\tA'];
  let offset = 0;
  for (const [headword, body] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = Buffer.from(body, 'utf8');
    lines.push(`${headword.toLowerCase()}\t${encodeDictdNumber(offset)}\t${encodeDictdNumber(bytes.length)}`);
    bodies.push(bytes);
    offset += bytes.length;
  }
  writeFileSync(join(dir, 'freedict-eng-ara.index'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'freedict-eng-ara.dict.dz'), gzipSync(Buffer.concat(bodies)));
  return dir;
}

let fixturePath: string | undefined;

/** DICTIONARY_PATH of the fixture dictionary (written on first call, reused by the process). */
export function fixtureDictionaryPath(): string {
  fixturePath ??= join(writeDictdDictionary(FIXTURE_ENTRIES), 'freedict-eng-ara');
  return fixturePath;
}

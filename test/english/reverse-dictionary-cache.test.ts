import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openReverseDictionary } from '../../src/english/reverse-dictionary-cache.ts';
import { loadDictionary } from '../../src/text/dictionary.ts';
import { writeDictdDictionary, type DictionaryEntry } from '../support/fixture-dictionary.ts';

/** Our own entries (not FreeDict's). */
const ENTRIES: DictionaryEntry[] = [
  ['trade', 'Trade /x/\nالتجارة\n'],
  ['moscow', 'Moscow /x/\nموسكو\n'],
];

function open(path: string, cacheDir: string, minHeadwords = 0) {
  const loaded = loadDictionary(path);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  return openReverseDictionary(loaded.dictionary, null, { dictionaryPath: path, cacheDir, minHeadwords });
}

describe('openReverseDictionary', { timeout: 30_000 }, () => {
  it('GIVEN a dictionary read once THEN the next process reads the cache and finds the same words', () => {
    const path = join(writeDictdDictionary(ENTRIES), 'freedict-eng-ara');
    const cacheDir = mkdtempSync(join(tmpdir(), 'reverse-cache-'));
    const first = open(path, cacheDir);
    assert.equal(first.cache, 'written');
    const second = open(path, cacheDir);
    assert.equal(second.cache, 'read');
    assert.equal(second.reverse.exact('التجاره'), 'trade');
    assert.equal(second.reverse.exact('موسكو'), 'Moscow');
    assert.equal(second.reverse.size, first.reverse.size);
  });
  it('GIVEN the dictionary changed since THEN it is read again and the cache replaced', () => {
    const dir = writeDictdDictionary(ENTRIES);
    const path = join(dir, 'freedict-eng-ara');
    const cacheDir = mkdtempSync(join(tmpdir(), 'reverse-cache-'));
    assert.equal(open(path, cacheDir).cache, 'written');
    // Another dictionary written over the same files (a package upgrade), dated later.
    const other = writeDictdDictionary([...ENTRIES, ['gas', 'Gas /x/\nالغاز\n']]);
    for (const name of ['freedict-eng-ara.index', 'freedict-eng-ara.dict.dz']) {
      writeFileSync(join(dir, name), readFileSync(join(other, name)));
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dir, name), later, later);
    }
    const reopened = open(path, cacheDir);
    assert.equal(reopened.cache, 'written');
    assert.equal(reopened.reverse.exact('الغاز'), 'gas');
    assert.equal(open(path, cacheDir).cache, 'read');
    assert.equal(readdirSync(cacheDir).length, 1, `one file per dictionary: ${readdirSync(cacheDir).join(', ')}`);
  });
  it('GIVEN a corrupt cache file THEN the dictionary is read again and the file rewritten', () => {
    const path = join(writeDictdDictionary(ENTRIES), 'freedict-eng-ara');
    const cacheDir = mkdtempSync(join(tmpdir(), 'reverse-cache-'));
    open(path, cacheDir);
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file!), '{"key": 1, "sen');
    const reopened = open(path, cacheDir);
    assert.equal(reopened.cache, 'written');
    assert.equal(reopened.reverse.exact('التجاره'), 'trade');
  });
  it('GIVEN a cache folder that cannot be written THEN the dictionary is built anyway and says why', () => {
    const path = join(writeDictdDictionary(ENTRIES), 'freedict-eng-ara');
    const blocker = join(mkdtempSync(join(tmpdir(), 'reverse-cache-')), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const opened = open(path, join(blocker, 'cache'));
    assert.equal(typeof opened.cache, 'object');
    assert.equal(opened.reverse.exact('التجاره'), 'trade');
  });
  it('GIVEN a small dictionary (a test fixture) THEN it is built every time and nothing is written', () => {
    const path = join(writeDictdDictionary(ENTRIES), 'freedict-eng-ara');
    const cacheDir = mkdtempSync(join(tmpdir(), 'reverse-cache-'));
    assert.equal(open(path, cacheDir, 10_000).cache, 'skipped');
    assert.deepEqual(readdirSync(cacheDir), []);
  });
});

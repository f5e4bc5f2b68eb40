/**
 * The Latin forms of the names in seeds/ against a hand-labelled fixture
 * (test/fixtures/seed-latin-names.json): every person and group the articles quote, and the
 * other people they name. Quality, so it needs the real FreeDict and word list (skipped without
 * them); the mechanisms have their own tests (latin-names.test.ts).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { Engine } from '../../src/engine.ts';
import { normalizeText } from '../../src/text/normalize.ts';
import { REAL_DICTIONARY_SKIP } from '../support/fixture-dictionary.ts';
import { REAL_WORD_LIST_SKIP } from '../support/fixture-word-list.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

interface Labelled {
  arabic: string;
  latin: string;
}

interface Fixture {
  quoted: Labelled[];
  named: Labelled[];
}

async function readFixture(): Promise<Fixture> {
  return JSON.parse(await readFile(join(PROJECT_ROOT, 'test/fixtures/seed-latin-names.json'), 'utf8')) as Fixture;
}

/** Letter edits (Levenshtein, case-insensitive) from one spelling to another. */
function edits(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
}

/** A reader recognises a spelling within 30% of the right one's letters ("the White Home", "Shuljinov"). */
const RECOGNISABLE = 0.3;

function score(engine: Engine, labelled: Labelled[]): { exact: number; recognisable: number; misses: string[] } {
  let exact = 0;
  let recognisable = 0;
  const misses: string[] = [];
  for (const { arabic, latin } of labelled) {
    const got = engine.latinName(arabic);
    if (got === latin) exact++;
    else misses.push(`${arabic}: ${got} (right: ${latin})`);
    if (edits(got, latin) <= RECOGNISABLE * latin.length) recognisable++;
  }
  return { exact, recognisable, misses };
}

describe('the fixture of names in seeds/', () => {
  it('GIVEN each labelled name THEN the articles write it so (the fixture is read from them)', async () => {
    const fixture = await readFixture();
    const seeds = await Promise.all(['000_cb77782f9c145f20.txt', '001_a9c5494012be9a72.txt', '002_02857b5b3c3f65ff.txt', '003_e1704f5e1c1310a5.txt', '004_7f546b9a39fe931a.txt'].map((file) => readFile(join(PROJECT_ROOT, 'seeds', file), 'utf8')));
    const text = normalizeText(seeds.join('\n'));
    for (const { arabic } of [...fixture.quoted, ...fixture.named]) assert.ok(text.includes(normalizeText(arabic)), `not in seeds/: ${arabic}`);
  });
});

describe('Latin names of seeds/ with the real FreeDict and word list (quality; lexical-only)', { skip: REAL_DICTIONARY_SKIP || REAL_WORD_LIST_SKIP, timeout: 120_000 }, () => {
  let engine: Engine;
  let close: () => Promise<void>;
  let fixture: Fixture;
  before(async () => {
    fixture = await readFixture();
    ({ engine, close } = await openTestEngine({ dictionary: 'real', wordList: 'real' }));
  });
  after(async () => close?.());

  it('GIVEN every quoted speaker, in every spelling THEN all exact', (t) => {
    const { exact, recognisable, misses } = score(engine, fixture.quoted);
    t.diagnostic(`quoted: ${exact}/${fixture.quoted.length} exact, ${recognisable}/${fixture.quoted.length} recognisable; ${misses.join('; ')}`);
    // البيت الأبيض needs WordNet's "white house": FreeDict's only singular for البيت is "home".
    assert.equal(exact, fixture.quoted.length, `exact ${exact}/${fixture.quoted.length}: ${misses.join('; ')}`);
    assert.equal(recognisable, fixture.quoted.length, misses.join('; '));
  });

  it('GIVEN the people named but not quoted THEN recorded (names the sources do not spell are read by rule)', (t) => {
    const { exact, recognisable, misses } = score(engine, fixture.named);
    t.diagnostic(`named: ${exact}/${fixture.named.length} exact, ${recognisable}/${fixture.named.length} recognisable; ${misses.join('; ')}`);
    assert.ok(exact >= 3 && recognisable >= 8, `named: ${exact} exact, ${recognisable} recognisable: ${misses.join('; ')}`);
  });

  it('GIVEN every speaker the engine lists THEN the name it suggests typing finds them again', () => {
    for (const { name } of engine.speakers()) {
      const typed = engine.typeableName(name);
      assert.match(typed, /^[A-Za-z][A-Za-z -]*$/, `${name}: ${typed}`);
      assert.ok(engine.quotes(typed).speakers.some((speaker) => speaker.name === name), `/quote ${typed} does not find ${name}`);
    }
  });

  it('GIVEN every speaker the engine lists THEN its whole Latin form is what it suggests, and "What did <it> say?" quotes them', async () => {
    for (const { name, latin } of engine.speakers()) {
      assert.equal(engine.typeableName(name), latin, `${name}: suggested ${engine.typeableName(name)}, printed as ${latin}`);
      const answer = await engine.ask(`What did ${latin} say?`);
      assert.ok(answer.status === 'answered' && (answer.people ?? []).includes(name), `What did ${latin} say? -> ${answer.status}, people ${JSON.stringify(answer.people)}`);
    }
  });
});

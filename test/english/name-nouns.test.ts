import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { phraseLexicon } from '../../src/english/english-phrases.ts';
import { nameNoun, nounCandidates } from '../../src/english/name-nouns.ts';
import { ReverseDictionary } from '../../src/english/reverse-dictionary.ts';
import { loadDictionary } from '../../src/text/dictionary.ts';
import { writeDictdDictionary } from '../support/fixture-dictionary.ts';

/** FreeDict's shape for البيت: "home" its only singular, "houses" only in the plural; المساكن a synonym sharing "homes". */
function dictionary(): ReverseDictionary {
  const loaded = loadDictionary(
    join(
      writeDictdDictionary([
        ['home', 'Home /x/\nالبيت\n'],
        ['homes', 'Homes /x/\nالبيوت\nالمساكن\n'],
        ['houses', 'Houses /x/\nالبيوت\n'],
        ['dwellings', 'Dwellings /x/\nالمساكن\n'],
        ['white', 'White /x/\nالأبيض\n'],
      ]),
      'freedict-eng-ara',
    ),
  );
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  return ReverseDictionary.build(loaded.dictionary);
}

describe('nameNoun: the noun English names a phrase with', () => {
  it('GIVEN a noun whose plural has another English word THEN that word is a candidate; a synonym sharing the plural is not', () => {
    const candidates = nounCandidates('البيت', dictionary());
    assert.deepEqual([...candidates].sort(), ['home', 'house'], 'البيوت (homes, houses) is البيت in the plural; المساكن (dwellings) is another word');
  });

  it('GIVEN the one candidate that makes an English noun with the adjective THEN it, in the number of the dictionary’s choice', () => {
    const reverse = dictionary();
    const lexicon = phraseLexicon(['white house', 'white dwarf']);
    assert.equal(nameNoun('البيت', 'white', 'home', reverse, lexicon), 'house');
    assert.equal(nameNoun('البيت', 'white', 'homes', reverse, lexicon), 'houses');
  });

  it('GIVEN no such phrase, two of them, or the dictionary’s own choice among them THEN the dictionary’s choice stands', () => {
    const reverse = dictionary();
    assert.equal(nameNoun('البيت', 'white', 'home', reverse, phraseLexicon(['white dwarf'])), undefined);
    assert.equal(nameNoun('البيت', 'white', 'home', reverse, phraseLexicon(['white house', 'white home'])), undefined);
    assert.equal(nameNoun('البيت', 'white', 'home', reverse, phraseLexicon(['white dwelling'])), undefined, 'dwelling is no word of البيت');
  });
});

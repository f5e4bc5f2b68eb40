import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../../src/index/corpus-index.ts';
import { buildLexicon } from '../../../src/search/lexicon.ts';
import { attributeQuotes, type SpeakerDirectory } from '../../../src/search/speakers/attribution.ts';
import { findSpeakers, listSpeakers, speakersByLatinName } from '../../../src/search/speakers/speaker-lookup.ts';
import { buildSmallIndex, NEWS_ARTICLES } from '../../support/small-index.ts';
import { defaultSettings } from '../../../src/settings.ts';

describe('speaker lookup', () => {
  let index: CorpusIndex;
  let close: () => Promise<void>;
  let directory: SpeakerDirectory;
  const find = (name: string) => findSpeakers(directory, name, buildLexicon(index, null, defaultSettings.analysis), defaultSettings.speakers).map((s) => s.name);

  before(async () => {
    ({ index, close } = await buildSmallIndex(NEWS_ARTICLES));
    directory = attributeQuotes(index.passages);
  });
  after(async () => close?.());

  describe('findSpeakers', () => {
    it('GIVEN a Latin name THEN the speaker the articles spell in Arabic', () => {
      assert.deepEqual(find('Ushakov'), ['يوري أوشاكوف']);
      assert.deepEqual(find('Yuri Ushakov'), ['يوري أوشاكوف']);
    });

    it('GIVEN the Arabic name with a proclitic (وأوشاكوف) THEN the same speaker', () => {
      assert.deepEqual(find('وأوشاكوف'), ['يوري أوشاكوف']);
    });

    it('GIVEN a name nobody quoted carries THEN nobody', () => {
      assert.deepEqual(find('Lavrov'), []);
      assert.deepEqual(find('the'), []);
    });
  });

  describe('speakersByLatinName', () => {
    // The Latin forms the engine gets from src/english: here a given table, one of them a
    // translated name that shares no sound with its Arabic.
    const latin = (name: string) => (name === 'يوري أوشاكوف' ? 'the Adviser Office' : name);
    const byLatin = (phrase: string) => speakersByLatinName(directory, phrase, latin).map((s) => s.name);

    it('GIVEN the Latin form the bot prints for a speaker THEN that speaker, whatever the case, "the" or "\'s"', () => {
      assert.deepEqual(byLatin('the Adviser Office'), ['يوري أوشاكوف']);
      assert.deepEqual(byLatin('adviser office'), ['يوري أوشاكوف']);
      assert.deepEqual(byLatin("The Adviser  Office's"), ['يوري أوشاكوف']);
      assert.deepEqual(find('the Adviser Office'), [], 'its words alone reach nobody: the Latin form is what finds him');
    });

    it('GIVEN part of a Latin form, Arabic text or no Latin forms at all THEN nobody (the other lookups judge those)', () => {
      assert.deepEqual(byLatin('Adviser'), []);
      assert.deepEqual(byLatin('يوري أوشاكوف'), []);
      assert.deepEqual(speakersByLatinName(directory, 'the Adviser Office', undefined), []);
    });
  });

  describe('listSpeakers', () => {
    it('THEN every quoted speaker once, most quoted first, with their counts', () => {
      const listed = listSpeakers(directory);
      assert.equal(listed[0]!.name, 'يوري أوشاكوف');
      assert.ok(listed[0]!.quotes >= 3, `only ${listed[0]!.quotes} quotes`);
      for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1]!.quotes >= listed[i]!.quotes, 'not sorted by quotes');
      assert.equal(new Set(listed.map((s) => s.name)).size, listed.length, 'a speaker listed twice');
    });
  });
});

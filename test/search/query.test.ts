import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeQuery, detectLanguage, type CrossLingualLexicon } from '../../src/search/query.ts';
import { defaultSettings } from '../../src/settings.ts';
import { observed } from '../support/observed.ts';

/** A small lexicon standing in for the dictionary and the corpus vocabulary (pure-function test). */
const lexicon: CrossLingualLexicon = {
  translate: (word) => ({ sanctions: ['العقوبات', 'المقاطعه'], gas: ['الغاز'], pipeline: ['خط انابيب'], per: ['لكل'], day: ['يوم', 'بكل'] })[word] ?? [],
  matchName: (word) => ({ lavrov: ['لافروف'], moscow: ['موسكو'] })[word] ?? [],
  hasTerm: (term) => ['aukus'].includes(term),
};

describe('detectLanguage', () => {
  it('tells Arabic, English, mixed and script-less questions apart', () => {
    assert.equal(detectLanguage('ماذا قال لافروف؟'), 'ar');
    assert.equal(detectLanguage('What did Lavrov say?'), 'en');
    assert.equal(detectLanguage('What did لافروف say about العقوبات?'), 'mixed');
    assert.equal(detectLanguage('??? 123'), 'none');
  });
});

describe('analyzeQuery', () => {
  it('GIVEN an English word with several translations THEN they form one concept', () => {
    const query = analyzeQuery('sanctions', lexicon, defaultSettings.analysis);
    assert.equal(query.concepts.length, 1);
    assert.deepEqual(query.concepts[0]!.alternatives, [['عقوب'], ['مقاطع']]);
  });

  it('GIVEN an English word the dictionary renders only as Arabic function words (per -> لكل, for each) THEN it is left out like a stopword, neither a concept nor a word the articles lack', () => {
    const query = analyzeQuery('gas per day', lexicon, defaultSettings.analysis);
    assert.deepEqual(query.concepts.map((c) => c.label), ['gas', 'day']);
    assert.deepEqual(query.untranslated, []);
    // A word with a translation of content as well keeps only that one.
    assert.deepEqual(query.concepts[1]!.alternatives, [['يوم']]);
  });

  it('keeps a multi-word translation as a phrase (all its words required)', () => {
    assert.deepEqual(analyzeQuery('pipeline', lexicon, defaultSettings.analysis).concepts[0]!.alternatives, [['خط', 'انابيب']]);
  });

  it('matches capitalised words as names and weighs them more', () => {
    const [lavrov] = analyzeQuery('Lavrov', lexicon, defaultSettings.analysis).concepts;
    assert.equal(lavrov!.source, 'name');
    assert.ok((lavrov!.weight ?? 1) > 1, `(lavrov!.weight ?? 1): ${observed((lavrov!.weight ?? 1))}`);
  });

  it('matches Latin words the articles themselves use', () => {
    assert.deepEqual(analyzeQuery('AUKUS', lexicon, defaultSettings.analysis).concepts[0]!.alternatives, [['aukus']]);
  });

  it('folds Arabic-Indic digits so numbers match across scripts', () => {
    assert.deepEqual(analyzeQuery('٢٠٢١', lexicon, defaultSettings.analysis).concepts[0]!.alternatives, [['2021']]);
  });

  it('drops question words and reports words it cannot bring into Arabic', () => {
    const query = analyzeQuery('What about the zorblax?', lexicon, defaultSettings.analysis);
    assert.deepEqual(query.concepts, []);
    assert.deepEqual(query.untranslated, ['zorblax']);
  });

  it('stems Arabic question words like the passages', () => {
    assert.deepEqual(analyzeQuery('العقوبات الغربية', lexicon, defaultSettings.analysis).concepts.map((c) => c.alternatives), [[['عقوب']], [['غرب']]]);
  });
});

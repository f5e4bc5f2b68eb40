import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phraseLexicon, sortedLinesHave, wordNetPhrases } from '../../src/english/english-phrases.ts';

describe('English phrases (WordNet’s multi-word nouns)', () => {
  it('GIVEN names and compounds English has THEN known, in any case; GIVEN a word-by-word rendering THEN not', () => {
    assert.equal(wordNetPhrases.has('White House'), true);
    assert.equal(wordNetPhrases.has('swiss confederation'), true);
    assert.equal(wordNetPhrases.has('red sea'), true);
    assert.equal(wordNetPhrases.has('white home'), false);
    assert.equal(wordNetPhrases.has('house'), false, 'one word is no phrase');
  });
  it('GIVEN a lexicon of given phrases THEN spaces, underscores and case do not matter', () => {
    const lexicon = phraseLexicon(['general_assembly']);
    assert.equal(lexicon.has('General  Assembly'), true);
    assert.equal(lexicon.has('general council'), false);
  });
  it('GIVEN lines sorted by their first word THEN a binary search finds every lemma whole, and no prefix of one', () => {
    const text = ['  licence text, first', "'hood 1", 'white 2', 'white_house 3', 'white_whale 4', 'zygote 5'].join('\n');
    for (const lemma of ["'hood", 'white', 'white_house', 'white_whale', 'zygote']) {
      assert.equal(sortedLinesHave(text, lemma), true, `${lemma} is a line of the text`);
    }
    for (const lemma of ['whit', 'white_home', 'aardvark', 'zzz', 'licence']) {
      assert.equal(sortedLinesHave(text, lemma), false, `${lemma} is no line of the text`);
    }
  });
});

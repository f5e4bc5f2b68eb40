import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeScore, judgeUnit, parseGlossLabels } from '../../src/english/gloss-evaluation.ts';
import type { GlossPart } from '../../src/english/gloss.ts';
import { REAL_DICTIONARY_SKIP } from '../support/fixture-dictionary.ts';
import { readGlossSample, scoreGlossSample } from '../support/gloss-eval.ts';

const part = (from: number, to: number, text: string, english = true): GlossPart => ({ from, to, text, english, spaced: true, symbol: false });

describe('gloss evaluation: the labels and the judge', () => {
  it('GIVEN the labelled samples THEN every Arabic word of every sentence has a label, in order', async () => {
    const tuning = await readGlossSample('tuning');
    const test = await readGlossSample('test');
    const words = (sentences: typeof tuning) => sentences.flatMap((sentence) => sentence.units).reduce((n, unit) => n + unit.tokens.length, 0);
    assert.equal(words(tuning), 310);
    assert.equal(words(test), 431);
  });
  it('GIVEN a label that does not match the sentence THEN the file is refused with the line', () => {
    const parsed = parseGlossLabels('## x\n> قال بوتين\nقال => said\nشي => Xi\n');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.reason, /line 4: "شي" does not match the sentence's next word\(s\) "بوتين"/);
  });
  it('GIVEN a gloss THEN each word is right, wrong or absent; a phrase is judged whole', () => {
    const parsed = parseGlossLabels('## x\n> قال الرئيس بما في ذلك\nقال => said\nالرئيس => president\nبما => including\nفي => in\nذلك => that\n');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    const [said, president, including, inWord] = parsed.sentences[0]!.units;
    const units = parsed.sentences[0]!.units;
    assert.equal(judgeUnit(said!, [part(0, 1, 'and said')], units), 'right', 'the clitics’ English may come with it');
    assert.equal(judgeUnit(president!, [part(1, 2, 'head')], units), 'wrong');
    assert.equal(judgeUnit(president!, [part(1, 2, 'الرئيس', false)], units), 'absent');
    assert.equal(judgeUnit(president!, [part(1, 2, 'presidents')], units), 'right', 'plural and singular alike');
    assert.equal(judgeUnit(inWord!, [part(2, 5, 'including')], units), 'right', 'the phrase holds an accepted sense of a word it stands for');
    assert.equal(judgeUnit(including!, [part(2, 3, 'by what')], units), 'wrong');
    assert.equal(describeScore({ words: 4, right: 2, wrong: 1, absent: 1 }), 'right 50.0% · wrong 25.0% · absent 25.0% of 4 words');
  });
});

describe('gloss evaluation: quality with FreeDict (labelled seeds quotes and XQuAD sentences)', { skip: REAL_DICTIONARY_SKIP, timeout: 120_000 }, () => {
  it('GIVEN the tuning sample (seeds/ quotes) THEN most words are right and few wrong', async (t) => {
    const score = await scoreGlossSample('tuning', 'real');
    t.diagnostic(`tuning, FreeDict: ${describeScore(score)}`);
    assert.ok(score.wrong / score.words < 0.08, `wrong ${score.wrong}/${score.words}: ${score.mistakes.join('; ')}`);
    assert.ok(score.right / score.words > 0.65, `right ${score.right}/${score.words}`);
  });
  it('GIVEN the test sample (Arabic Wikipedia, never tuned on) THEN under a tenth of the words are wrong and over half right', async (t) => {
    const score = await scoreGlossSample('test', 'real');
    t.diagnostic(`test, FreeDict: ${describeScore(score)}`);
    assert.ok(score.wrong / score.words < 0.1, `wrong ${score.wrong}/${score.words}: ${score.mistakes.join('; ')}`);
    assert.ok(score.right / score.words > 0.5, `right ${score.right}/${score.words}`);
  });
});

describe('gloss evaluation: without a dictionary', { timeout: 120_000 }, () => {
  it('GIVEN no dictionary THEN only names and numbers are English, and almost never wrong', async (t) => {
    for (const sample of ['tuning', 'test'] as const) {
      const score = await scoreGlossSample(sample, 'none');
      t.diagnostic(`${sample}, no dictionary: ${describeScore(score)}`);
      assert.ok(score.wrong / score.words < 0.05, `${sample}: wrong ${score.wrong}/${score.words}: ${score.mistakes.join('; ')}`);
      assert.ok(score.absent / score.words > 0.85, `${sample}: absent ${score.absent}/${score.words}`);
    }
  });
});

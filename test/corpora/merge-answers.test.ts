import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeAnswers } from '../../src/corpora/merge-answers.ts';
import type { Answer, AnswerPassage } from '../../src/search/answer.ts';

const passage = (file: string, score: number): AnswerPassage => ({ id: `${file}#L1`, file, lineStart: 1, lineEnd: 1, text: file, score, quotes: [], alsoIn: [] });
const answered = (why: string, ...passages: AnswerPassage[]): Answer => ({ question: 'q', language: 'ar', status: 'answered', abstained: false, why, passages, coverage: 1, denseMargin: null });
const abstained = (why: string): Answer => ({ question: 'q', language: 'ar', status: 'abstained', abstained: true, why, passages: [], coverage: 0, denseMargin: null });

describe('mergeAnswers', () => {
  it('GIVEN two answered corpora THEN passages are ordered by score and cut to the limit; the leading answer says why', () => {
    const merged = mergeAnswers(answered('shared', passage('s1', 0.9), passage('s2', 0.4)), answered('own', passage('o1', 0.95), passage('o2', 0.5)), 3);
    assert.deepEqual(merged.passages.map((p) => p.file), ['o1', 's1', 'o2']);
    assert.equal(merged.why, 'own');
  });

  it('GIVEN equal scores THEN the shared corpus comes first; no limit keeps every passage', () => {
    const merged = mergeAnswers(answered('shared', passage('s1', 0.5)), answered('own', passage('o1', 0.5), passage('o2', 0.1)), undefined);
    assert.deepEqual(merged.passages.map((p) => p.file), ['s1', 'o1', 'o2']);
  });

  it('GIVEN one corpus answering and the other abstaining THEN the answer is the one that answered', () => {
    assert.equal(mergeAnswers(abstained('nothing here'), answered('own', passage('o1', 0.3)), 5).why, 'own');
    assert.equal(mergeAnswers(answered('shared', passage('s1', 0.3)), abstained('nothing there'), 5).why, 'shared');
    assert.equal(mergeAnswers(abstained('shared says no'), abstained('own says no'), 5).why, 'shared says no');
  });
});

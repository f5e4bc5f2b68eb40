import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWhoSaid } from '../../../src/search/speakers/who-said.ts';

// The reverse speaker route: a question asking who made a statement is searched for the statement
// alone and answered with its speaker; every other question must not be taken for one.
describe('parseWhoSaid: which questions take the “who said …” route', () => {
  const reverse: [question: string, statement: string][] = [
    ['Who said that the summit would be postponed?', 'the summit would be postponed'],
    ['who says gas prices will fall', 'gas prices will fall'],
    ['Who told reporters the talks were constructive?', 'the talks were constructive'],
    ['Who called for a ceasefire?', 'a ceasefire'],
    ['Who called on both sides to show restraint?!', 'both sides to show restraint'],
    ['WHO DENIED the reports...', 'the reports'],
    ['  Who stressed the need for dialogue ?  ', 'the need for dialogue'],
    ['من قال إن الزعيمين سيجتمعان يوم الجمعة؟', 'الزعيمين سيجتمعان يوم الجمعة'],
    ['مَن الذي صرح بأن المفاوضات ستستأنف؟', 'المفاوضات ستستأنف'],
    ['من حذر من ارتفاع الأسعار', 'من ارتفاع الأسعار'],
    ['من أكد ان الاتفاق سيوقع قريبا؟', 'الاتفاق سيوقع قريبا'],
    ['من دعا إلى وقف إطلاق النار؟', 'إلى وقف إطلاق النار'],
  ];
  for (const [question, statement] of reverse) {
    it(`GIVEN “${question}” THEN the statement searched is “${statement}”`, () => {
      assert.equal(parseWhoSaid(question), statement);
    });
  }

  const other = [
    'Who is the Kremlin spokesman?',
    'Who won the election?',
    'Who said?',
    'Who said ?',
    'What did Putin say about gas?',
    'The minister said who would attend the meeting',
    'whose statement was it',
    'من هو المتحدث باسم الكرملين؟',
    'ماذا قال بوتين عن الغاز؟',
    'من قال؟',
    'قال الوزير من جهته إن المشروع سيكتمل',
    '',
    '؟؟؟',
  ];
  for (const question of other) {
    it(`GIVEN “${question}” THEN it is not a reverse question`, () => {
      assert.equal(parseWhoSaid(question), undefined);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpeakerQuestion } from '../../../src/search/speakers/speaker-question.ts';
import { parseWhoSaid } from '../../../src/search/speakers/who-said.ts';

describe('parseSpeakerQuestion', () => {
  const cases: [string, string, string][] = [
    ['What did Lavrov say?', 'Lavrov', ''],
    ['What did Xi thank Putin for?', 'Xi', 'Putin for'],
    ['What did Macron tell reporters?', 'Macron', 'reporters'],
    ['What did Scholz write?', 'Scholz', ''],
    ['What did the minister warn about?', 'minister', ''],
    ['What did Modi promise?', 'Modi', ''],
    ['ماذا كتب لافروف؟', 'لافروف', ''],
    ['بماذا حذر الوزير؟', 'الوزير', ''],
    ['what did Angela Merkel say about energy?', 'Angela Merkel', 'energy'],
    ['What has the minister said on tariffs', 'minister', 'tariffs'],
    ["Peskov's statements", 'Peskov', ''],
    ['Quotes from Erdogan about Syria', 'Erdogan', 'Syria'],
    ['Show me the remarks by the spokesman', 'spokesman', ''],
    ['ماذا قال لافروف؟', 'لافروف', ''],
    ['ماذا قال بيسكوف عن العقوبات؟', 'بيسكوف', 'العقوبات'],
    ['تصريحات ماكرون بشأن الطاقة', 'ماكرون', 'الطاقة'],
  ];
  for (const [question, speaker, topic] of cases) {
    it(`finds speaker “${speaker}”${topic ? ` and topic “${topic}”` : ''} in “${question}”`, () => {
      assert.deepEqual(parseSpeakerQuestion(question), { speaker, topic });
    });
  }

  for (const question of ['Who is the president of France?', 'How much did trade grow in 2021?', 'ما هي عاصمة فرنسا؟', 'sanctions']) {
    it(`GIVEN “${question}” THEN it is not a speaker question`, () => {
      assert.equal(parseSpeakerQuestion(question), undefined);
    });
  }
});

describe('parseWhoSaid', () => {
  const cases: [string, string | undefined][] = [
    ['Who said the talks were constructive?', 'the talks were constructive'],
    ['Who warned that prices would rise?', 'prices would rise'],
    ['من قال إن المحادثات كانت بناءة؟', 'المحادثات كانت بناءة'],
    ['Who is the Kremlin spokesman?', undefined],
    ['What did Lavrov say?', undefined],
  ];
  for (const [question, statement] of cases) {
    it(`GIVEN “${question}” THEN ${statement === undefined ? 'not a reverse question' : `the statement “${statement}”`}`, () => {
      assert.equal(parseWhoSaid(question), statement);
    });
  }
});

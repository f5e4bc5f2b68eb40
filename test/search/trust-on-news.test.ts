import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Answer } from '../../src/search/answer.ts';
import { ANSWERS } from '../../src/search/relevance.ts';
import { REAL_DICTIONARY_SKIP } from '../support/fixture-dictionary.ts';
import { REAL_MODEL_SKIP } from '../support/real-model.ts';
import { openTestEngine } from '../support/seeds-engine.ts';

/**
 * The cases of issue 21 over seeds/ (five articles about one subject): off-topic and nonsense
 * questions refused, on-topic ones answered with the statement asked about, one meaning of score.
 * Hybrid with the real model and FreeDict where they are installed; the lexical-only cases always.
 */

/** Every score is on the one scale: 0..1, and the passage that answers at or above ANSWERS. */
function assertScores(answer: Answer): void {
  for (const passage of answer.passages) assert.ok(passage.score >= 0 && passage.score <= 1, `score ${passage.score} of ${passage.id}`);
  if (answer.status === 'answered') {
    assert.ok(Math.max(...answer.judged.map((j) => j.score)) >= ANSWERS, `answered with a best score of ${answer.judged[0]?.score}`);
  }
}

const OFF_TOPIC = ['What is the weather in Paris tomorrow?', 'asdkjh qwe', 'Who is the best football player?', 'What is the capital of Peru?'];
const NONSENSE = ['asdkjh qwe', 'zxqv plmokn', 'qwerty uiop', 'كخمس طبثق', 'lorem ipsum dolor sit amet'];

describe('trust on a news corpus, hybrid with the real model and FreeDict (issue 21)', { skip: REAL_MODEL_SKIP || REAL_DICTIONARY_SKIP, timeout: 300_000 }, () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  before(async () => {
    t = await openTestEngine({ model: 'real', dictionary: 'real' });
    assert.equal(t.engine.dense, true, `the engine should answer with the model: ${t.logs().join(' | ')}`);
  });
  after(async () => t?.close());

  for (const question of [...OFF_TOPIC, ...NONSENSE]) {
    it(`GIVEN “${question}” THEN nothing in the articles answers it, and no passage is shown`, async () => {
      const answer = await t.engine.ask(question);
      assert.equal(answer.abstained, true, `${answer.why} | ${answer.passages.map((p) => `${p.id} ${p.score}`).join(', ')}`);
      assert.deepEqual(answer.passages, []);
    });
  }

  it('GIVEN a longer off-topic question one word of which the articles hold (“How tall is the tallest building in Dubai?”) THEN refused: one word the dense search does not agree on is no answer', async () => {
    // Before: answered with “Passages that mention the question”, one matched word of four in a
    // passage the model's own search did not return.
    const answer = await t.engine.ask('How tall is the tallest building in Dubai?');
    assert.equal(answer.abstained, true, `${answer.why} | ${answer.judged.slice(0, 3).map((j) => `${j.doc}: ${j.wordsHeld}/${j.questionWords} words, dense rank ${j.denseRank}, score ${j.score}`).join('; ')}`);
  });

  it('GIVEN “How many barrels of oil per day does Russia sell to China?” THEN refused: “Russia” and “China” are in most passages of these articles, and “per” (لكل, for each) is no topic', async () => {
    // Before: answered with a passage on a phone call “on 8 February” holding per (لكل), day,
    // Russian and Chinese, which the dense search had not returned at all.
    const answer = await t.engine.ask('How many barrels of oil per day does Russia sell to China?');
    assert.equal(answer.abstained, true, `${answer.why} | ${answer.judged.slice(0, 3).map((j) => `${j.doc}: words ${j.words}, ${j.wordsHeld}/${j.questionWords} held, dense rank ${j.denseRank}, score ${j.score}`).join('; ')}`);
  });

  it('GIVEN “gas deals being prepared” THEN Ushakov’s statement that gas agreements are being prepared, the header naming the Arabic it matched', async () => {
    const answer = await t.engine.ask('gas deals being prepared');
    assert.equal(answer.status, 'answered', answer.why);
    assert.ok(answer.passages.slice(0, 3).some((p) => p.text.includes('اتفاقيات الغاز قيد الإعداد')), answer.passages.map((p) => p.id).join(', '));
    assert.match(answer.why, /“gas” \(الغاز\)/);
    assertScores(answer);
  });

  it('GIVEN “Who said the two leaders would sign a joint statement?” THEN the statement among the passages, Ushakov named as its speaker', async () => {
    const answer = await t.engine.ask('Who said the two leaders would sign a joint statement?');
    assert.equal(answer.status, 'answered', answer.why);
    const statement = answer.passages.find((p) => p.text.includes('ويوقعان بيانًا مشتركًا'));
    assert.ok(statement, `not among ${answer.passages.map((p) => p.id).join(', ')}`);
    assert.deepEqual(statement.speakers, ['يوري أوشاكوف']);
    assertScores(answer);
  });

  it('GIVEN “What did the Kremlin’s foreign policy adviser say about gas?” THEN answered, Ushakov’s gas statement among the first three', async () => {
    // FreeDict renders "foreign" as أجنبي, a word no title in the articles holds, so the role
    // names nobody for certain and the plain search answers (with the fixture dictionary the
    // role resolves to Ushakov and his gas statement comes first: see the lexical-only case).
    const answer = await t.engine.ask("What did the Kremlin's foreign policy adviser say about gas?");
    assert.equal(answer.status, 'answered', answer.why);
    assert.ok(answer.passages.slice(0, 3).some((p) => p.text.includes('اتفاقيات الغاز قيد الإعداد')), answer.passages.map((p) => p.id).join(', '));
    assertScores(answer);
  });

  it('GIVEN “What did Ushakov say about gas?” THEN the gas statements first, the other quotes after them with lower scores', async () => {
    const answer = await t.engine.ask('What did Ushakov say about gas?');
    assert.match(answer.passages[0]!.text, /الغاز/);
    assert.ok(answer.passages.length > 2, `${answer.passages.length} passages`);
    assert.ok(answer.passages.at(-1)!.score < answer.passages[0]!.score, answer.passages.map((p) => p.score).join(' '));
    assertScores(answer);
  });

  it('GIVEN a quoted person and a topic the articles never touch (“What did Putin say about Bitcoin?”) THEN abstained, not his other quotes', async () => {
    const answer = await t.engine.ask('What did Putin say about Bitcoin?');
    assert.equal(answer.abstained, true, `${answer.why} | ${answer.passages.map((p) => p.id).join(', ')}`);
  });
});

describe('trust on a news corpus, lexical-only (issue 21)', { timeout: 120_000 }, () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  before(async () => {
    t = await openTestEngine();
  });
  after(async () => t?.close());

  // Not "What is the weather in Paris tomorrow?": by words alone, Paris transliterates to the
  // برس of "أسوشيتيد برس" (Associated Press); the model is what tells that passage is not about Paris.
  for (const question of ['Who is the best football player?', ...NONSENSE]) {
    it(`GIVEN “${question}” THEN nothing in the articles answers it`, async () => {
      const answer = await t.engine.ask(question);
      assert.equal(answer.abstained, true, `${answer.why} | ${answer.passages.map((p) => `${p.id} ${p.score}`).join(', ')}`);
    });
  }

  it('GIVEN “What is the capital of Peru?” THEN refused: the dictionary knows Peru (بيرو), and كبير (big) is not ك + a name بير', async () => {
    // Before: answered by words alone with “Passages that mention “peru” (كبير)”.
    const answer = await t.engine.ask('What is the capital of Peru?');
    assert.equal(answer.abstained, true, `${answer.why} | ${answer.passages.map((p) => `${p.id} ${p.score}`).join(', ')}`);
  });

  it('GIVEN a photo caption’s agency or a reporter’s byline THEN they are not passages (no evidence for “Paris” or “CNN”)', async () => {
    const ids = t.engine.index.passages.map((p) => p.id);
    assert.ok(!t.engine.index.passages.some((p) => /الصورة:|وفقا لشبكة/.test(p.text)), ids.join(' '));
  });

  it('GIVEN “gas deals being prepared” THEN Ushakov’s statement that gas agreements are being prepared', async () => {
    const answer = await t.engine.ask('gas deals being prepared');
    assert.equal(answer.status, 'answered', answer.why);
    assert.ok(answer.passages.slice(0, 3).some((p) => p.text.includes('اتفاقيات الغاز قيد الإعداد')), answer.passages.map((p) => p.id).join(', '));
    assert.match(answer.why, /“gas” \(الغاز\)/);
    assertScores(answer);
  });

  it('GIVEN “What did the Kremlin’s foreign policy adviser say about gas?” THEN Ushakov’s gas statement first', async () => {
    const answer = await t.engine.ask("What did the Kremlin's foreign policy adviser say about gas?");
    assert.match(answer.passages[0]!.text, /اتفاقيات الغاز قيد الإعداد/);
    assertScores(answer);
  });

  it('GIVEN any route THEN every score is on the one 0..1 scale: a speaker’s quotes, a person only mentioned, a topic search', async () => {
    for (const question of ['What did Ushakov say?', 'What did Ushakov say about gas?', 'What did Biden say?', 'trade between Russia and China']) {
      const answer = await t.engine.ask(question);
      assert.equal(answer.status, 'answered', `${question}: ${answer.why}`);
      assertScores(answer);
    }
  });

  it('GIVEN a person the articles mention but do not quote (Biden) THEN the passages naming him, judged like any other (not an invented 1)', async () => {
    const answer = await t.engine.ask('What did Biden say?');
    assert.match(answer.why, /mention Biden but do not quote them/);
    assert.ok(answer.passages.every((p) => p.text.includes('بايدن')), answer.passages.map((p) => p.id).join(', '));
  });
});

describe('trust on a news corpus, lexical-only with FreeDict (issue 21)', { skip: REAL_DICTIONARY_SKIP, timeout: 120_000 }, () => {
  let t: Awaited<ReturnType<typeof openTestEngine>>;
  before(async () => {
    t = await openTestEngine({ dictionary: 'real' });
    assert.equal(t.engine.dense, false, 'lexical-only: no model');
  });
  after(async () => t?.close());

  it('GIVEN “How many barrels of oil per day does Russia sell to China?” THEN refused: a passage holding “day”, “Russia” and “China”, two of them in most passages here, is not enough without a dense search to agree', async () => {
    // Before: answered lexical-only with a passage holding “day” (يوم), Russia and China, the
    // subject words counted in full (a fifth of the question by weight).
    const answer = await t.engine.ask('How many barrels of oil per day does Russia sell to China?');
    assert.equal(answer.abstained, true, `${answer.why} | ${answer.judged.slice(0, 3).map((j) => `${j.doc}: words ${j.words}, ${j.wordsHeld}/${j.questionWords} held, score ${j.score}`).join('; ')}`);
  });

  it('GIVEN a question on the subject with words beyond it (“trade between Russia and China”) THEN still answered, the trade figures first', async () => {
    const answer = await t.engine.ask('trade between Russia and China');
    assert.equal(answer.status, 'answered', answer.why);
    assert.ok(answer.passages.slice(0, 3).some((p) => /التجارة/.test(p.text)), answer.passages.map((p) => p.id).join(', '));
    assertScores(answer);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Engine } from '../../../src/engine.ts';
import type { Answer } from '../../../src/search/answer.ts';
import { Refusals } from '../../../src/search/refusals.ts';
import { openTestEngine } from '../../support/seeds-engine.ts';

/** The speakers an answer presents its passages as quotes of ("… quoting X, Y"), or [] when it quotes nobody. */
function quotedNames(answer: Answer): string[] {
  const match = /passage\(s\) quoting (.+?)(?:, those about|\.$)/.exec(answer.why);
  return match ? match[1]!.split('، ') : [];
}

describe('who said what, over the seed articles (engine, lexical-only, fixture dictionary)', { timeout: 120_000 }, () => {
  let engine: Engine;
  let close: () => Promise<void>;

  before(async () => {
    ({ engine, close } = await openTestEngine());
  });
  after(async () => close?.());

  describe('a person named but never quoted', () => {
    for (const question of ['What did Biden say?', 'ماذا قال بايدن؟', 'What did Joe Biden say?']) {
      it(`GIVEN “${question}” THEN says so and shows only passages naming him, nobody's quotes`, async () => {
        const answer = await engine.ask(question);
        assert.equal(answer.status, 'answered', answer.why);
        assert.match(answer.why, /^The articles mention .*Biden|^The articles mention بايدن/);
        assert.deepEqual(quotedNames(answer), [], answer.why);
        assert.ok(answer.passages.length > 0, 'expected the passages that mention him');
        for (const passage of answer.passages) assert.ok(passage.text.includes('بايدن'), `not about Biden: ${passage.text.slice(0, 60)}`);
      });
    }
  });

  describe('a person the articles do not name', () => {
    it('GIVEN “What did Lavrov say?” THEN an honest refusal naming who is quoted', async () => {
      const answer = await engine.ask('What did Lavrov say?');
      assert.equal(answer.status, 'refused');
      assert.equal(answer.status === 'refused' && answer.reason, 'unknown-person');
      assert.ok(answer.why.startsWith(Refusals.notInArticles('Lavrov', []).split('.')[0]!), answer.why);
      assert.match(answer.why, /People quoted: .*بوتين/);
      assert.deepEqual(answer.passages, []);
    });

    it('GIVEN “ماذا قال لافروف؟” THEN the same refusal in Arabic script', async () => {
      const answer = await engine.ask('ماذا قال لافروف؟');
      assert.equal(answer.status === 'refused' && answer.reason, 'unknown-person', answer.why);
    });
  });

  describe('a quoted person', () => {
    it('GIVEN “What did Putin say?” THEN only Putin’s quotes', async () => {
      const answer = await engine.ask('What did Putin say?');
      assert.deepEqual(quotedNames(answer), ['فلاديمير بوتين']);
    });

    it('GIVEN the name in another spelling (بوتن) THEN the same speaker', async () => {
      assert.deepEqual(quotedNames(await engine.ask('ماذا قال بوتن؟')), ['فلاديمير بوتين']);
    });

    it('GIVEN the short form (Ushakov) the articles tie to the full name THEN his quotes', async () => {
      assert.deepEqual(quotedNames(await engine.ask('What did Ushakov say?')), ['يوري أوشاكوف']);
    });

    it('GIVEN names of two different people (“Xi Putin”) THEN neither one’s quotes under the other’s name', async () => {
      const answer = await engine.ask('What did Xi Putin say?');
      assert.deepEqual(quotedNames(answer), [], answer.why);
    });
  });

  describe('speakers are people and organisations', () => {
    it('GIVEN “كما ذكّر الحضور بأن …” THEN the audience is no speaker (nor in /briefing’s list), and Putin said it', async () => {
      const names = engine.speakers().map((s) => s.name);
      assert.ok(!names.some((name) => name.includes('الحضور')), `listed: ${names.join(', ')}`);
      const putin = engine.quotes('بوتين');
      assert.ok(putin.passages.some((p) => p.text.includes('كما ذكّر الحضور')), 'expected the reminder among Putin’s quotes');
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Engine } from '../../../src/engine.ts';
import type { Answer } from '../../../src/search/answer.ts';
import { Refusals } from '../../../src/search/refusals.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/config.ts';
import { denotes, readGoldStatements } from '../../support/attribution-gold.ts';
import { REAL_DICTIONARY_SKIP } from '../../support/fixture-dictionary.ts';
import { openTestEngine } from '../../support/seeds-engine.ts';
import { observed } from '../../support/observed.ts';

/**
 * The speakers an answer presents its passages as quotes of, as the articles write them ("…
 * quoting Yuri Ushakov (يوري أوشاكوف); …"), or [] when it quotes nobody. The sentence and the
 * answer's `people` must agree.
 */
function quotedNames(answer: Answer): string[] {
  const match = /passage\(s\) quoting (.+?)(?:, those about|\.$)/.exec(answer.why);
  const named = match ? match[1]!.split('; ').map((name) => /\(([^()]+)\)$/.exec(name)?.[1] ?? name) : [];
  assert.deepEqual(named, match ? answer.people : [], `why and people disagree: ${answer.why} / ${JSON.stringify(answer.people)}`);
  return named;
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
        assert.ok(answer.passages.length > 0, `the passages that mention him: ${observed(answer)}`);
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

  describe('no answer presents one person’s quotes under another’s name', () => {
    it('GIVEN the seed dev questions and speaker questions THEN every quote shown under a name is labelled with that speaker in the gold file', async () => {
      const gold = readGoldStatements();
      const dev = JSON.parse(await readFile(join(PROJECT_ROOT, 'test', 'fixtures', 'seed-qa-dev.json'), 'utf8')) as { questions: { q: string }[] };
      const questions = [...dev.questions.map((q) => q.q), 'What did Biden say?', 'What did the Russian leader say?', 'What did the Kremlin aide say?', 'What did the Chinese president say?', 'ماذا كتب بوتين؟'];
      let checked = 0;
      for (const question of questions) {
        const answer = await engine.ask(question);
        const names = quotedNames(answer);
        if (names.length === 0) continue;
        const speakers = names.flatMap((name) => engine.quotes(name).speakers);
        for (const passage of answer.passages) {
          for (const span of passage.quotes) {
            const sentence = passage.text.slice(span.start, span.end);
            const labels = gold.filter((g) => g.file === passage.file && sentence.includes(g.contains));
            assert.ok(labels.some((g) => speakers.some((s) => denotes(g.speaker, s))), `“${question}” shows under ${names.join('، ')}: ${sentence.slice(0, 80)} (labelled: ${labels.map((g) => g.speaker).join(', ') || 'nobody'})`);
            checked++;
          }
        }
      }
      assert.ok(checked > 50, `only ${checked} quotes checked`);
    });
  });

  describe('speakers are people and organisations', () => {
    it('GIVEN “كما ذكّر الحضور بأن …” THEN the audience is no speaker (nor in /briefing’s list), and Putin said it', async () => {
      const names = engine.speakers().map((s) => s.name);
      assert.ok(!names.some((name) => name.includes('الحضور')), `listed: ${names.join(', ')}`);
      const putin = engine.quotes('بوتين');
      assert.ok(putin.passages.some((p) => p.text.includes('كما ذكّر الحضور')), `the reminder among Putin’s quotes: ${observed(putin.passages.map((p) => p.text))}`);
    });
  });

  describe('roles the articles give speakers (titles and appositions), through the dictionary', () => {
    const cases: [string, string][] = [
      ['What did the Chinese president say about Ukraine?', 'شي جين بينج'],
      ['ماذا قال الرئيس الصيني؟', 'شي جين بينج'],
      ['What did the Russian leader say?', 'فلاديمير بوتين'],
      ['What did the Kremlin aide say?', 'يوري أوشاكوف'],
      ["What did Putin's foreign policy adviser say?", 'يوري أوشاكوف'],
      ["What did the Kremlin's foreign policy adviser say about gas?", 'يوري أوشاكوف'],
      ['What did the Kremlin say?', 'الكرملين'],
    ];
    for (const [question, speaker] of cases) {
      it(`GIVEN “${question}” THEN the quotes of ${speaker} only`, async () => {
        assert.deepEqual(quotedNames(await engine.ask(question)), [speaker]);
      });
    }

    it('GIVEN a role nobody in the articles has (“the French president”) THEN nobody’s quotes', async () => {
      const answer = await engine.ask('What did the French president say?');
      assert.deepEqual(quotedNames(answer), [], answer.why);
    });

    it('GIVEN the gas question THEN Ushakov’s words on gas come first', async () => {
      const answer = await engine.ask("What did the Kremlin's foreign policy adviser say about gas?");
      const first = answer.passages[0]!;
      assert.ok(first.quotes.some((q) => first.text.slice(q.start, q.end).includes('الغاز')), `first: ${first.text.slice(0, 80)}`);
    });
  });

  describe('reporting verbs beyond “say” in questions', () => {
    it('GIVEN “What did Putin write?” / “ماذا كتب بوتين؟” THEN Putin’s quotes', async () => {
      assert.deepEqual(quotedNames(await engine.ask('What did Putin write?')), ['فلاديمير بوتين']);
      assert.deepEqual(quotedNames(await engine.ask('ماذا كتب بوتين؟')), ['فلاديمير بوتين']);
    });

    it('GIVEN “What did Putin tell CGTN?” THEN his words to CGTN first', async () => {
      const answer = await engine.ask('What did Putin tell CGTN?');
      assert.deepEqual(quotedNames(answer), ['فلاديمير بوتين']);
      assert.match(answer.passages[0]!.text, /CGTN/);
    });

    it('GIVEN “What did Xi thank Putin for?” THEN Xi’s quotes, those naming Putin first', async () => {
      const answer = await engine.ask('What did Xi thank Putin for?');
      assert.deepEqual(quotedNames(answer), ['شي جين بينج']);
      assert.match(answer.passages[0]!.text, /بوتن|بوتين/);
    });

    it('GIVEN “What did Xi call on Beijing and Moscow to do?” THEN his call (دعا) is among his quotes', async () => {
      const answer = await engine.ask('What did Xi call on Beijing and Moscow to do?');
      assert.deepEqual(quotedNames(answer), ['شي جين بينج']);
      assert.ok(answer.passages.some((p) => p.quotes.some((q) => p.text.slice(q.start, q.end).includes('كما دعا شي'))), `“كما دعا شي …” quoted: ${observed(answer.passages.map((p) => p.quotes.map((q) => p.text.slice(q.start, q.end))))}`);
    });
  });

  describe('reverse questions', () => {
    it('GIVEN “Who said the two leaders would sign a joint statement?” THEN Ushakov’s passage first, named as its speaker', async () => {
      const answer = await engine.ask('Who said the two leaders would sign a joint statement?');
      assert.equal(answer.status, 'answered', answer.why);
      const first = answer.passages[0]!;
      assert.match(first.text, /يوقعان بيانًا مشتركًا/);
      assert.deepEqual(first.speakers, ['يوري أوشاكوف']);
      assert.match(answer.why, /^Said by Yuri Ushakov \(يوري أوشاكوف\) \(003_e1704f5e1c1310a5\.txt:15\)/);
    });

    it('GIVEN “من قال إن الزعيمين سيجتمعان يوم الجمعة؟” THEN the same speaker', async () => {
      const answer = await engine.ask('من قال إن الزعيمين سيجتمعان يوم الجمعة؟');
      assert.deepEqual(answer.passages[0]!.speakers, ['يوري أوشاكوف']);
    });

    it('GIVEN “Who said trade grew?” THEN every passage with a speaker names the one the articles attribute it to', async () => {
      const answer = await engine.ask('Who said trade grew?');
      const first = answer.passages[0]!;
      assert.match(first.text, /التجارة الثنائية زادت/);
      assert.deepEqual(first.speakers, ['فلاديمير بوتين']);
    });
  });
});

describe('who said what with the real FreeDict dictionary (quality; lexical-only)', { timeout: 120_000, skip: REAL_DICTIONARY_SKIP }, () => {
  let engine: Engine;
  let close: () => Promise<void>;

  before(async () => {
    ({ engine, close } = await openTestEngine({ dictionary: 'real' }));
  });
  after(async () => close?.());

  const expected: [string, string][] = [
    ['What did the Chinese president say about Ukraine?', 'شي جين بينج'],
    ['What did the Russian leader say?', 'فلاديمير بوتين'],
    ['What did the Kremlin aide say?', 'يوري أوشاكوف'],
    ['What did the Kremlin say?', 'الكرملين'],
  ];
  for (const [question, speaker] of expected) {
    it(`GIVEN “${question}” THEN the quotes of ${speaker} only`, async () => {
      assert.deepEqual(quotedNames(await engine.ask(question)), [speaker]);
    });
  }

  it('GIVEN Biden, the French president, or Putin’s adviser THEN never anyone else’s quotes under their name', async () => {
    assert.deepEqual(quotedNames(await engine.ask('What did Biden say?')), []);
    assert.deepEqual(quotedNames(await engine.ask('What did the French president say?')), []);
    const adviser = quotedNames(await engine.ask("What did Putin's foreign policy adviser say?"));
    assert.ok(adviser.length === 0 || (adviser.length === 1 && adviser[0] === 'يوري أوشاكوف'), `quoted: ${adviser.join(', ')}`);
  });
});

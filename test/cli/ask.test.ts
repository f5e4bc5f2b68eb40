import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { fixtureWordListPath } from '../support/fixture-word-list.ts';
import { PROJECT_ROOT, runCli as cli, type CliRun as Run } from '../support/run-cli.ts';
import { observed } from '../support/observed.ts';

const SEEDS = join(PROJECT_ROOT, 'seeds');
const DEV_SET = 'test/fixtures/seed-qa-dev.json';

interface PassageJson {
  file: string;
  lineStart: number;
  lineEnd: number;
  text: string;
  score: number;
  quotes: string[];
}


const seedLines = new Map<string, Promise<string[]>>();
function linesOf(file: string): Promise<string[]> {
  if (!seedLines.has(file)) seedLines.set(file, readFile(join(SEEDS, file), 'utf8').then((text) => text.split('\n')));
  return seedLines.get(file)!;
}

async function assertVerbatim(passage: PassageJson): Promise<void> {
  const lines = await linesOf(passage.file);
  assert.ok(passage.lineStart >= 1 && passage.lineEnd >= passage.lineStart && passage.lineEnd <= lines.length, `passage.lineStart: ${observed(passage.lineStart)}; passage.lineEnd: ${observed(passage.lineEnd)}; lines: ${observed(lines)}`);
  const cited = lines.slice(passage.lineStart - 1, passage.lineEnd).join('\n');
  assert.ok(cited.includes(passage.text), `${passage.file}:${passage.lineStart} does not hold ${passage.text.slice(0, 40)}`);
}

describe('the CLI', () => {
  let scratch: string;
  const env = (name: string) => ({ INDEX_DIR: join(scratch, name), MODEL_DIR: join(scratch, 'no-model-here'), DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath() });
  let ask: Run;
  let batch: Run;
  let batchText: Run;
  let index: [Run, Run];
  let unknownCorpus: Run;
  let speakerK: Run;
  let empty: Run;
  let mentionedOnly: Run;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cli-test-'));
    const oneQuestion = join(scratch, 'one-question.json');
    await writeFile(oneQuestion, JSON.stringify({ questions: [{ id: 'q1', lang: 'en', q: 'What did Ushakov say?', kind: 'any', gold: [] }] }));
    // Independent runs in parallel, each with its own index folder.
    [ask, batch, batchText, index, unknownCorpus, speakerK, empty, mentionedOnly] = await Promise.all([
      cli(['ask', '--json', 'What did Ushakov say?'], env('ask')),
      cli(['ask', '--batch', DEV_SET, '--json'], env('batch')),
      cli(['ask', '--batch', oneQuestion], env('batch-text')),
      cli(['index'], env('index')).then(async (first) => [first, await cli(['index'], env('index'))] as [Run, Run]),
      cli(['ask', '--corpus', join(scratch, 'no-such-corpus'), 'What did Ushakov say?'], env('unknown')),
      cli(['ask', '--json', '--k', '2', 'What did Ushakov say?'], env('speaker-k')),
      cli(['ask', '?!'], env('empty')),
      cli(['ask', '--json', 'What did Biden say?'], env('mentioned')),
    ]);
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('ask --json "What did Ushakov say?"', () => {
    let answer: { question: string; abstained: boolean; why: string; passages: PassageJson[]; retrieval: unknown };

    before(() => {
      assert.equal(ask.code, 0, ask.stderr);
      answer = JSON.parse(ask.stdout) as typeof answer;
    });

    it('prints one JSON answer on stdout, and logs the missing model on stderr only', () => {
      assert.equal(answer.question, 'What did Ushakov say?');
      assert.equal(answer.abstained, false);
      // One short line, once, naming both remedies.
      const said = ask.stderr.split('\n').filter((line) => /embedding model/i.test(line));
      assert.equal(said.length, 1, ask.stderr);
      assert.match(said[0]!, /No embedding model .*npm run model -- fetch/);
      assert.match(said[0]!, /MODEL_DIR/);
      assert.deepEqual(answer.retrieval, { mode: 'lexical-only', model: null }, 'says it answered without the model');
    });

    it('quotes passages verbatim from their files at lineStart..lineEnd', async () => {
      assert.ok(answer.passages.length >= 2, `answer.passages: ${observed(answer.passages)}`);
      for (const passage of answer.passages) await assertVerbatim(passage);
    });

    it('quotes passages from several files, most of them naming أوشاكوف', () => {
      const files = new Set(answer.passages.filter((p) => p.text.includes('أوشاكوف')).map((p) => p.file));
      assert.ok(files.size >= 2, JSON.stringify([...files]));
      assert.ok(answer.passages[0]!.text.includes('أوشاكوف'), `answer.passages[0]!.text: ${observed(answer.passages[0]!.text)}`);
    });

    it('gives quotes that lie inside their passage text', () => {
      for (const passage of answer.passages) {
        assert.ok(passage.quotes.length >= 1, `passage.quotes: ${observed(passage.quotes)}`);
        for (const quote of passage.quotes) assert.ok(passage.text.includes(quote), quote);
      }
    });
  });

  describe('ask --json --k 2 "What did Ushakov say?" (the speaker route)', () => {
    it('returns exactly 2 of his quotes, as --k asks', () => {
      assert.equal(speakerK.code, 0, speakerK.stderr);
      const answer = JSON.parse(speakerK.stdout) as { why: string; passages: PassageJson[] };
      assert.match(answer.why, /quoting Yuri Ushakov \(يوري أوشاكوف\)/);
      assert.equal(answer.passages.length, 2, 'the default would be 5');
    });
  });

  describe('ask --json "What did Biden say?" (named in the articles, never quoted)', () => {
    it('says he is mentioned but not quoted, and shows only passages naming him, none presented as his quotes', async () => {
      assert.equal(mentionedOnly.code, 0, mentionedOnly.stderr);
      const answer = JSON.parse(mentionedOnly.stdout) as { why: string; abstained: boolean; passages: PassageJson[] };
      assert.match(answer.why, /^The articles mention Biden but do not quote/);
      assert.doesNotMatch(answer.why, /quoting/);
      assert.ok(answer.passages.length >= 1, `the passages that mention Biden: ${observed(answer)}`);
      for (const passage of answer.passages) {
        assert.ok(passage.text.includes('بايدن'), `a passage not naming Biden: ${passage.text.slice(0, 60)}`);
        await assertVerbatim(passage);
      }
    });
  });

  describe('ask "?!" (nothing to search for)', () => {
    it('prints the refusal as an error and exits with 1', () => {
      assert.equal(empty.code, 1);
      assert.match(empty.stderr, /^Error: There is nothing to search for in that question/m);
      assert.equal(empty.stdout, '');
    });
  });

  describe('ask --batch seed-qa-dev.json --json', () => {
    it('prints one JSON line per question, in order, with id, question, abstained and passages', async () => {
      assert.equal(batch.code, 0, batch.stderr);
      const { questions } = JSON.parse(await readFile(join(PROJECT_ROOT, DEV_SET), 'utf8')) as { questions: { id: string; q: string }[] };
      const lines = batch.stdout.trimEnd().split('\n');
      assert.equal(lines.length, questions.length);
      lines.forEach((line, i) => {
        const answer = JSON.parse(line) as { id: string; question: string; abstained: boolean; passages: PassageJson[] };
        assert.equal(answer.id, questions[i]!.id);
        assert.equal(answer.question, questions[i]!.q);
        assert.equal(typeof answer.abstained, 'boolean');
        assert.ok(Array.isArray(answer.passages), `answer.passages: ${observed(answer.passages)}`);
        if (answer.abstained) assert.deepEqual(answer.passages, []);
        for (const passage of answer.passages) {
          assert.equal(typeof passage.file, 'string');
          assert.ok(Number.isInteger(passage.lineStart) && Number.isInteger(passage.lineEnd), `lines ${observed(passage.lineStart)} to ${observed(passage.lineEnd)}`);
          assert.equal(typeof passage.text, 'string');
          assert.equal(typeof passage.score, 'number');
        }
      });
    });

    it('quotes every passage of every answer verbatim from its file', async () => {
      for (const line of batch.stdout.trimEnd().split('\n')) {
        for (const passage of (JSON.parse(line) as { passages: PassageJson[] }).passages) await assertVerbatim(passage);
      }
    });
  });

  describe('ask --batch without --json', () => {
    it('prints each answer as text after its id, not as JSON', () => {
      assert.equal(batchText.code, 0, batchText.stderr);
      assert.match(batchText.stdout, /^q1: /);
      assert.doesNotMatch(batchText.stdout, /^\{/m);
      assert.match(batchText.stdout, /أوشاكوف/);
    });
  });

  describe('index, run twice', () => {
    it('builds the index the first time', () => {
      assert.equal(index[0].code, 0, index[0].stderr);
      assert.match(index[0].stdout, /^Indexed \d+ passages from 5 files \(5 added, 0 changed, 0 removed, 0 unchanged\); lexical-only/);
    });

    it('says the second time that nothing needed embedding', () => {
      assert.equal(index[1].code, 0, index[1].stderr);
      assert.match(index[1].stdout, /^Index is up to date: 5 files, \d+ passages; nothing needed embedding\.$/m);
    });
  });

  describe('ask --corpus with a folder that does not exist', () => {
    it('prints "Error: ..." naming the folder on stderr, exits with 1, and shows no stack trace', () => {
      assert.equal(unknownCorpus.code, 1);
      assert.equal(unknownCorpus.stdout, '');
      assert.match(unknownCorpus.stderr, /^Error: --corpus .*no-such-corpus: no such folder\.$/m);
      assert.doesNotMatch(unknownCorpus.stderr, /^\s+at /m);
    });
  });
});

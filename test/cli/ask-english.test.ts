/**
 * `npm run ask` for a reader who does not read Arabic, through the real CLI process: every
 * passage of `--json` carries its English (`english.kind` "gloss" here: no translation model) with
 * the Latin form of the names it quotes, and each speaker named has a `latin` form; the terminal
 * shows both. With the fixture dictionary, without any dictionary (names and numbers only), and
 * with the real FreeDict and word list (skipped without them).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureDictionaryPath, REAL_DICTIONARY_PATH, REAL_DICTIONARY_SKIP } from '../support/fixture-dictionary.ts';
import { fixtureWordListPath, REAL_WORD_LIST_PATH, REAL_WORD_LIST_SKIP } from '../support/fixture-word-list.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

interface EnglishJson {
  why: string;
  speakers?: { name: string; latin: string }[];
  passages: { quotes: string[]; english?: { kind: string; text: string } }[];
}

const SETUPS = {
  'the fixture dictionary': { DICTIONARY_PATH: fixtureDictionaryPath(), WORD_LIST_PATH: fixtureWordListPath() },
  'no dictionary and no word list (names and numbers only)': { DICTIONARY_PATH: '/nonexistent/freedict-eng-ara', WORD_LIST_PATH: '/nonexistent/words' },
  'the real FreeDict and word list': { DICTIONARY_PATH: REAL_DICTIONARY_PATH, WORD_LIST_PATH: REAL_WORD_LIST_PATH },
} as const;

describe('ask in English (the CLI process)', { timeout: 170_000 }, () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cli-english-'));
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  for (const [setup, resources] of Object.entries(SETUPS)) {
    const skip = setup.startsWith('the real') ? REAL_DICTIONARY_SKIP || REAL_WORD_LIST_SKIP : false;
    describe(`with ${setup}`, { skip }, () => {
      let json: CliRun;
      let text: CliRun;
      before(async () => {
        const env = { INDEX_DIR: join(scratch, setup.replace(/\W+/g, '-')), MODEL_DIR: join(scratch, 'no-model-here'), ...resources };
        [json, text] = await Promise.all([runCli(['ask', '--json', 'What did Ushakov say?'], env), runCli(['ask', 'What did Ushakov say?'], env)]);
      });

      it('GIVEN --json "What did Ushakov say?" THEN every passage has a gloss, with "Ushakov" wherever the quote has أوشاكوف', () => {
        assert.equal(json.code, 0, json.stderr);
        const answer = JSON.parse(json.stdout) as EnglishJson;
        assert.ok(answer.passages.length > 0, answer.why);
        for (const passage of answer.passages) {
          assert.equal(passage.english?.kind, 'gloss', JSON.stringify(passage));
          if (passage.quotes.some((quote) => quote.includes('أوشاكوف'))) assert.match(passage.english!.text, /\bUshakov\b/, passage.english!.text);
        }
        assert.deepEqual(answer.speakers, [{ name: 'يوري أوشاكوف', latin: 'Yuri Ushakov' }]);
      });

      it('GIVEN the same in the terminal THEN the header names him in both scripts and each passage shows its labelled gloss', () => {
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /^\d+ passage\(s\) quoting Yuri Ushakov \(يوري أوشاكوف\)\./);
        assert.match(text.stdout, /English \(word-by-word gloss\): .*Ushakov/);
        assert.doesNotMatch(text.stdout, /translation/i);
      });
    });
  }
});

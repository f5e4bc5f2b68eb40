import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideOutcome, type Outcome, type OutcomeInput } from '../../src/search/outcome.ts';
import type { AnalyzedQuery } from '../../src/search/query.ts';
import type { Route } from '../../src/search/route.ts';

const nothing: AnalyzedQuery = { question: '', language: 'en', concepts: [], untranslated: [] };
const topic: Route = { kind: 'topic', judged: nothing };
const whoSaid: Route = { kind: 'who-said', statement: 'trade grew', judged: nothing };
const speaker = (found: Extract<Route, { kind: 'speaker' }>['found']): Route => ({ kind: 'speaker', name: 'X', topic: '', found, judged: nothing });
const quoted = speaker({ as: 'quoted', speakers: [] });
const mentioned = speaker({ as: 'mentioned', mentions: nothing });
const unknown = speaker({ as: 'unknown', quoted: ['فلاديمير بوتين'] });

describe('decideOutcome: one decision for every route', () => {
  const table: [name: string, input: OutcomeInput, expected: Outcome][] = [
    ['a topic search whose best passage scores 0.5', { route: topic, searchable: true, bestScore: 0.5 }, { status: 'answered' }],
    ['a topic search whose best passage scores 0.49', { route: topic, searchable: true, bestScore: 0.49 }, { status: 'abstained' }],
    ['a topic search that found nothing', { route: topic, searchable: true, bestScore: null }, { status: 'abstained' }],
    ['a question with no word to match and no model', { route: topic, searchable: false, bestScore: null }, { status: 'refused', reason: 'no-terms' }],
    ['a reverse question answered', { route: whoSaid, searchable: true, bestScore: 0.8 }, { status: 'answered' }],
    ['a reverse question nothing answers', { route: whoSaid, searchable: true, bestScore: 0.2 }, { status: 'abstained' }],
    ["a quoted speaker's quotes, the best at 0.9", { route: quoted, searchable: true, bestScore: 0.9 }, { status: 'answered' }],
    ["a quoted speaker's quotes, none on the topic (0.1): the plain search then decides", { route: quoted, searchable: true, bestScore: 0.1 }, { status: 'abstained' }],
    ['a person mentioned, not quoted, whose mentions answer', { route: mentioned, searchable: true, bestScore: 0.6 }, { status: 'answered' }],
    ['a person the articles do not hold, whatever was found', { route: unknown, searchable: true, bestScore: 1 }, { status: 'refused', reason: 'unknown-person' }],
  ];
  for (const [name, input, expected] of table) {
    it(`GIVEN ${name} THEN ${expected.status}${'reason' in expected ? ` (${expected.reason})` : ''}`, () => {
      assert.deepEqual(decideOutcome(input), expected);
    });
  }
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.ts';
import { buildIndex } from '../../src/index/build-index.ts';
import { buildLexicon } from '../../src/search/lexicon.ts';
import { analyzeQuery, type CrossLingualLexicon } from '../../src/search/query.ts';
import { routeQuestion, type Route, type RouteContext } from '../../src/search/route.ts';
import { attributeQuotes } from '../../src/search/speakers/attribution.ts';
import { loadDictionary } from '../../src/text/dictionary.ts';
import { fixtureDictionaryPath } from '../support/fixture-dictionary.ts';
import { defaultSettings } from '../../src/settings.ts';

/** A route in a few words: the kind, and for a speaker how the name was found and whom it names. */
function describeRoute(route: Route): string {
  if (route.kind === 'topic') return 'topic';
  if (route.kind === 'who-said') return `who-said: ${route.statement}`;
  const found = route.found.as === 'quoted' ? `quoted ${route.found.speakers.map((s) => s.name).join(' + ')}` : route.found.as;
  return `speaker ${found}${route.topic ? ` about ${route.topic}` : ''}`;
}

describe('routeQuestion over the seed articles (fixture dictionary)', () => {
  let scratch: string;
  let context: RouteContext;
  let lexicon: CrossLingualLexicon;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'route-'));
    const { index } = await buildIndex({ settings: defaultSettings, corpusDir: join(PROJECT_ROOT, 'seeds'), indexDir: join(scratch, 'index'), embedder: null, previous: null });
    const dictionary = loadDictionary(fixtureDictionaryPath());
    assert.ok(dictionary.ok, 'the fixture dictionary loads');
    lexicon = buildLexicon(index, dictionary.dictionary, defaultSettings.analysis);
    context = { index, lexicon, speakers: attributeQuotes(index.passages), people: 5, match: defaultSettings.speakers };
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const table: [question: string, route: string][] = [
    ['What did Ushakov say?', 'speaker quoted يوري أوشاكوف'],
    ['What did Ushakov say about gas?', 'speaker quoted يوري أوشاكوف about gas'],
    ['ماذا قال أوشاكوف عن الغاز؟', 'speaker quoted يوري أوشاكوف about الغاز'],
    ["What did the Kremlin's foreign policy adviser say about gas?", 'speaker quoted يوري أوشاكوف about gas'],
    ['What did Putin write?', 'speaker quoted فلاديمير بوتين'],
    ['What did Biden say?', 'speaker mentioned'],
    ['What did Biden say about Ukraine?', 'topic'],
    ['What did Lavrov say?', 'speaker unknown'],
    ['ماذا قال لافروف؟', 'speaker unknown'],
    ['What did the report say?', 'topic'],
    ['Who said the two leaders would sign a joint statement?', 'who-said: the two leaders would sign a joint statement'],
    ['من قال إن الزعيمين سيجتمعان يوم الجمعة؟', 'who-said: الزعيمين سيجتمعان يوم الجمعة'],
    ['gas deals being prepared', 'topic'],
    ['What is the weather in Paris tomorrow?', 'topic'],
    ['asdkjh qwe', 'topic'],
  ];
  for (const [question, expected] of table) {
    it(`GIVEN “${question}” THEN ${expected}`, () => {
      assert.equal(describeRoute(routeQuestion(question, analyzeQuery(question, lexicon, defaultSettings.analysis), context)), expected);
    });
  }

  it('judges a speaker question on its topic words, never on the frame; without a topic, on the name', () => {
    const labels = (question: string) => routeQuestion(question, analyzeQuery(question, lexicon, defaultSettings.analysis), context).judged.concepts.map((c) => c.label);
    assert.deepEqual(labels('What did Ushakov say about gas?'), ['gas']);
    assert.deepEqual(labels('What did Ushakov say?'), ['ushakov']);
  });

  it('judges a reverse question on its statement only', () => {
    const question = 'Who said the two leaders would sign a joint statement?';
    const route = routeQuestion(question, analyzeQuery(question, lexicon, defaultSettings.analysis), context);
    assert.ok(!route.judged.concepts.some((c) => c.label === 'said'), route.judged.concepts.map((c) => c.label).join(' '));
  });

  it('is pure: the same question routes the same way every time', () => {
    const question = "What did the Kremlin's foreign policy adviser say about gas?";
    const routes = [1, 2, 3].map(() => describeRoute(routeQuestion(question, analyzeQuery(question, lexicon, defaultSettings.analysis), context)));
    assert.deepEqual(new Set(routes).size, 1, routes.join(' | '));
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../../src/config.ts';
import { defaultSettings } from '../../../src/settings.ts';
import { buildIndex } from '../../../src/index/build-index.ts';
import type { CorpusIndex } from '../../../src/index/corpus-index.ts';
import { buildLexicon } from '../../../src/search/lexicon.ts';
import type { CrossLingualLexicon } from '../../../src/search/query.ts';
import { attributeQuotes, type SpeakerDirectory } from '../../../src/search/speakers/attribution.ts';
import { mentionQuery, mentioningDocs } from '../../../src/search/speakers/mentions.ts';
import { nameWords } from '../../../src/search/speakers/name-words.ts';
import { loadDictionary } from '../../../src/text/dictionary.ts';
import { fixtureDictionaryPath } from '../../support/fixture-dictionary.ts';
import { observed } from '../../support/observed.ts';

// “What did Biden say?” when the articles name Biden but quote him nowhere: the answer is the
// passages that mention him, and a phrase that names nobody the articles present as a name gets none.
describe('mentionQuery and mentioningDocs over the seed articles', () => {
  let scratch: string;
  let index: CorpusIndex;
  let lexicon: CrossLingualLexicon;
  let speakers: SpeakerDirectory;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mentions-'));
    ({ index } = await buildIndex({ corpusDir: join(PROJECT_ROOT, 'seeds'), indexDir: join(scratch, 'index'), embedder: null, previous: null, settings: defaultSettings }));
    const dictionary = loadDictionary(fixtureDictionaryPath());
    assert.ok(dictionary.ok, `the fixture dictionary does not load: ${observed(dictionary)}`);
    lexicon = buildLexicon(index, dictionary.dictionary, defaultSettings.analysis);
    speakers = attributeQuotes(index.passages);
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const query = (phrase: string) => mentionQuery(index, speakers.nameWords, phrase, nameWords(phrase, lexicon).filter((w) => w.isName));

  it('GIVEN “Biden” THEN one concept, his name as the articles spell it, and only passages naming him', () => {
    const biden = query('Biden');
    assert.deepEqual(biden.concepts.map((c) => [c.label, c.alternatives]), [['biden', [['بايدن']]]]);
    const docs = mentioningDocs(index, biden, 5, defaultSettings.bm25);
    assert.ok(docs.length > 0, 'no passage mentions Biden');
    const texts = docs.map((doc) => index.passages[doc]!.text);
    assert.ok(texts.every((text) => text.includes('بايدن')), `a passage without بايدن: ${observed(texts)}`);
  });

  it('GIVEN the same name in Arabic script (بايدن) THEN the same passages', () => {
    assert.deepEqual(mentioningDocs(index, query('بايدن'), 5, defaultSettings.bm25), mentioningDocs(index, query('Biden'), 5, defaultSettings.bm25));
  });

  it('GIVEN a limit of one THEN one passage; GIVEN a file THEN only passages of that file', () => {
    const biden = query('Biden');
    assert.equal(mentioningDocs(index, biden, 1, defaultSettings.bm25).length, 1);
    const file = index.passages[mentioningDocs(index, biden, 1, defaultSettings.bm25)[0]!]!.file;
    const inFile = mentioningDocs(index, biden, 5, defaultSettings.bm25, file).map((doc) => index.passages[doc]!.file);
    assert.ok(inFile.length > 0 && inFile.every((f) => f === file), `${file}: ${observed(inFile)}`);
    const elsewhere = index.passages.find((p) => p.file !== file && !p.text.includes('بايدن'))?.file;
    if (elsewhere) assert.deepEqual(mentioningDocs(index, biden, 5, defaultSettings.bm25, elsewhere), [], `${elsewhere} holds no بايدن`);
  });

  it('GIVEN “Lavrov”, whom the articles never name, or common words THEN no concept and no passage', () => {
    for (const phrase of ['Lavrov', 'لافروف', 'the people']) {
      const found = query(phrase);
      assert.deepEqual([found.concepts, mentioningDocs(index, found, 5, defaultSettings.bm25)], [[], []], phrase);
    }
  });
});

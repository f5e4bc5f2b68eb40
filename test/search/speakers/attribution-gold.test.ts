import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../../src/config.ts';
import type { Passage } from '../../../src/corpus/passages.ts';
import { buildIndex } from '../../../src/index/build-index.ts';
import { attributeQuotes } from '../../../src/search/speakers/attribution.ts';
import { denotes, readGoldStatements, type GoldStatement } from '../../support/attribution-gold.ts';
import { defaultSettings } from '../../../src/settings.ts';

/** A sentence of the corpus: passage position and sentence index. */
type SentenceKey = `${number}:${number}`;

function sentenceHolding(passages: Passage[], statement: GoldStatement): SentenceKey {
  const found: SentenceKey[] = [];
  passages.forEach((passage, doc) => {
    if (passage.file !== statement.file) return;
    passage.sentences.forEach((span, i) => {
      if (passage.text.slice(span.start, span.end).includes(statement.contains)) found.push(`${doc}:${i}`);
    });
  });
  assert.equal(found.length, 1, `gold “${statement.contains}” should lie in exactly one sentence of ${statement.file}, found ${found.length}`);
  return found[0]!;
}

describe('attribution measured against the labelled seed articles', { timeout: 120_000 }, () => {
  let scratch: string;
  let precision = 0;
  let recall = 0;
  let wrong: string[] = [];
  let missed: string[] = [];

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'attribution-gold-'));
    const { index } = await buildIndex({ settings: defaultSettings, corpusDir: join(PROJECT_ROOT, 'seeds'), indexDir: join(scratch, 'index'), embedder: null, previous: null });
    const gold = readGoldStatements();
    const directory = attributeQuotes(index.passages);
    const goldBySentence = new Map<SentenceKey, GoldStatement[]>();
    for (const statement of gold) {
      const key = sentenceHolding(index.passages, statement);
      goldBySentence.set(key, [...(goldBySentence.get(key) ?? []), statement]);
    }
    const found = directory.speakers.flatMap((speaker) => speaker.quotes.map((q) => ({ key: `${q.doc}:${q.sentence}` as SentenceKey, speaker })));
    const right = found.filter(({ key, speaker }) => (goldBySentence.get(key) ?? []).some((g) => denotes(g.speaker, speaker)));
    wrong = found.filter((f) => !right.includes(f)).map(({ key, speaker }) => `${speaker.name} @ ${key}`);
    const recalled = gold.filter((g) => {
      const key = sentenceHolding(index.passages, g);
      return found.some((f) => f.key === key && denotes(g.speaker, f.speaker));
    });
    missed = gold.filter((g) => !recalled.includes(g)).map((g) => `${g.speaker}: ${g.contains}`);
    precision = right.length / found.length;
    recall = recalled.length / gold.length;
  });

  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('attributes statements to the labelled speaker: precision >= 0.95', (t) => {
    t.diagnostic(`attribution precision ${precision.toFixed(3)}; wrong: ${wrong.join(' | ') || 'none'}`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}; wrong: ${wrong.join(' | ')}`);
  });

  it('finds the labelled statements: recall >= 0.9', (t) => {
    t.diagnostic(`attribution recall ${recall.toFixed(3)}; missed: ${missed.join(' | ') || 'none'}`);
    assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}; missed: ${missed.join(' | ')}`);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDigest } from '../../src/briefing/digest.ts';
import { figuresIn, keyFigures } from '../../src/briefing/figures.ts';
import { briefingStatePath, loadBriefingState, saveBriefingState } from '../../src/corpora/briefing-state.ts';
import type { Passage } from '../../src/corpus/passages.ts';
import type { Engine } from '../../src/engine.ts';
import { openTestEngine } from './harness.ts';
import { observed } from '../support/observed.ts';

describe('figuresIn', () => {
  it('GIVEN percentages, amounts and years THEN finds each, most telling first', () => {
    assert.deepEqual(figuresIn('زادت التجارة في 2021 بنسبة 31٪ إلى 123 مليار دولار في أول 11 شهرًا'), [
      { figure: '31٪', kind: 'percent' },
      { figure: '123 مليار دولار', kind: 'amount' },
      { figure: '2021', kind: 'year' },
    ]);
    assert.deepEqual(figuresIn('وقال إن 90 في المائة من المعاملات'), [{ figure: '90 في المائة', kind: 'percent' }]);
    assert.deepEqual(figuresIn('trade rose 5.5% to $240 billion'), [
      { figure: '5.5%', kind: 'percent' },
      { figure: '$240 billion', kind: 'amount' },
    ]);
    assert.deepEqual(figuresIn('٣١٪ و ١٥٠ مليون جرعة'), [
      { figure: '٣١٪', kind: 'percent' },
      { figure: '١٥٠ مليون جرعة', kind: 'amount' },
    ]);
  });
  it('GIVEN no figure (a day of the month, a count) THEN nothing', () => {
    assert.deepEqual(figuresIn('في 8 فبراير مع ستة مصانع'), []);
  });
});

describe('keyFigures', () => {
  const p = (file: string, text: string): Passage => ({ id: file, file, lineStart: 1, lineEnd: 1, text, sentences: [{ start: 0, end: text.length }], hash: '', isTitle: false });
  it('GIVEN passages THEN amounts before years, repeated sentences once, within the limit', () => {
    const figures = keyFigures([p('a', 'زار بكين في 2022.'), p('b', 'بلغت التجارة 200 مليار دولار.'), p('c', 'بلغت التجارة 200 مليار دولار.')], 5);
    assert.deepEqual(
      figures.map((f) => [f.file, f.figure]),
      [
        ['b', '200 مليار دولار'],
        ['a', '2022'],
      ],
    );
    assert.equal(keyFigures([p('a', 'في 2022.'), p('b', 'في 2023.')], 1).length, 1);
  });
});

describe('briefing state', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'briefing-state-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('GIVEN the index folder of a corpus THEN the state file sits next to it, not inside it', () => {
    const file = briefingStatePath({ INDEX_DIR: '/data/embeddings' }, '/srv/seeds');
    assert.match(file, /^\/data\/embeddings\/seeds-[0-9a-f]{8}\.briefing\.json$/);
  });
  it('GIVEN no file THEN no previous briefing; GIVEN a saved one THEN reads it back', async () => {
    const file = path.join(dir, 'sub', 'state.json');
    assert.deepEqual(await loadBriefingState(file), { lastBriefingAt: null });
    await saveBriefingState(file, { lastBriefingAt: '2024-01-01T00:00:00.000Z' });
    assert.deepEqual(await loadBriefingState(file), { lastBriefingAt: '2024-01-01T00:00:00.000Z' });
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { lastBriefingAt: '2024-01-01T00:00:00.000Z' });
  });
  it('GIVEN a corrupt file THEN reports it and starts afresh', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, '{oops');
    const problems: string[] = [];
    assert.deepEqual(await loadBriefingState(file, (m) => problems.push(m)), { lastBriefingAt: null });
    assert.match(problems[0]!, /bad\.json is not valid JSON/);
  });
});

describe('buildDigest over seeds/', { timeout: 60_000 }, () => {
  let engine: Engine;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    ({ engine } = await openTestEngine(path.join(dir, 'embeddings')));
  });
  after(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GIVEN the whole corpus THEN quotes speakers verbatim with sources, figures with their sentences, all sources', async () => {
    const digest = await buildDigest(engine, { since: null, now: new Date('2030-01-01T00:00:00Z') });
    assert.equal(digest.generatedAt, '2030-01-01T00:00:00.000Z');
    assert.ok(digest.speakers.some((s) => s.name.includes('أوشاكوف')), `digest.speakers: ${observed(digest.speakers)}`);
    const byFile = new Map(engine.index.passages.map((p) => [`${p.file}:${p.lineStart}`, p.text]));
    for (const speaker of digest.speakers) {
      for (const quote of speaker.quotes) {
        for (const part of quote.text.split(' … ')) assert.ok(byFile.get(`${quote.file}:${quote.lineStart}`)?.includes(part), `verbatim: ${part}`);
      }
    }
    assert.ok(digest.figures.some((f) => f.figure.includes('مليار دولار')), `digest.figures: ${observed(digest.figures)}`);
    for (const figure of digest.figures) assert.ok(byFile.get(`${figure.file}:${figure.lineStart}`)?.includes(figure.sentence), `byFile.get(\`\${figure.file}:\${figure.lineStart}\`): ${observed(byFile.get(`${figure.file}:${figure.lineStart}`))}`);
    assert.equal(digest.sources.length, 5);
    assert.ok(digest.sources.every((s) => !s.isNew), 'no previous briefing: nothing marked');
  });

  it('GIVEN a previous briefing before the index was built THEN every source is new', async () => {
    const digest = await buildDigest(engine, { since: new Date(0) });
    assert.ok(digest.sources.every((s) => s.isNew), `digest.sources: ${observed(digest.sources)}`);
  });

  it('GIVEN a topic THEN only passages about it', async () => {
    const digest = await buildDigest(engine, { topic: 'تجارة' });
    assert.equal(digest.topic, 'تجارة');
    assert.ok(digest.sources.length >= 1 && digest.sources.length <= 5, `digest.sources: ${observed(digest.sources)}`);
    assert.ok(digest.figures.length >= 1, `digest.figures: ${observed(digest.figures)}`);
  });

  it('GIVEN a topic the articles do not cover THEN says so', async () => {
    const digest = await buildDigest(engine, { topic: 'quantum chromodynamics lattice' });
    assert.ok(digest.nothingFound, `digest.nothingFound: ${observed(digest.nothingFound)}`);
    assert.deepEqual(digest.speakers, []);
  });
});

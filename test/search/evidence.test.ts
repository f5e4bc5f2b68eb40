import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { judgePassages, subjectConcepts, type DenseJudge, type SubjectWords } from '../../src/search/evidence.ts';
import { analyzeQuery, type CrossLingualLexicon } from '../../src/search/query.ts';
import { defaultSettings } from '../../src/settings.ts';
import { buildSmallIndex } from '../support/small-index.ts';

/**
 * The corpus's subject words (src/search/evidence.ts): on articles about one subject, the words
 * of that subject are in most passages, so a passage holding them shows the question is on the
 * subject, not that the passage answers it. Generated corpora: one subject (every passage names
 * Russia and China) and many subjects (each passage its own).
 */

const TOPICS = [
  'وارتفعت التجارة الثنائية إلى مستوى قياسي بلغ مئتي مليار دولار',
  'وأعلن الجانبان عن اتفاقيات جديدة لتوريد الغاز عبر خط الأنابيب',
  'وناقش الزعيمان دورة الألعاب الأولمبية الشتوية في العاصمة',
  'وتحدث المسؤولون عن إنتاج اللقاحات في المصانع المحلية',
  'وانتقد البيان العقوبات الغربية المفروضة على الشركات',
  'وأشار التقرير إلى المناورات العسكرية البحرية المشتركة',
];

/** One article per topic, each paragraph naming the corpus's subject, Russia and China. */
const ONE_SUBJECT = Object.fromEntries(TOPICS.map((topic, i) => [`${i}.txt`, `خبر رقم ${i}\n\nقال مسؤولون إن روسيا والصين ${topic} هذا الأسبوع.\n`]));

/** The same topics with no word shared between articles. */
const MANY_SUBJECTS = Object.fromEntries(TOPICS.map((topic, i) => [`${i}.txt`, `خبر رقم ${i}\n\n${topic} خلال هذا الأسبوع.\n`]));

/** Arabic questions need no dictionary: their words are stemmed like the passages. */
function lexiconOf(index: CorpusIndex): CrossLingualLexicon {
  return { translate: () => [], matchName: () => [], hasTerm: (term) => index.lexical.has(term) };
}

const SUBJECT: SubjectWords = { share: 0.3, denseRank: 2, lexicalWeight: 0.5 };

/** The dense search's answer for a question: these passages in this order, each with a cosine above the median. */
function denseOrder(order: number[]): DenseJudge {
  return { vector: new Float32Array(4), median: 0.8, reference: null, known: new Map(order.map((doc, rank) => [doc, 0.9 - rank * 0.01])) };
}

describe('subject words of a corpus', { timeout: 60_000 }, () => {
  let one: Awaited<ReturnType<typeof buildSmallIndex>>;
  let many: Awaited<ReturnType<typeof buildSmallIndex>>;
  before(async () => {
    one = await buildSmallIndex(ONE_SUBJECT);
    many = await buildSmallIndex(MANY_SUBJECTS);
  });
  after(async () => {
    await one?.close();
    await many?.close();
  });

  const ask = (index: CorpusIndex, question: string) => analyzeQuery(question, lexiconOf(index), defaultSettings.analysis);
  const passageOf = (index: CorpusIndex, words: string) => index.passages.findIndex((p) => p.text.includes(words));

  it('GIVEN articles that all name Russia and China THEN those two are its subject words, and the word of one article is not', () => {
    const query = ask(one.index, 'روسيا والصين والغاز');
    const labels = [...subjectConcepts(one.index, query, SUBJECT.share)].map((i) => query.concepts[i]!.label);
    assert.deepEqual(labels.sort(), ['روسيا', 'والصين'].sort(), `concepts ${query.concepts.map((c) => c.label).join(', ')}`);
  });

  it('GIVEN articles of many subjects THEN no word of the question is a subject word', () => {
    const query = ask(many.index, 'التجارة والغاز واللقاحات');
    assert.equal(subjectConcepts(many.index, query, SUBJECT.share).size, 0, query.concepts.map((c) => c.label).join(', '));
  });

  it('GIVEN a question on the subject about something absent (space) THEN a passage holding only Russia and China counts no words, unless the dense search ranks it first', async () => {
    const query = ask(one.index, 'تعاون روسيا والصين في الفضاء');
    const olympics = passageOf(one.index, 'الأولمبية');
    const trade = passageOf(one.index, 'التجارة');
    assert.ok(olympics >= 0 && trade >= 0, `passages ${one.index.passages.map((p) => p.text).join(' | ')}`);
    // The dense search ranks the trade passage first and the Olympics one third (beyond SUBJECT.denseRank).
    const [low, high] = [olympics, trade];
    const judged = await judgePassages(one.index, query, [low, high], denseOrder([high, 99, low]), () => [], SUBJECT);
    const byDoc = new Map(judged.map((j) => [j.doc, j]));
    assert.equal(byDoc.get(low)!.words, 0, `words ${byDoc.get(low)!.words} for a passage holding only the subject words`);
    assert.ok(byDoc.get(high)!.words > 0, `words ${byDoc.get(high)!.words} for the same words in the dense search's first passage`);
    // Both still hold the words (the lone-word rule and the header see them).
    assert.equal(byDoc.get(low)!.wordsHeld, 2);
  });

  it('GIVEN a passage holding a word of the question beyond the subject (gas) THEN that word counts wherever the dense search ranks it', async () => {
    const query = ask(one.index, 'روسيا والصين والغاز');
    const gas = passageOf(one.index, 'الغاز');
    const [judged] = await judgePassages(one.index, query, [gas], denseOrder([98, 99, gas]), () => [], SUBJECT);
    assert.ok(judged!.words > 0 && judged!.words < 1, `words ${judged!.words}: gas counts, Russia and China do not`);
    const [withoutRule] = await judgePassages(one.index, query, [gas], denseOrder([98, 99, gas]), () => [], null);
    assert.equal(withoutRule!.words, 1, 'every word of the question is in the passage');
  });

  it('GIVEN no dense search (lexical-only) and a question with a word beyond the subject (gas) THEN the subject words count for their reduced weight in every passage: no dense search says where they answer', async () => {
    const query = ask(one.index, 'روسيا والصين والغاز');
    const olympics = passageOf(one.index, 'الأولمبية');
    const [reduced] = await judgePassages(one.index, query, [olympics], null, () => [], SUBJECT);
    const [full] = await judgePassages(one.index, query, [olympics], null, () => [], { ...SUBJECT, lexicalWeight: 1 });
    assert.ok(full!.words > 0, `words ${full!.words} at full weight`);
    assert.ok(Math.abs(reduced!.words - full!.words / 2) < 1e-9, `words ${reduced!.words}: half of ${full!.words}, the passage holding only subject words`);
    assert.equal(reduced!.wordsHeld, 2, 'both words are still held (the header names them)');
  });

  it('GIVEN no dense search and a question whose every word the articles hold is a subject word (space is in none) THEN they count in full: they are all the evidence there is', async () => {
    const query = ask(one.index, 'روسيا والصين في الفضاء');
    const [judged] = await judgePassages(one.index, query, [passageOf(one.index, 'الأولمبية')], null, () => [], SUBJECT);
    const [full] = await judgePassages(one.index, query, [passageOf(one.index, 'الأولمبية')], null, () => [], { ...SUBJECT, lexicalWeight: 1 });
    assert.ok(judged!.words > 0, `words ${judged!.words}`);
    assert.equal(judged!.words, full!.words, 'the same as at full weight');
  });

  it('GIVEN no dense search and a subject word the route established (a speaker’s quote) THEN it counts in full', async () => {
    const query = ask(one.index, 'روسيا والصين');
    const olympics = passageOf(one.index, 'الأولمبية');
    const [established] = await judgePassages(one.index, query, [olympics], null, () => query.concepts.map((_, i) => i), SUBJECT);
    assert.equal(established!.words, 1, `words ${established!.words}`);
  });
});

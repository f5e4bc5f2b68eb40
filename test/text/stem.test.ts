import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeText } from '../../src/text/normalize.ts';
import { stemArabic, stemEnglish } from '../../src/text/stem.ts';

/** Stems as the index does: normalised first. */
const stem = (word: string) => stemArabic(normalizeText(word));

function assertSameStem(words: string[]): void {
  const stems = words.map(stem);
  assert.equal(new Set(stems).size, 1, `expected one stem for ${words.join(' / ')}, got ${stems.join(' / ')}`);
}

describe('stemArabic', () => {
  it('joins the adjective, the article form and the bare noun: الصينية / الصين / صيني', () => {
    assertSameStem(['الصينية', 'الصين', 'صيني']);
  });

  it('joins a plural with a conjunction and a pronoun to its singular: وتصريحاته / تصريحات / تصريح', () => {
    assertSameStem(['وتصريحاته', 'تصريحات', 'تصريح']);
  });

  it('joins a preposition+article plural to its singular: للصحفيين / الصحفيون / والصحفيين / صحفي', () => {
    assertSameStem(['للصحفيين', 'الصحفيون', 'والصحفيين', 'صحفي']);
  });

  it('joins the dual to the singular: الرئيسان / الرئيس / رئيس', () => {
    assertSameStem(['الرئيسان', 'الرئيس', 'رئيس']);
  });

  it('joins feminine plurals with attached prepositions to the singular: بالعلاقات / العلاقات / علاقة', () => {
    assertSameStem(['بالعلاقات', 'العلاقات', 'علاقة']);
    assertSameStem(['المحادثات', 'محادثة']);
  });

  it('strips possessive pronouns: مساعدها / مساعد, كتابهما / كتاب', () => {
    assertSameStem(['مساعدها', 'مساعد']);
    assertSameStem(['كتابهما', 'كتاب']);
  });

  it('strips the conjunction و from a name: وبكين / بكين', () => {
    assertSameStem(['وبكين', 'بكين']);
  });

  it('keeps short words whole', () => {
    for (const word of ['من', 'في', 'هو', 'مع', 'كان', 'بين', 'ولد', 'إلى']) {
      assert.equal(stem(word), normalizeText(word), word);
    }
  });

  it('never cuts a word below two letters', () => {
    for (const word of ['الى', 'لها', 'وان', 'بين', 'هما', 'كما', 'الان']) {
      assert.ok(stem(word).length >= 2, `${word} -> ${stem(word)}`);
    }
  });

  it('keeps a transliterated name that carries no affix intact: أوشاكوف', () => {
    assert.equal(stem('أوشاكوف'), 'اوشاكوف');
  });

  it('keeps different words apart', () => {
    assert.notEqual(stem('الصين'), stem('روسيا'));
    assert.notEqual(stem('الرئيس'), stem('الصحفيين'));
  });
});

describe('stemEnglish', () => {
  it('joins plurals to singulars: talks / talk, countries / country', () => {
    assert.equal(stemEnglish('talks'), stemEnglish('talk'));
    assert.equal(stemEnglish('countries'), stemEnglish('country'));
    assert.equal(stemEnglish('says'), 'say');
  });

  it('leaves words ending in ss or us, and short words, as they are', () => {
    assert.equal(stemEnglish('class'), 'class');
    assert.equal(stemEnglish('status'), 'status');
    assert.equal(stemEnglish('gas'), 'gas');
    assert.equal(stemEnglish('is'), 'is');
  });
});

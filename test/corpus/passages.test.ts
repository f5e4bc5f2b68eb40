import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { splitIntoPassages, type DocumentPassages } from '../../src/corpus/passages.ts';
import { defaultSettings } from '../../src/settings.ts';
import { readCorpus, type SourceDocument } from '../../src/corpus/read-corpus.ts';
import { normalizeText, tokenize } from '../../src/text/normalize.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import { observed } from '../support/observed.ts';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

function documentOf(file: string, text: string): SourceDocument {
  return { file, text, lines: text.split('\n'), hash: createHash('sha256').update(text).digest('hex') };
}

const words = (text: string) => tokenize(normalizeText(text)).length;

describe('splitIntoPassages', () => {
  describe('GIVEN the seed articles', () => {
    let documents: SourceDocument[];
    let result: DocumentPassages[];

    before(async () => {
      ({ documents } = await readCorpus(SEEDS));
      result = splitIntoPassages(documents, defaultSettings.passages);
    });

    it('gives every file passages', () => {
      assert.equal(result.length, 5);
      for (const doc of result) assert.ok(doc.passages.length >= 8, `${doc.file}: ${doc.passages.length} passages`);
    });

    it('quotes every passage exactly as the trimmed line at lineStart in its file', () => {
      for (const [i, doc] of result.entries()) {
        const lines = documents[i]!.lines;
        for (const passage of doc.passages) {
          assert.equal(passage.file, doc.file);
          assert.equal(passage.lineEnd, passage.lineStart);
          assert.equal(passage.text, lines[passage.lineStart - 1]!.trim(), passage.id);
        }
      }
    });

    it('cites the line numbers a reader sees: Ushakov on the gas deals is line 19 of 003', () => {
      const passage = result[3]!.passages.find((p) => p.text.includes('اتفاقيات الغاز قيد الإعداد'));
      assert.equal(passage?.file, '003_e1704f5e1c1310a5.txt');
      assert.equal(passage?.lineStart, 19);
    });

    it('handles paragraphs separated by single newlines (000) and by blank lines (004) alike', () => {
      assert.deepEqual(result[0]!.passages.slice(0, 4).map((p) => p.lineStart), [1, 2, 3, 6]);
      assert.deepEqual(result[4]!.passages.slice(0, 4).map((p) => p.lineStart), [1, 7, 9, 11]);
    });

    it('gives each passage its id, sentences and text hash', () => {
      for (const passage of result.flatMap((doc) => doc.passages)) {
        assert.equal(passage.id, `${passage.file}#L${passage.lineStart}`);
        assert.deepEqual(passage.sentences, splitSentences(passage.text));
        assert.equal(passage.hash, createHash('sha256').update(passage.text).digest('hex'));
      }
    });

    it('takes the headline as the title, skipping a site name and a section label (003)', () => {
      assert.equal(result[3]!.title, 'سنقاوم: أعلام بوتين توحد الجبهة الصينية الروسية ضد العقوبات');
      const titles = result[3]!.passages.filter((p) => p.isTitle);
      assert.deepEqual(titles.map((p) => p.lineStart), [5]);
      assert.equal(result[4]!.title, 'يرفض شي وبوتين “التدخل” الأمريكي ويتعهدان بتعاون صناعي أقوى');
      assert.equal(result[0]!.title, documents[0]!.lines[0]);
    });

    it('marks exactly one passage per file as the title', () => {
      for (const doc of result) assert.equal(doc.passages.filter((p) => p.isTitle).length, 1, doc.file);
    });

    it('drops the subscribe box, the sign-in label and the by-line (000) but keeps the article', () => {
      assert.deepEqual(result[0]!.droppedLines, [4, 5, 9, 18, 19, 20, 21]);
    });
  });

  describe('GIVEN a paragraph longer than maxPassageWords', () => {
    let paragraph: string;
    let result: DocumentPassages;

    before(async () => {
      // Real sentences from the seeds, run together into one over-long line, with the file's own
      // irregular spacing between them.
      const { documents } = await readCorpus(SEEDS);
      const sentences = documents
        .flatMap((doc) => doc.lines)
        .flatMap((line) => splitSentences(line).map((span) => line.slice(span.start, span.end)))
        .filter((sentence) => words(sentence) >= 8 && words(sentence) <= 40)
        .slice(0, 30);
      paragraph = sentences.map((s, i) => (i % 3 === 2 ? `${s}  ` : `${s} `)).join('').trim();
      assert.ok(words(paragraph) > defaultSettings.passages.maxPassageWords, `words(paragraph): ${observed(words(paragraph))}; defaultSettings.passages.maxPassageWords: ${observed(defaultSettings.passages.maxPassageWords)}`);
      result = splitIntoPassages([documentOf('long.txt', `عنوان الخبر الطويل جدا\n\n${paragraph}\n`)], defaultSettings.passages)[0]!;
    });

    it('splits it into several pieces, none over maxPassageWords', () => {
      const pieces = result.passages.filter((p) => !p.isTitle);
      assert.ok(pieces.length >= 2, `${pieces.length} pieces`);
      for (const piece of pieces) assert.ok(words(piece.text) <= defaultSettings.passages.maxPassageWords, `${words(piece.text)} words`);
    });

    it('cuts only at sentence ends, each piece verbatim from the line, together covering it', () => {
      const pieces = result.passages.filter((p) => !p.isTitle);
      let at = 0;
      for (const piece of pieces) {
        const start = paragraph.indexOf(piece.text, at);
        assert.ok(start >= at, `piece ${piece.id} is not verbatim from the paragraph`);
        assert.match(paragraph.slice(at, start), /^\s*$/);
        assert.match(piece.text, /[.؟!؛…”"»)]$/, `piece ${piece.id} does not end a sentence`);
        at = start + piece.text.length;
      }
      assert.equal(at, paragraph.length);
    });

    it('cites every piece at the paragraph\'s line, with numbered ids', () => {
      const pieces = result.passages.filter((p) => !p.isTitle);
      pieces.forEach((piece, i) => {
        assert.equal(piece.lineStart, 3);
        assert.equal(piece.lineEnd, 3);
        assert.equal(piece.id, `long.txt#L3.${i + 1}`);
      });
    });

    it('cuts a single sentence longer than the limit between words, verbatim, counting words as the limit does', () => {
      const sentence = 'في 8 فبراير/شباط 2024 أعلن COVID-19 الرئيس/الزعيم شي/بوتين  عن/مع خطط/برامج جديدة/قديمة كثيرة/قليلة';
      const [doc] = splitIntoPassages([documentOf('one.txt', sentence)], { ...defaultSettings.passages, maxPassageWords: 6 });
      const texts = doc!.passages.map((p) => p.text);
      assert.ok(texts.length >= 3, `texts: ${observed(texts)}`);
      for (const text of texts) {
        assert.ok(words(text) <= 6, `${words(text)} words in ${text}`);
        assert.ok(sentence.includes(text), `not verbatim: ${text}`);
      }
      assert.equal(texts.join(' ').replace(/\s+/g, ' '), sentence.replace(/\s+/g, ' '));
    });
  });
});

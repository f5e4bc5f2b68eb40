/**
 * The compact Unigram model against the tokenizer library's own (`@huggingface/tokenizers`), id
 * for id: on a generated vocabulary built to hit the hard cases (ties, characters outside the
 * vocabulary, surrogate pairs, pieces listed twice), and on the real e5 vocabulary when the
 * model has been fetched.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import { UnigramModel } from '../../src/embed/unigram.ts';
import { packVocabulary, readTokenizerJson } from '../../src/embed/unigram-vocabulary.ts';
import { loadTokenizer } from '../../src/embed/tokenizer.ts';
import { mulberry32 } from '../../src/util/seeded-random.ts';
import { REAL_MODEL_DIR, REAL_MODEL_SKIP } from '../support/real-model.ts';

const META = '\u2581';

/** A small XLM-R-like vocabulary: specials, single characters, words, and pieces that tie. */
function vocabulary(): Array<[string, number]> {
  const pieces: Array<[string, number]> = [['<s>', 0], ['<pad>', 0], ['</s>', 0], ['<unk>', 0], [META, -2]];
  const chars = [...'abcdefghijklmnopqrstuvwxyz', ...'قالوزيرفيمنالرئسخجةت', '𝔘', '😀'];
  chars.forEach((c, i) => pieces.push([c, -9 - (i % 4) * 0.25], [`${META}${c}`, -8 - (i % 3) * 0.25]));
  for (const word of ['the', 'hello', 'world', 'قال', 'وزير', 'الرئيس', 'في', 'من', '𝔘𝔘']) pieces.push([`${META}${word}`, -4]);
  // "ab" + "c" and "a" + "bc" score the same: a tie the library breaks one way.
  pieces.push(['ab', -5], ['bc', -5], ['abc', -10.5], ['el', -6], ['lo', -6]);
  pieces.push(['lo', -3]); // listed twice: the later id counts, as in the library's Map
  pieces.push(['<mask>', 0]);
  return pieces;
}

function tokenizerJson(vocab: Array<[string, number]>) {
  return {
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: true },
    post_processor: null,
    decoder: null,
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  };
}

const TEXTS = [
  'hello world', 'abc', 'abcabc bca', 'hellolo', 'قال وزير الرئيس في من', 'x 漢字 y', '漢字漢字', 'zzz qqq',
  '𝔘𝔘 𝔘x😀', '😀😀 a😀b', '', ' ', 'a  b', 'helloworldhelloworld', 'لا نعم', 'ab bc abc cab',
];

function libraryIds(json: object, text: string): number[] {
  return new Tokenizer(json, {}).encode(text, { add_special_tokens: false }).ids;
}

function oursIds(model: UnigramModel, text: string): number[] {
  // The same pre-tokenization as the library's Metaspace (prepend, spaces to ▁, no split).
  const word = text.length === 0 ? '' : (text.startsWith(' ') ? '' : META) + text.replaceAll(' ', META);
  const ids: number[] = [];
  model.encode([word], ids);
  return ids;
}

describe('UnigramModel', () => {
  describe('GIVEN a vocabulary with ties, unknown characters, surrogate pairs and a piece listed twice', () => {
    const vocab = vocabulary();
    const json = tokenizerJson(vocab);
    const model = new UnigramModel(packVocabulary(vocab), 3);

    for (const text of TEXTS) {
      it(`THEN segments ${JSON.stringify(text)} exactly as the library does`, () => {
        assert.deepEqual(oursIds(model, text), libraryIds(json, text));
      });
    }

    it('THEN makes a run of unknown characters one <unk>', () => {
      assert.deepEqual(oursIds(model, '漢字漢字'), [vocab.findIndex(([p]) => p === META), 3]);
    });

    it('THEN agrees with the library on 2,000 random strings over its alphabet and beyond', () => {
      const random = mulberry32(7);
      const alphabet = [...'abcdeloقالوزير漢 ', '𝔘', '😀'];
      for (let n = 0; n < 2_000; n++) {
        const text = Array.from({ length: 1 + Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('');
        assert.deepEqual(oursIds(model, text), libraryIds(json, text), JSON.stringify(text));
      }
    });

    it('THEN finds pieces by their text, and not partial ones', () => {
      assert.equal(model.idOf(`${META}hello`), vocab.findIndex(([p]) => p === `${META}hello`));
      assert.equal(model.idOf('lo'), vocab.length - 2);
      assert.equal(model.idOf('hel'), -1);
    });
  });

  describe('GIVEN an unk_id outside the vocabulary', () => {
    it('THEN refuses it with a RangeError naming both', () => {
      assert.throws(() => new UnigramModel(packVocabulary([['a', -1]]), 5), { name: 'RangeError', message: 'Unigram: unk_id 5 is outside the vocabulary of 1 pieces' });
    });
  });
});

describe('readTokenizerJson (the vocabulary read from the file\'s bytes)', () => {
  const vocab: Array<[string, number]> = [['<unk>', 0], ['"quoted"', -1.5], ['back\\slash', -2], ['tab\there', -3e-2], ['𝔘', -4], ['عربي', -5], [META, 1e-7]];
  const json = tokenizerJson(vocab);

  it('GIVEN escapes, astral characters, Arabic and exponents, indented or not THEN the same pieces and scores as JSON.parse', () => {
    for (const text of [JSON.stringify(json), JSON.stringify(json, null, 2)]) {
      const read = readTokenizerJson(Buffer.from(text));
      assert.ok(read, 'the layout should be understood');
      assert.deepEqual(read.vocab, packVocabulary(vocab));
      assert.deepEqual(read.json, { ...json, model: { ...json.model, vocab: [] } });
    }
  });

  it('GIVEN a file that is not a Unigram tokenizer, or is broken THEN undefined (the caller parses it whole)', () => {
    const wordPiece = { model: { type: 'WordPiece', vocab: { a: 0 } } };
    for (const text of [JSON.stringify(wordPiece), JSON.stringify(json).slice(0, 60), '{"model":{"type":"Unigram","vocab":[["a",1]]}', 'not json']) {
      assert.equal(readTokenizerJson(Buffer.from(text)), undefined, text);
    }
  });
});

describe('the real e5 vocabulary (250,002 pieces)', { skip: REAL_MODEL_SKIP }, () => {
  it('GIVEN seed passages, questions and odd text THEN our tokenizer gives the library\'s ids', async () => {
    const ours = await loadTokenizer(REAL_MODEL_DIR);
    const library = new Tokenizer(
      JSON.parse(readFileSync(join(REAL_MODEL_DIR, 'tokenizer.json'), 'utf8')) as object,
      JSON.parse(readFileSync(join(REAL_MODEL_DIR, 'tokenizer_config.json'), 'utf8')) as object,
    );
    const seeds = readFileSync(join(import.meta.dirname, '..', '..', 'seeds', '000_cb77782f9c145f20.txt'), 'utf8').split('\n').filter(Boolean);
    const texts = [...seeds.map((line) => `passage: ${line}`), 'query: What did Ushakov say about gas?', 'query: ماذا قال أوشاكوف؟',
      'hello <mask> world', '<s>x</s>', 'x 漢 y 𝔘𝔫𝔦 😀😀 ﷺ', '  leading  spaces\t\n', 'ﻻ من\u200dفي', 'ＨＥＬＬＯ', '\u0000\u0001bad', '🇸🇦🇷🇺'];
    for (const text of texts) assert.deepEqual(ours.encode(text), library.encode(text).ids, JSON.stringify(text.slice(0, 60)));
  });

  it('GIVEN a text longer than 512 tokens THEN 512 ids, </s> kept at the end', async () => {
    const ours = await loadTokenizer(REAL_MODEL_DIR);
    const ids = ours.encode('passage: ' + 'قال الوزير '.repeat(400));
    assert.equal(ids.length, 512);
    assert.equal(ids[0], 0);
    assert.equal(ids.at(-1), 2);
  });
});

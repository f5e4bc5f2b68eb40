/**
 * Text to token ids for the embedding model, from the model folder's tokenizer.json.
 *
 * A sentencepiece (Unigram) tokenizer, the kind multilingual-e5 has, is run here with the
 * tokenizer library's own normalizer and pre-tokenizer and a compact Unigram model (unigram.ts):
 * the library's Unigram would take about 170 MB for e5's 250,000 pieces. Any other kind
 * (WordPiece, BPE, an unusual option) goes through the library's Tokenizer as it is.
 *
 * Long texts are cut to the model's length with the closing special token kept (as Hugging Face's
 * Python tokenizers do), so the model always sees a well-formed sequence.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SequenceNormalizer, SequencePreTokenizer, Tokenizer } from '@huggingface/tokenizers';
import { UnigramModel } from './unigram.ts';
import { packVocabulary, readTokenizerJson, type PackedVocabulary } from './unigram-vocabulary.ts';

export interface TextTokenizer {
  /** The ids of `text` with the model's special tokens, at most maxLength of them. */
  encode(text: string): number[];
  /** The id that fills the rest of a shorter text's row in a batch. */
  readonly padId: number;
  readonly maxLength: number;
}

/** The model length when neither config.json nor tokenizer_config.json says one (BERT's). */
const DEFAULT_MAX_LENGTH = 512;

/** What is read of tokenizer.json. */
interface TokenizerJson {
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  post_processor?: { type?: string; cls?: [string, number]; sep?: [string, number]; single?: TemplatePiece[]; special_tokens?: Record<string, { ids: number[] }> } | null;
  added_tokens?: Array<{ id: number; content: string; lstrip?: boolean; rstrip?: boolean; normalized?: boolean }>;
  model?: { type?: string; vocab?: unknown; unk_id?: number | null; byte_fallback?: boolean };
}

type TemplatePiece = { SpecialToken?: { id: string }; Sequence?: { id: string } };

interface TokenizerConfig {
  pad_token?: string | { content?: string };
  model_max_length?: number;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

/** Reads tokenizer.json, tokenizer_config.json and config.json of a model folder. Throws on unreadable files (the caller says which folder). */
export async function loadTokenizer(folder: string): Promise<TextTokenizer> {
  const config = JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8')) as TokenizerConfig;
  const modelConfig = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8').catch(() => '{}')) as { max_position_embeddings?: number; pad_token_id?: number };
  const maxLength = maxLengthOf(config, modelConfig);
  const bytes = await readFile(join(folder, 'tokenizer.json'));
  // A Unigram vocabulary is read into typed arrays without parsing it (unigram-vocabulary.ts).
  const split = readTokenizerJson(bytes);
  if (split) {
    const compact = compactTokenizer(split.json as TokenizerJson, split.vocab, config, maxLength, modelConfig.pad_token_id);
    if (compact) return compact;
  }
  const json = JSON.parse(bytes.toString('utf8')) as TokenizerJson;
  const vocab = json.model?.type === 'Unigram' && Array.isArray(json.model.vocab) ? packVocabulary(json.model.vocab as Array<[string, number]>) : undefined;
  const compact = vocab ? compactTokenizer(json, vocab, config, maxLength, modelConfig.pad_token_id) : undefined;
  return compact ?? libraryTokenizer(json, config, maxLength, modelConfig.pad_token_id);
}

function maxLengthOf(config: TokenizerConfig, modelConfig: { max_position_embeddings?: number }): number {
  // model_max_length is sometimes a huge placeholder ("no limit"); the position table is the real one.
  const limits = [config.model_max_length, modelConfig.max_position_embeddings].filter((n): n is number => Number.isInteger(n) && n! > 0 && n! < 100_000);
  return limits.length > 0 ? Math.min(...limits) : DEFAULT_MAX_LENGTH;
}

/** The Unigram path, or undefined when this tokenizer needs something it does not do. */
function compactTokenizer(json: TokenizerJson, vocab: PackedVocabulary, config: TokenizerConfig, maxLength: number, padIdFromConfig: number | undefined): TextTokenizer | undefined {
  const { model } = json;
  if (model?.type !== 'Unigram' || model.byte_fallback || config.remove_space || config.do_lowercase_and_remove_accent) return undefined;
  const specials = specialTokens(json.post_processor);
  if (!specials) return undefined;
  const unigram = new UnigramModel(vocab, model.unk_id ?? 0);
  const normalizer = json.normalizer ? new SequenceNormalizer({ type: 'Sequence', normalizers: [json.normalizer] }) : null;
  const preTokenizer = json.pre_tokenizer ? new SequencePreTokenizer({ type: 'Sequence', pretokenizers: [json.pre_tokenizer] }) : null;
  const added = (json.added_tokens ?? []).filter((token) => token.content.length > 0);
  const splitter = added.length > 0 ? new RegExp(`(${added.map((t) => escapeRegExp(t.content)).sort((a, b) => b.length - a.length).join('|')})`) : null;
  const addedIds = new Map(added.map((token) => [token.content, token]));
  const room = maxLength - specials.before.length - specials.after.length;
  const padId = padIdOf(config, padIdFromConfig, (piece) => addedIds.get(piece)?.id ?? unigram.idOf(piece));

  return {
    padId,
    maxLength,
    encode(text) {
      const ids: number[] = [];
      // Added tokens (<s>, <mask>, …) written in the text are those tokens, as in the library.
      const sections = splitter ? text.split(splitter) : [text];
      for (const [i, token] of sections.entries()) {
        const special = addedIds.get(token);
        if (!special) continue;
        if (special.lstrip && i > 0) sections[i - 1] = sections[i - 1]!.trimEnd();
        if (special.rstrip && i < sections.length - 1) sections[i + 1] = sections[i + 1]!.trimStart();
      }
      for (const [index, section] of sections.entries()) {
        if (section.length === 0) continue;
        const special = addedIds.get(section);
        if (special) {
          ids.push(special.id);
          continue;
        }
        const normalized = normalizer ? normalizer.normalize(section) : section;
        if (normalized.length === 0) continue;
        unigram.encode(preTokenizer ? preTokenizer.pre_tokenize_text(normalized, { section_index: index }) : [normalized], ids);
      }
      if (ids.length > room) ids.length = Math.max(0, room);
      return [...specials.before, ...ids, ...specials.after];
    },
  };
}

/** Everything else: the library's Tokenizer, cut to maxLength the same way. */
function libraryTokenizer(json: TokenizerJson, config: TokenizerConfig, maxLength: number, padIdFromConfig: number | undefined): TextTokenizer {
  const tokenizer = new Tokenizer(json, config);
  const specials = specialTokens(json.post_processor) ?? { before: [], after: [] };
  const padId = padIdOf(config, padIdFromConfig, (piece) => tokenizer.token_to_id(piece) ?? -1);
  return {
    padId,
    maxLength,
    encode(text) {
      const ids = tokenizer.encode(text).ids;
      if (ids.length <= maxLength) return ids;
      // Keep the closing special tokens: cut the text's own tokens, not the end of the sequence.
      return [...ids.slice(0, maxLength - specials.after.length), ...ids.slice(ids.length - specials.after.length)];
    },
  };
}

/** The ids put before and after a single text by the post-processor, or undefined for a kind not known here. */
function specialTokens(postProcessor: TokenizerJson['post_processor']): { before: number[]; after: number[] } | undefined {
  if (!postProcessor) return { before: [], after: [] };
  switch (postProcessor.type) {
    case 'RobertaProcessing':
    case 'BertProcessing': {
      if (!postProcessor.cls || !postProcessor.sep) return undefined;
      return { before: [postProcessor.cls[1]], after: [postProcessor.sep[1]] };
    }
    case 'TemplateProcessing': {
      const single = postProcessor.single ?? [];
      const at = single.findIndex((piece) => piece.Sequence);
      if (at < 0) return undefined;
      const ids = (pieces: TemplatePiece[]) => pieces.flatMap((piece) => postProcessor.special_tokens?.[piece.SpecialToken?.id ?? '']?.ids ?? []);
      return { before: ids(single.slice(0, at)), after: ids(single.slice(at + 1)) };
    }
    default:
      return undefined;
  }
}

function padIdOf(config: TokenizerConfig, fromModelConfig: number | undefined, idOf: (piece: string) => number): number {
  const piece = typeof config.pad_token === 'string' ? config.pad_token : config.pad_token?.content;
  const id = piece !== undefined ? idOf(piece) : -1;
  if (id >= 0) return id;
  return fromModelConfig ?? 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

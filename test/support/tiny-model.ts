/**
 * Generates a tiny BERT-like model folder that the embedder loads like a published one, so tests exercise the
 * real loading and inference code without downloading weights (build machines have no network).
 *
 * The model is a single ONNX node: Gather(embedding table, input_ids) -> last_hidden_state. Its
 * vectors carry no meaning; `config.json` says `"fixture": true` so the engine can tell.
 *
 * Script form: `node --import tsx test/support/tiny-model.ts <dir>` writes `<dir>/tiny-bert-fixture/`.
 */
import { mulberry32 } from '../../src/util/seeded-random.ts';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Folder name of the fixture under the models root; also its model id. */
export const TINY_MODEL_ID = 'tiny-bert-fixture';
/** Width of the fixture's vectors. */
export const TINY_MODEL_DIMENSION = 32;

export interface TinyModel {
  /** Parent folder: what `env.localModelPath` points at. */
  modelsRoot: string;
  /** Folder name under modelsRoot: what `pipeline()` is given. */
  modelId: string;
  /** The folder itself (config.json, tokenizer.json, onnx/…): what MODEL_DIR points at. */
  modelDir: string;
}

/**
 * Writes the fixture under `rootDir` unless an identical copy is already there. Safe to call from
 * every test file: files are generated deterministically, compared, and replaced atomically.
 */
export async function ensureTinyModel(rootDir: string): Promise<TinyModel> {
  const modelsRoot = resolve(rootDir);
  const modelDir = join(modelsRoot, TINY_MODEL_ID);
  const vocab = buildVocab();
  const onnxBytes = buildOnnxModel(vocab.length, TINY_MODEL_DIMENSION);

  const files: Record<string, Uint8Array | string> = {
    'config.json': json(buildConfig(vocab.length)),
    'tokenizer.json': json(buildTokenizerJson(vocab)),
    'tokenizer_config.json': json(buildTokenizerConfig()),
    // The embedder reads onnx/model_quantized.onnx when quantized (its default), else model.onnx.
    'onnx/model.onnx': onnxBytes,
    'onnx/model_quantized.onnx': onnxBytes,
  };
  for (const [name, content] of Object.entries(files)) {
    await writeIfChanged(join(modelDir, name), content);
  }
  return { modelsRoot, modelId: TINY_MODEL_ID, modelDir };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary and tokenizer

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

function charRange(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String.fromCodePoint(c));
  return out;
}

/**
 * A few hundred WordPiece entries: every ASCII letter, Arabic letter and digit both as a word
 * start and as a `##` continuation, so any word tokenises without [UNK]; plus some whole words and
 * suffixes so tokenisation is not purely per-character.
 */
function buildVocab(): string[] {
  const punctuation = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', '،', '؛', '؟', '«', '»'];
  const digits = [...charRange(0x30, 0x39), ...charRange(0x660, 0x669)]; // 0-9, ٠-٩
  const latin = charRange(0x61, 0x7a); // a-z (the normaliser lowercases)
  // Arabic letters hamza..ghain and feh..yeh; tatweel (U+0640) is skipped on purpose.
  const arabic = [...charRange(0x621, 0x63a), ...charRange(0x641, 0x64a)];
  const letters = [...digits, ...latin, ...arabic];
  // The tokenizer library's BertNormalizer only strips U+0300-U+036F, so Arabic harakat and the hamza
  // marks NFD splits off (أ -> ا + U+0654) survive normalisation; give them continuation pieces.
  const arabicMarks = [...charRange(0x64b, 0x655), '\u0670'];
  const words = [
    'the', 'and', 'of', 'to', 'in', 'is', 'for', 'on', 'that', 'with', 'was', 'said', 'news',
    'query', 'passage', 'minister', 'government', 'president',
    'في', 'من', 'على', 'الى', 'عن', 'مع', 'ان', 'هذا', 'التي', 'الذي', 'قال', 'ال', 'و',
    'وزير', 'رئيس', 'حكومة', 'مصر', 'اليوم',
  ];
  const suffixes = ['##ing', '##ed', '##s', '##er', '##ly', '##tion', '##ال', '##ة', '##ات', '##ون', '##ين', '##ها'];
  const all = [...SPECIAL_TOKENS, ...punctuation, ...letters, ...[...letters, ...arabicMarks].map((l) => `##${l}`), ...words, ...suffixes];
  return [...new Set(all)];
}

function buildTokenizerJson(vocab: string[]): unknown {
  const id = (token: string): number => vocab.indexOf(token);
  const special = (token: string) => ({ id: token, ids: [id(token)], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    // Same pipeline as bert-base-multilingual-uncased: lowercase and strip accents (which also drops
    // Arabic harakat), split on whitespace and punctuation, then greedy longest-match WordPiece.
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };
}

function buildTokenizerConfig(): unknown {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}

function buildConfig(vocabSize: number): unknown {
  return {
    _name_or_path: TINY_MODEL_ID,
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: TINY_MODEL_DIMENSION,
    vocab_size: vocabSize,
    max_position_embeddings: 512,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    // Read by the embedder (Embedder.isFixture): vectors from this model mean nothing.
    fixture: true,
  };
}

// ---------------------------------------------------------------------------------------------
// ONNX graph


/**
 * One Gather node looking token ids up in a [vocab x dim] table. attention_mask and token_type_ids
 * are declared but unused: the embedder feeds exactly the inputs the session declares, and a
 * BERT model declares these three.
 */
function buildOnnxModel(vocabSize: number, dim: number): Uint8Array {
  const { DataType } = onnx.TensorProto;
  const random = mulberry32(20240601);
  const table = new Float32Array(vocabSize * dim);
  for (let i = 0; i < table.length; i++) table[i] = random() * 2 - 1;

  const int64Input = (name: string) => ({
    name,
    type: {
      tensorType: {
        elemType: DataType.INT64,
        shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] },
      },
    },
  });

  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'news-quote-bot test fixture',
    graph: {
      name: 'tiny_bert_fixture',
      initializer: [
        {
          name: 'embeddings',
          dims: [vocabSize, dim],
          dataType: DataType.FLOAT,
          // ONNX raw_data is little-endian; so is every machine this runs on.
          rawData: new Uint8Array(table.buffer),
        },
      ],
      node: [
        {
          opType: 'Gather',
          name: 'embedding_lookup',
          input: ['embeddings', 'input_ids'],
          output: ['last_hidden_state'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
      input: [int64Input('input_ids'), int64Input('attention_mask'), int64Input('token_type_ids')],
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: {
              elemType: DataType.FLOAT,
              shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: dim }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

// ---------------------------------------------------------------------------------------------
// Files

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function writeIfChanged(path: string, content: Uint8Array | string): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const existing = await readFile(path).catch(() => undefined);
  if (existing?.equals(bytes)) return;
  await mkdir(resolve(path, '..'), { recursive: true });
  // Write then rename, so a concurrent reader never sees a half-written file.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

// Script form: `node --import tsx test/support/tiny-model.ts <dir>`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx test/support/tiny-model.ts <dir>');
    process.exit(2);
  }
  const model = await ensureTinyModel(dir);
  console.log(`tiny model written to ${model.modelDir}`);
}

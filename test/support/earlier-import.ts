/**
 * A model folder as `npm run model -- import` wrote it before the 4-bit blocks were kept at run
 * time (import format 1): every Q4_0 matrix stored as int8 codes and f32 scales, dequantized by
 * Cast and Mul, standard ONNX operators only, and no `import_format` in config.json. Folders
 * like it are on users' disks; the Embedder must still load them (and advise a re-import).
 * The graph is the one that importer built, kept here to make such folders.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { additiveAttentionMask, DataType, gelu, GraphBuilder, layerNorm, positionIds, selfAttention } from '../../src/embed/model/onnx-graph.ts';
import { Q4_BLOCK, type E5sModel, type E5sTensor, type F32Tensor, type Q4Tensor } from '../../src/embed/model/read-e5s.ts';
import { writeOnnxModel } from '../../src/embed/model/write-onnx.ts';

/** Turns a folder the current importer wrote (from `model`) into one the earlier importer wrote. */
export async function makeEarlierImport(folder: string, model: E5sModel): Promise<void> {
  await writeOnnxModel(join(folder, 'onnx', 'model_quantized.onnx'), earlierGraph(model), {
    inputs: ['input_ids', 'attention_mask'],
    outputWidth: model.header.hiddenSize,
    producerName: 'news-quote-bot model import (format 1)',
    opset: 14,
  });
  const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  delete config.import_format;
  await writeFile(join(folder, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

function earlierGraph(model: E5sModel): GraphBuilder {
  const { header } = model;
  const H = header.hiddenSize;
  const g = new GraphBuilder();
  const f32 = (name: string): string => {
    const t = tensor(model, name, 'f32') as F32Tensor;
    return g.constant(name, [t.count], t.values);
  };
  const words = gatherQ4Rows(g, tensor(model, 'emb.word', 'q4') as Q4Tensor, H);
  const pos = tensor(model, 'emb.pos', 'f32') as F32Tensor;
  const positions = g.op1('Gather', [g.constant('emb.pos', [header.maxPositions, H], pos.values), positionIds(g, header.maxPositions)], { axis: 0 });
  const type0 = g.constant('emb.type0', [H], (tensor(model, 'emb.type', 'f32') as F32Tensor).values.slice(0, H));
  let hidden = layerNorm(g, g.op1('Add', [words, g.op1('Add', [positions, type0])]), f32('emb.ln.w'), f32('emb.ln.b'), header.layerNormEps);
  const mask = additiveAttentionMask(g);
  const F = header.intermediateSize;
  for (let l = 0; l < header.numLayers; l++) {
    const linear = (x: string, name: string, inDim: number, outDim: number) =>
      g.op1('Add', [g.op1('MatMul', [x, q4Matrix(g, model, `l${l}.${name}.w`, outDim, inDim)]), f32(`l${l}.${name}.b`)]);
    const context = selfAttention(g, linear(hidden, 'q', H, H), linear(hidden, 'k', H, H), linear(hidden, 'v', H, H), mask, H, header.numHeads);
    hidden = layerNorm(g, g.op1('Add', [hidden, linear(context, 'ao', H, H)]), f32(`l${l}.aln.w`), f32(`l${l}.aln.b`), header.layerNormEps);
    const up = gelu(g, linear(hidden, 'fi', H, F));
    hidden = layerNorm(g, g.op1('Add', [hidden, linear(up, 'fo', F, H)]), f32(`l${l}.oln.w`), f32(`l${l}.oln.b`), header.layerNormEps);
  }
  g.nodes.at(-1)!.output = ['last_hidden_state'];
  return g;
}

function tensor(model: E5sModel, name: string, kind: E5sTensor['kind']): E5sTensor {
  const t = model.tensors.get(name);
  if (!t || t.kind !== kind) throw new Error(`earlier import: tensor ${name} (${kind}) is missing`);
  return t;
}

function q4Matrix(g: GraphBuilder, model: E5sModel, name: string, outDim: number, inDim: number): string {
  const t = tensor(model, name, 'q4') as Q4Tensor;
  const blocks = inDim / Q4_BLOCK;
  const codes = g.constant(`${name}.codes`, [outDim, blocks, Q4_BLOCK], t.codes);
  const scales = g.constant(`${name}.scales`, [outDim, blocks, 1], t.scales);
  const values = g.op1('Mul', [g.op1('Cast', [codes], { to: DataType.FLOAT }), scales]);
  return g.op1('Transpose', [g.op1('Reshape', [values, g.int64s(`${name}.shape`, [outDim, inDim])])], { perm: [1, 0] });
}

function gatherQ4Rows(g: GraphBuilder, t: Q4Tensor, width: number): string {
  const blocks = width / Q4_BLOCK;
  const codes = g.constant(`${t.name}.codes`, [t.count / width, blocks, Q4_BLOCK], t.codes);
  const scales = g.constant(`${t.name}.scales`, [t.count / width, blocks, 1], t.scales);
  const rowCodes = g.op1('Cast', [g.op1('Gather', [codes, 'input_ids'], { axis: 0 })], { to: DataType.FLOAT });
  const values = g.op1('Mul', [rowCodes, g.op1('Gather', [scales, 'input_ids'], { axis: 0 })]);
  return g.op1('Reshape', [values, g.int64s(`${t.name}.shape`, [0, 0, width])]);
}

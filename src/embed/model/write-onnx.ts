/**
 * Writes an ONNX model file with the big tensors streamed: protobuf by hand around them, so a
 * 100 MB table goes from its generator to the disk in chunks instead of into one encoded buffer.
 */
import { open, rename } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { DataType, type Graph } from './onnx-graph.ts';

const { onnx } = onnxProto;

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_RAW_DATA = 9;
const LENGTH_DELIMITED = 2;

export interface OnnxModelInfo {
  /** int64 [batch_size, sequence_length] inputs, in order. */
  inputs: string[];
  /** Width of the float32 [batch_size, sequence_length, width] output `last_hidden_state`. */
  outputWidth: number;
  producerName: string;
  opset: number;
  /** Called with the bytes written so far and the total, for a progress bar. */
  onProgress?: (written: number, total: number) => void;
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

const tag = (field: number): Uint8Array => varint((field << 3) | LENGTH_DELIMITED);

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/**
 * A ModelProto is its other fields followed by field 7 (the graph); a GraphProto is its other
 * fields followed by one field 5 per initializer; a TensorProto is its header followed by field 9
 * (raw_data). Protobuf allows fields in any order, so only the lengths must be known up front.
 * The file appears under its name only once complete (written to a temporary name, then renamed).
 */
export async function writeOnnxModel(path: string, graph: Graph, info: OnnxModelInfo): Promise<void> {
  const int64Input = (name: string): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: DataType.INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  });
  const graphHead = onnx.GraphProto.encode({
    name: 'main_graph',
    node: graph.nodes,
    input: info.inputs.map(int64Input),
    output: [{
      name: 'last_hidden_state',
      type: {
        tensorType: {
          elemType: DataType.FLOAT,
          shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: info.outputWidth }] },
        },
      },
    }],
  }).finish();

  const tensors = graph.initializers.map((init) => {
    const header = onnx.TensorProto.encode({ name: init.name, dims: init.dims, dataType: init.dataType }).finish();
    const rawPrefix = concat([tag(TENSOR_RAW_DATA), varint(init.byteLength)]);
    const tensorLength = header.length + rawPrefix.length + init.byteLength;
    return { init, prefix: concat([tag(GRAPH_INITIALIZER), varint(tensorLength), header, rawPrefix]), tensorLength };
  });
  const graphLength = graphHead.length + tensors.reduce((sum, t) => sum + t.prefix.length + t.init.byteLength, 0);
  // Each domain a node uses is imported: onnxruntime's contrib operators are version 1 of theirs.
  const contribDomains = [...new Set(graph.nodes.map((node) => node.domain).filter((domain): domain is string => Boolean(domain)))];
  const modelHead = onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: info.opset }, ...contribDomains.map((domain) => ({ domain, version: 1 }))],
    producerName: info.producerName,
  }).finish();
  const graphTag = concat([tag(MODEL_GRAPH), varint(graphLength)]);
  const total = modelHead.length + graphTag.length + graphLength;

  const tmp = `${path}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  try {
    const pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let written = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await file.write(concat(pending));
      written += pendingBytes;
      pending.length = 0;
      pendingBytes = 0;
      info.onProgress?.(written, total);
    };
    const write = async (bytes: Uint8Array) => {
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= 8 * 1024 * 1024) await flush();
    };
    await write(modelHead);
    await write(graphTag);
    await write(graphHead);
    for (const { init, prefix } of tensors) {
      await write(prefix);
      let produced = 0;
      for (const chunk of init.chunks()) {
        produced += chunk.length;
        await write(chunk);
      }
      if (produced !== init.byteLength) throw new Error(`${init.name} produced ${produced} bytes, expected ${init.byteLength}`);
    }
    await flush();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}

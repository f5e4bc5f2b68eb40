/**
 * A Unigram vocabulary as three typed arrays: every piece's UTF-16 code units back to back, where
 * each piece starts, and its score. Read straight out of tokenizer.json's bytes: parsing that
 * file whole (9 MB, 250,000 [piece, score] pairs) makes a quarter of a million small arrays and
 * strings, about 100 MB of garbage at the moment the embedding worker's memory peaks; even
 * decoding it to one string takes 17 MB.
 */

export interface PackedVocabulary {
  /** Piece i is units[starts[i] .. starts[i + 1]). */
  units: Uint16Array;
  starts: Uint32Array;
  scores: Float64Array;
}

/** From [piece, score] pairs (tokenizer.json's `model.vocab` once parsed). */
export function packVocabulary(vocab: ReadonlyArray<readonly [string, number]>): PackedVocabulary {
  const units = new Uint16Array(vocab.reduce((sum, [piece]) => sum + piece.length, 0));
  const starts = new Uint32Array(vocab.length + 1);
  const scores = new Float64Array(vocab.length);
  let at = 0;
  for (const [id, [piece, score]] of vocab.entries()) {
    starts[id] = at;
    for (let i = 0; i < piece.length; i++) units[at++] = piece.charCodeAt(i);
    scores[id] = score;
  }
  starts[vocab.length] = at;
  return { units, starts, scores };
}

/**
 * Splits tokenizer.json (its UTF-8 bytes) into its Unigram vocabulary, packed, and the rest of
 * the JSON parsed, with `model.vocab` left empty. Undefined when the file is not laid out as
 * expected (the caller then parses it whole).
 */
export function readTokenizerJson(bytes: Uint8Array): { json: Record<string, unknown>; vocab: PackedVocabulary } | undefined {
  const begin = findVocabArray(bytes);
  if (begin < 0) return undefined;
  const scanned = scanPairs(bytes, begin);
  if (!scanned) return undefined;
  let json: Record<string, unknown>;
  try {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    json = JSON.parse(`${utf8.decode(bytes.subarray(0, begin))}[]${utf8.decode(bytes.subarray(scanned.end))}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // The parse of the rest double-checks that what was cut out was model.vocab and nothing else.
  const model = json.model as { type?: unknown; vocab?: unknown } | undefined;
  if (model?.type !== 'Unigram' || !Array.isArray(model.vocab) || model.vocab.length !== 0) return undefined;
  return { json, vocab: scanned.vocab };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * Where `"vocab": [` opens its array (the '['), or -1. The key as a key: a string followed by a
 * colon. Strings inside the vocabulary are followed by a comma, so no piece is taken for it.
 */
function findVocabArray(bytes: Uint8Array): number {
  const key = Buffer.from('"vocab"');
  for (let at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(key); at >= 0;) {
    let next = skipSpace(bytes, at + key.length);
    if (bytes[next] === 0x3a) {
      next = skipSpace(bytes, next + 1);
      if (bytes[next] === OPEN) return next;
    }
    at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(key, at + 1);
  }
  return -1;
}

/** `[["piece", score], …]` from `begin` (at '['); end is just past the closing ']'. */
function scanPairs(bytes: Uint8Array, begin: number): { vocab: PackedVocabulary; end: number } | undefined {
  const units = new Growing(Uint16Array, 1 << 21);
  const starts = new Growing(Uint32Array, 1 << 18);
  const scores = new Growing(Float64Array, 1 << 18);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let at = skipSpace(bytes, begin + 1);
  while (bytes[at] !== CLOSE) {
    if (bytes[at] !== OPEN) return undefined;
    at = skipSpace(bytes, at + 1);
    if (bytes[at] !== QUOTE) return undefined;
    // The piece: up to the next unescaped quote.
    let close = at + 1;
    let escaped = false;
    while (close < bytes.length && bytes[close] !== QUOTE) {
      if (bytes[close] === BACKSLASH) {
        escaped = true;
        close++;
      }
      close++;
    }
    if (close >= bytes.length) return undefined;
    starts.push(units.length);
    if (escaped) {
      // Rare (a quote, a backslash, a control character): let JSON decode it.
      let piece: string;
      try {
        piece = JSON.parse(utf8.decode(bytes.subarray(at, close + 1))) as string;
      } catch {
        return undefined;
      }
      for (let i = 0; i < piece.length; i++) units.push(piece.charCodeAt(i));
    } else if (!appendUtf16(bytes, at + 1, close, units)) {
      return undefined;
    }
    at = skipSpace(bytes, close + 1);
    if (bytes[at] !== COMMA) return undefined;
    at = skipSpace(bytes, at + 1);
    let numberEnd = at;
    while (numberEnd < bytes.length && bytes[numberEnd] !== CLOSE && !isSpace(bytes[numberEnd]!)) numberEnd++;
    const score = Number(String.fromCharCode(...bytes.subarray(at, numberEnd)));
    if (numberEnd === at || !Number.isFinite(score)) return undefined;
    scores.push(score);
    at = skipSpace(bytes, numberEnd);
    if (bytes[at] !== CLOSE) return undefined;
    at = skipSpace(bytes, at + 1);
    if (bytes[at] === COMMA) at = skipSpace(bytes, at + 1);
    else if (bytes[at] !== CLOSE) return undefined;
  }
  starts.push(units.length);
  return { vocab: { units: units.done(), starts: starts.done(), scores: scores.done() }, end: at + 1 };
}

/** Decodes UTF-8 bytes[from, to) into UTF-16 code units; false on malformed input. */
function appendUtf16(bytes: Uint8Array, from: number, to: number, out: Growing<Uint16Array>): boolean {
  for (let i = from; i < to;) {
    const b = bytes[i]!;
    let cp: number;
    let extra: number;
    if (b < 0x80) [cp, extra] = [b, 0];
    else if (b >= 0xc2 && b < 0xe0) [cp, extra] = [b & 0x1f, 1];
    else if (b >= 0xe0 && b < 0xf0) [cp, extra] = [b & 0x0f, 2];
    else if (b >= 0xf0 && b < 0xf5) [cp, extra] = [b & 0x07, 3];
    else return false;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || i + k >= to || (c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    i += extra + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push(0xd800 + (cp >> 10));
      out.push(0xdc00 + (cp & 0x3ff));
    } else {
      out.push(cp);
    }
  }
  return true;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && isSpace(bytes[at]!)) at++;
  return at;
}

type TypedArray = Uint16Array | Uint32Array | Float64Array;

/** A typed array that doubles when full; done() trims it to its length. */
class Growing<T extends TypedArray> {
  length = 0;
  private array: T;
  constructor(private readonly Kind: { new (length: number): T }, capacity: number) {
    this.array = new Kind(capacity);
  }
  push(value: number): void {
    if (this.length === this.array.length) {
      const grown = new this.Kind(this.array.length * 2);
      grown.set(this.array as never);
      this.array = grown;
    }
    this.array[this.length++] = value;
  }
  done(): T {
    return this.array.slice(0, this.length) as T;
  }
}

import { LexicalIndex, type LexicalParts } from './lexical-index.ts';

/**
 * lexical.bin: the BM25 index as its arrays, raw, behind a small JSON header:
 *
 *   "LEX1" | header length (u32 LE) | header JSON, padded with spaces to 4 bytes
 *   | lengths (u32 × documents) | offsets (u32 × terms + 1) | docs (i32 × postings)
 *   | tfs (u16 × postings) | terms (a JSON array of strings, UTF-8)
 *
 * A load takes the arrays as views of the file's bytes: at 100k passages the earlier
 * lexical.json (base64 inside JSON) became ~200 MB of strings and copies on every load.
 * Little-endian, as every machine Node runs on here; the header says so for a reader elsewhere.
 */
const MAGIC = 'LEX1';

interface LexicalHeader {
  params: LexicalParts['params'];
  byteOrder: 'little-endian';
  documents: number;
  terms: number;
  postings: number;
}

/** The file's bytes, in pieces: the arrays are written from where they are held, never copied. */
export function* lexicalFileChunks(index: LexicalIndex): Generator<Uint8Array | string> {
  const parts = index.toParts();
  const header: LexicalHeader = { params: parts.params, byteOrder: 'little-endian', documents: parts.lengths.length, terms: parts.terms.length, postings: parts.docs.length };
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((4 - ((MAGIC.length + 4 + json.length) % 4)) % 4, ' ')]);
  const lead = Buffer.alloc(MAGIC.length + 4);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(json.length, MAGIC.length);
  yield lead;
  yield json;
  for (const array of [parts.lengths, parts.offsets, parts.docs, parts.tfs]) yield new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  yield JSON.stringify(parts.terms);
}

/** Reads lexical.bin's bytes (already checksummed). Throws on a file of another layout or size. */
export function parseLexicalFile(bytes: Buffer): LexicalIndex {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('lexical.bin does not start with its marker');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as LexicalHeader;
  if (header.byteOrder !== 'little-endian') throw new Error(`lexical.bin is ${header.byteOrder}`);
  // Views need their element size's alignment; a Buffer from a pool may start anywhere, so copy once then.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  let at = MAGIC.length + 4 + headerLength;
  const take = <T>(type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, count: number): T => {
    const end = at + count * type.BYTES_PER_ELEMENT;
    if (end > aligned.length) throw new Error('lexical.bin is shorter than its header says');
    const view = new type(aligned.buffer, aligned.byteOffset + at, count);
    at = end;
    return view;
  };
  const lengths = take(Uint32Array, header.documents);
  const offsets = take(Uint32Array, header.terms + 1);
  const docs = take(Int32Array, header.postings);
  const tfs = take(Uint16Array, header.postings);
  const terms = JSON.parse(aligned.toString('utf8', at)) as string[];
  if (terms.length !== header.terms || offsets[header.terms] !== header.postings) throw new Error('lexical.bin does not agree with its header');
  return LexicalIndex.fromParts({ params: header.params, lengths, terms, offsets, docs, tfs });
}

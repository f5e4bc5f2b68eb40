import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Passage } from '../corpus/passages.ts';
import type { StoredPassages } from './corpus-index.ts';

/**
 * passages.jsonl: one line of JSON with everything but the passages (groups, titles, articles,
 * vocabulary, bigrams), then one passage per line. It is written and read a line at a time: at
 * 100k passages the file is ~120 MB, and reading it as one string to parse (the layout of the
 * earlier passages.json) left ~300 MB of garbage in the heap of every bot that loaded it.
 */
export function* passagesFileLines(stored: StoredPassages): Generator<string> {
  const { passages, ...header } = stored;
  yield JSON.stringify(header) + '\n';
  // A thousand passages per write: few system calls, no large string.
  for (let i = 0; i < passages.length; i += 1000) {
    yield passages.slice(i, i + 1000).map((passage) => JSON.stringify(passage) + '\n').join('');
  }
}

const NEWLINE = 0x0a;

/**
 * Reads passages.jsonl line by line, taking its sha256 on the way. Throws on a line that is not
 * JSON or a header without its fields; the caller compares the checksum with the manifest's.
 */
export async function readPassagesFile(file: string): Promise<{ stored: StoredPassages; sha256: string }> {
  const hash = createHash('sha256');
  let header: Omit<StoredPassages, 'passages'> | undefined;
  const passages: Passage[] = [];
  const takeLine = (line: Buffer) => {
    if (line.length === 0) return;
    const value: unknown = JSON.parse(line.toString('utf8'));
    if (header) passages.push(value as Passage);
    else header = checkedHeader(value);
  };
  // UTF-8 never uses the newline byte inside a character, so lines can be cut on bytes.
  let partial: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    const bytes = partial.length > 0 ? Buffer.concat([partial, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      takeLine(bytes.subarray(start, end));
      start = end + 1;
    }
    // A copy: the rest of the chunk is not kept alive by the partial line.
    partial = Buffer.from(bytes.subarray(start));
  }
  takeLine(partial);
  if (!header) throw new Error('the passages file is empty');
  return { stored: { ...header, passages }, sha256: hash.digest('hex') };
}

function checkedHeader(value: unknown): Omit<StoredPassages, 'passages'> {
  const header = value as Partial<StoredPassages> | null;
  if (!header || !Array.isArray(header.groups) || !Array.isArray(header.vocabulary) || !Array.isArray(header.bigrams) || typeof header.titles !== 'object') {
    throw new Error('the first line of the passages file is not its header (groups, titles, vocabulary, bigrams)');
  }
  return header as Omit<StoredPassages, 'passages'>;
}

